import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import { TENURES } from "../../api/enums";
import { newIdempotencyKey } from "../../api/kyc";
import { propertyKeys } from "../../api/queryKeys";
import type { PropertyDetail } from "../../api/types";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { kindLabel } from "./labels";
import { ProblemAlert } from "./ProblemAlert";

function TitleForm({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const deeds = property.documents.filter((d) => d.kind === "TITLE_DEED");
  const [v, setV] = useState<Record<string, string>>({
    jurisdiction: property.address.country,
    tenure: "FREEHOLD",
    instrument: "Deed of sale",
  });
  const set = (k: string) => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value }));
  const save = useMutation({
    mutationFn: () =>
      data(
        api.POST("/properties/{id}/title", {
          params: { path: { id: property.id }, header: { "Idempotency-Key": newIdempotencyKey() } },
          body: {
            // The inputs are required (the browser asks for an empty one); the server checks each value.
            jurisdiction: v["jurisdiction"] ?? "",
            titleNumber: v["titleNumber"] ?? "",
            parcelId: v["parcelId"] ?? "",
            registryOffice: v["registryOffice"] ?? "",
            tenure: TENURES.find((t) => t === v["tenure"]) ?? "FREEHOLD",
            leaseholdExpiresOn: v["tenure"] === "LEASEHOLD" ? v["leaseholdExpiresOn"] : undefined,
            areaSqm: v["areaSqm"] ?? "",
            documentId: v["documentId"] ?? deeds[0]?.id ?? "",
            ownerOfRecord: v["ownerOfRecord"] ?? "",
            acquiredOn: v["acquiredOn"] ?? "",
            instrument: v["instrument"] ?? "",
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) }),
  });
  const text = (k: string, l: string, type = "text") => (
    <Field label={l}>
      {(ids) => <input {...ids} className="input" type={type} value={v[k] ?? ""} onChange={set(k)} required />}
    </Field>
  );
  if (deeds.length === 0)
    return (
      <p className="muted">
        Upload the title deed (kind “Title deed”, in Documents) first; the title record points to it.
      </p>
    );
  return (
    <form
      className="stack"
      aria-label="Record the land title"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="form-grid">
        {text("titleNumber", "Title number")}
        {text("jurisdiction", "Jurisdiction (ISO code)")}
        {text("parcelId", "Parcel id")}
        {text("registryOffice", "Registry office")}
        <Field label="Tenure">
          {(ids) => (
            <select {...ids} className="input" value={v["tenure"]} onChange={set("tenure")}>
              {TENURES.map((t) => (
                <option key={t} value={t}>
                  {kindLabel(t)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {v["tenure"] === "LEASEHOLD" ? text("leaseholdExpiresOn", "Leasehold expires on", "date") : null}
        {text("areaSqm", "Area (m²)")}
        {text("ownerOfRecord", "Owner of record")}
        {text("acquiredOn", "Acquired on", "date")}
        {text("instrument", "Instrument")}
        {deeds.length > 1 ? (
          <Field label="Title deed">
            {(ids) => (
              <select {...ids} className="input" value={v["documentId"] ?? deeds[0]!.id} onChange={set("documentId")}>
                {deeds.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.fileName}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {save.error ? <ProblemAlert error={save.error} title="The title was not recorded" /> : null}
      <div>
        <button type="submit" className="btn btn--secondary" disabled={save.isPending}>
          Record the land title
        </button>
      </div>
    </form>
  );
}

/** The land title: its record and review state, or the form that records it against an uploaded deed. */
export function TitlePanel({ property }: { property: PropertyDetail }) {
  const t = property.title;
  return (
    <section className="panel stack" aria-labelledby="title">
      <h2 id="title">Land title</h2>
      {t ? (
        <>
          <p>
            {t.titleNumber} ({t.jurisdiction}), {t.registryOffice}:{" "}
            <Badge tone={t.status === "VERIFIED" ? "ok" : t.status === "REJECTED" ? "bad" : "warn"}>
              {kindLabel(t.status)}
            </Badge>
          </p>
          <p className="small muted">
            Encumbrances (mortgages, easements) are recorded on the title through the API (
            <code>POST /api/v1/titles/:id/encumbrances</code>); a change of owner of record by a compliance officer.
          </p>
        </>
      ) : (
        <TitleForm property={property} />
      )}
    </section>
  );
}
