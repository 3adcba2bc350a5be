import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import { propertyKeys } from "../../api/queryKeys";
import type { PropertyDetail, PropertyStatus } from "../../api/types";
import { ProblemAlert } from "./ProblemAlert";

/**
 * The manager's moves of the registry workflow: submit a draft, withdraw a submission (SUBMITTED -> DRAFT) to change
 * it, or take a rejected property back to draft to fix it. Each sends the version the page shows (If-Match).
 */
export function Verification({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: (to: PropertyStatus) =>
      data(
        api.POST("/properties/{id}/transitions", {
          params: { path: { id: property.id }, header: { "If-Match": `"${property.version}"` } },
          body: { to },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) }),
  });
  const button = (to: PropertyStatus, label: string, primary = false, disabled = false) => (
    <button
      type="button"
      className={`btn ${primary ? "btn--primary" : "btn--secondary"}`}
      disabled={disabled || move.isPending}
      onClick={() => move.mutate(to)}
    >
      {label}
    </button>
  );
  return (
    <div className="stack" data-testid="verification">
      {property.status === "DRAFT" ? (
        <>
          <p>
            When the details, photos, documents, a valuation and the land title are in, submit the property. A
            compliance officer verifies the title, then the property.
          </p>
          <div className="row">
            {button("SUBMITTED", "Submit for verification", true, !property.title)}
            {!property.title ? <span className="small muted">Record the land title first.</span> : null}
          </div>
        </>
      ) : property.status === "SUBMITTED" ? (
        <>
          <p role="status">Submitted. The compliance team is reviewing it.</p>
          <div>{button("DRAFT", "Withdraw the submission")}</div>
        </>
      ) : property.status === "REJECTED" ? (
        <div>{button("DRAFT", "Back to draft to fix it")}</div>
      ) : null}
      {move.error ? <ProblemAlert error={move.error} title="The status did not change" subject="property" /> : null}
    </div>
  );
}
