import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { RENT_FREQUENCIES } from "../../api/enums";
import { draftLease, leaseKeys, type LeaseDraft } from "../../api/leases";
import type { PropertyDetail } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import { kindLabel } from "./labels";
import { checkLease, type FieldErrors, type LeaseField, type LeaseFormValues } from "./leaseForms";
import { ProblemAlert } from "./ProblemAlert";

const EMPTY: LeaseFormValues = {
  unitId: "",
  tenantName: "",
  tenantEmail: "",
  startDate: "",
  endDate: "",
  rentAmount: "",
  frequency: "MONTHLY",
  dueDay: "1",
  depositAmount: "0",
  escalationPercent: "0",
};

/** Drafts a lease on a unit. A draft changes nothing until it is activated (which generates the rent schedule). */
export function LeaseDraftForm({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<LeaseFormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<LeaseField>>({});
  const draft = useMutation({
    mutationFn: (input: LeaseDraft) => draftLease(api, input),
    onSuccess: async () => {
      setValues(EMPTY);
      await queryClient.invalidateQueries({ queryKey: leaseKeys.list(property.id) });
    },
  });
  const set = (k: LeaseField) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    draft.reset();
    const checked = checkLease(values, { propertyId: property.id, currency: property.currency });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) draft.mutate(checked.value);
  };
  if (property.units.length === 0) return <p className="muted">Add a unit first: a lease is drafted on a unit.</p>;
  const input = (k: LeaseField, label: string, props: Record<string, string> = {}, hint?: string) => (
    <Field label={label} error={errors[k]} hint={hint}>
      {(ids) => <input {...ids} className="input" value={values[k]} onChange={set(k)} {...props} />}
    </Field>
  );
  const problems = Object.values(errors);
  return (
    <form aria-label="Draft a lease" className="stack" onSubmit={submit} noValidate>
      <h3 style={{ margin: 0 }}>Draft a lease</h3>
      <div className="form-grid">
        <Field label="Unit" error={errors.unitId}>
          {(ids) => (
            <select {...ids} className="input" value={values.unitId} onChange={set("unitId")}>
              <option value="">Choose a unit</option>
              {property.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input("tenantName", "Tenant name", { autoComplete: "off" })}
        {input("tenantEmail", "Tenant email (optional)", { type: "email", autoComplete: "off" })}
        {input("startDate", "Start date", { type: "date" })}
        {input("endDate", "End date", { type: "date" }, "The day after the last day of the lease")}
        <Field label="Currency" hint={`Rents of this property are in ${property.currency}`}>
          {(ids) => <input {...ids} className="input" value={property.currency} readOnly />}
        </Field>
        {input("rentAmount", `Rent per period (${property.currency})`, { inputMode: "decimal" })}
        <Field label="Frequency" error={errors.frequency}>
          {(ids) => (
            <select {...ids} className="input" value={values.frequency} onChange={set("frequency")}>
              {RENT_FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {kindLabel(f)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input("dueDay", "Rent due on day", { inputMode: "numeric" }, "1 to 28")}
        {input("depositAmount", `Deposit (${property.currency})`, { inputMode: "decimal" })}
        {input("escalationPercent", "Yearly escalation (%)", { inputMode: "decimal" }, "Applied on each anniversary")}
      </div>
      {problems.length ? (
        <Alert tone="warn" title="Check the lease before drafting it">
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {draft.error ? <ProblemAlert error={draft.error} title="The lease was not drafted" /> : null}
      {draft.isSuccess ? (
        <Alert tone="ok" title="Lease drafted">
          <p>Activate it below to generate its rent schedule.</p>
        </Alert>
      ) : null}
      <div>
        <button type="submit" className="btn btn--primary" disabled={draft.isPending}>
          Draft lease
        </button>
      </div>
    </form>
  );
}
