import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../api/ApiContext";
import { ApiError } from "../../api/client";
import { newIdempotencyKey } from "../../api/kyc";
import type { PropertyView } from "../../api/types";
import { COUNTRIES } from "../../compliance/countries";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import { TYPE_LABELS } from "../marketplace/labels";

/** Step one of a listing: the property's details (a draft only its manager sees). */
export function NewProperty() {
  const api = useApi();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<string, string>>({ type: "RESIDENTIAL", currency: "EUR", country: "PT" });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const v = (k: string) => values[k] ?? "";
  const set = (k: string) => (e: { target: { value: string } }) =>
    setValues((old) => ({ ...old, [k]: e.target.value }));
  const fieldError = (k: string) =>
    error instanceof ApiError ? error.problem.errors?.find((e) => e.path === `body.${k}`)?.message : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<PropertyView>(
        "/properties",
        {
          name: v("name"),
          description: v("description") || undefined,
          type: v("type"),
          addressLine1: v("addressLine1"),
          city: v("city"),
          postalCode: v("postalCode") || undefined,
          country: v("country"),
          currency: v("currency"),
          floorAreaSqm: v("floorAreaSqm") || undefined,
          yearBuilt: v("yearBuilt") ? Number(v("yearBuilt")) : undefined,
        },
        { "Idempotency-Key": newIdempotencyKey() },
      );
      navigate(`/manage/properties/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const input = (k: string, label: string, props: { type?: string; required?: boolean; hint?: string } = {}) => (
    <Field label={label} hint={props.hint} error={fieldError(k)}>
      {(ids) => (
        <input
          {...ids}
          className="input"
          type={props.type ?? "text"}
          value={v(k)}
          onChange={set(k)}
          required={props.required ?? true}
        />
      )}
    </Field>
  );

  return (
    <form className="stack panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby="new-property">
      <h2 id="new-property">Register a property</h2>
      <p className="muted">
        Start with the details. Photos, documents and the land title come next; then you submit it for verification.
      </p>
      {input("name", "Name")}
      <div className="grid" style={{ gridTemplateColumns: "1fr 1fr" }}>
        <Field label="Type">
          {(ids) => (
            <select {...ids} className="input" value={v("type")} onChange={set("type")}>
              {Object.entries(TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Currency of valuations and rent">
          {(ids) => (
            <select {...ids} className="input" value={v("currency")} onChange={set("currency")}>
              {["EUR", "USD", "GBP", "CHF"].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Description" error={fieldError("description")}>
        {(ids) => (
          <textarea {...ids} className="input" rows={4} value={v("description")} onChange={set("description")} />
        )}
      </Field>
      {input("addressLine1", "Street address")}
      <div className="grid" style={{ gridTemplateColumns: "2fr 1fr 2fr" }}>
        {input("city", "City")}
        {input("postalCode", "Postal code", { required: false })}
        <Field label="Country">
          {(ids) => (
            <select {...ids} className="input" value={v("country")} onChange={set("country")}>
              {COUNTRIES.map((c) => (
                <option key={c.alpha2} value={c.alpha2}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="grid" style={{ gridTemplateColumns: "1fr 1fr" }}>
        {input("floorAreaSqm", "Floor area (m²)", { required: false, hint: "For example 1250.5" })}
        {input("yearBuilt", "Year built", { type: "number", required: false })}
      </div>
      {error ? (
        <Alert tone="bad" title="The property was not registered">
          <p>{(error as Error).message}</p>
        </Alert>
      ) : null}
      <div>
        <button className="btn btn--primary" type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save and continue"}
        </button>
      </div>
    </form>
  );
}
