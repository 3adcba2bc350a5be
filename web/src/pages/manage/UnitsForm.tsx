import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { addUnit, leaseKeys, type Lease } from "../../api/leases";
import { propertyKeys } from "../../api/properties";
import type { PropertyDetail } from "../../api/types";
import { formatArea } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { Field } from "../../ui/Field";
import { checkUnit, type FieldErrors, type UnitField } from "./leaseForms";
import { ProblemAlert } from "./ProblemAlert";

const EMPTY: Record<UnitField, string> = { label: "", floorAreaSqm: "", bedrooms: "" };

/** The property's rentable units (what a lease attaches to), with who occupies them, and a form to add one. */
export function UnitsForm({ property, leases }: { property: PropertyDetail; leases: Lease[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<UnitField>>({});
  const add = useMutation({
    mutationFn: (input: Parameters<typeof addUnit>[2]) => addUnit(api, property.id, input),
    onSuccess: async () => {
      setValues(EMPTY);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) }),
        queryClient.invalidateQueries({ queryKey: leaseKeys.summary(property.id) }),
      ]);
    },
  });
  const set = (k: UnitField) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkUnit(values);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) add.mutate(checked.value);
  };
  const activeByUnit = new Map(leases.filter((l) => l.status === "ACTIVE").map((l) => [l.unitId, l]));
  return (
    <div className="stack">
      <h3 style={{ margin: 0 }}>Units</h3>
      {property.units.length === 0 ? (
        <p className="muted">No units yet. Add the flats, shops or floors you let: each lease is on one unit.</p>
      ) : (
        <ul aria-label="Units">
          {property.units.map((u) => {
            const lease = activeByUnit.get(u.id);
            return (
              <li key={u.id}>
                <strong>{u.label}</strong>
                {u.floorAreaSqm ? `, ${formatArea(u.floorAreaSqm)}` : ""}
                {u.bedrooms !== null ? `, ${u.bedrooms} bedroom${u.bedrooms === 1 ? "" : "s"}` : ""}:{" "}
                {lease ? `leased to ${lease.tenantName} until ${formatDate(lease.endDate)}` : "vacant"}
              </li>
            );
          })}
        </ul>
      )}
      <form aria-label="Add a unit" className="form-grid form-grid--end" onSubmit={submit} noValidate>
        <Field label="Unit label" error={errors.label}>
          {(ids) => <input {...ids} className="input" value={values.label} onChange={set("label")} maxLength={60} />}
        </Field>
        <Field label="Floor area (m²)" error={errors.floorAreaSqm}>
          {(ids) => (
            <input
              {...ids}
              className="input"
              inputMode="decimal"
              value={values.floorAreaSqm}
              onChange={set("floorAreaSqm")}
            />
          )}
        </Field>
        <Field label="Bedrooms" error={errors.bedrooms}>
          {(ids) => (
            <input {...ids} className="input" inputMode="numeric" value={values.bedrooms} onChange={set("bedrooms")} />
          )}
        </Field>
        <button type="submit" className="btn btn--secondary" disabled={add.isPending}>
          Add unit
        </button>
      </form>
      {add.error ? <ProblemAlert error={add.error} title="The unit was not added" /> : null}
    </div>
  );
}
