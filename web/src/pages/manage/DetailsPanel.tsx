import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { ApiError, data } from "../../api/client";
import { propertyKeys } from "../../api/queryKeys";
import type { PropertyDetail, PropertyView } from "../../api/types";
import { formatArea } from "../../format/amounts";
import { locationOf, TYPE_LABELS } from "../marketplace/labels";
import { propertyBody, propertyFieldValues, type PropertyFieldValues } from "./propertyFields";
import { PropertyFieldsInputs } from "./PropertyFieldsInputs";
import { ProblemAlert } from "./ProblemAlert";

/** Descriptive fields may change only in DRAFT or REJECTED (the backend's EDITABLE_STATUSES). */
export const editable = (p: Pick<PropertyView, "status">) => p.status === "DRAFT" || p.status === "REJECTED";

function EditDetails({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<PropertyFieldValues>(() => propertyFieldValues(property));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (v: PropertyFieldValues) =>
      data(
        api.PATCH("/properties/{id}", {
          params: { path: { id: property.id }, header: { "If-Match": `"${property.version}"` } },
          body: propertyBody(v, "update"),
        }),
      ),
    onSuccess: async (updated) => {
      setValues(propertyFieldValues(updated));
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) });
    },
    // A stale version: reload what is stored now so the manager edits the current details.
    onError: (error) =>
      error instanceof ApiError && error.problem.status === 412
        ? queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) })
        : undefined,
  });
  const fieldError = (k: string) =>
    save.error instanceof ApiError
      ? save.error.problem.errors?.find((e) => e.path === `body.${k}`)?.message
      : undefined;
  const changed = JSON.stringify(values) !== JSON.stringify(propertyFieldValues(property));
  return (
    <form
      aria-label="Edit the details"
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate(values);
      }}
    >
      <PropertyFieldsInputs
        values={values}
        onChange={(k, value) => {
          setSaved(false);
          setValues((old) => ({ ...old, [k]: value }));
        }}
        fieldError={fieldError}
      />
      {save.error ? <ProblemAlert error={save.error} title="The details were not saved" subject="property" /> : null}
      <div className="row">
        <button type="submit" className="btn btn--secondary" disabled={!changed || save.isPending}>
          Save details
        </button>
        {saved ? (
          <span className="small" role="status">
            ✓ Details saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** The property's details: editable while a draft (or rejected), read-only once submitted. */
export function DetailsPanel({ property }: { property: PropertyDetail }) {
  const s = property.specifications;
  return (
    <section className="panel stack" aria-labelledby="details">
      <h2 id="details">Details</h2>
      {editable(property) ? (
        <EditDetails property={property} />
      ) : (
        <>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{TYPE_LABELS[property.type]}</dd>
            <dt>Address</dt>
            <dd>
              {property.address.line1}, {locationOf(property.address)}
            </dd>
            <dt>Floor area</dt>
            <dd>{formatArea(s.floorAreaSqm) ?? "—"}</dd>
            <dt>Year built</dt>
            <dd>{s.yearBuilt ?? "—"}</dd>
            <dt>Currency</dt>
            <dd>{property.currency}</dd>
          </dl>
          {property.description ? <p>{property.description}</p> : null}
          <p className="small muted">
            {property.status === "SUBMITTED"
              ? "Submitted details cannot be edited: withdraw the submission to change them."
              : "The details are fixed once the registry verified the property."}
          </p>
        </>
      )}
    </section>
  );
}
