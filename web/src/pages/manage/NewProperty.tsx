import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../api/ApiContext";
import { ApiError } from "../../api/client";
import { newIdempotencyKey } from "../../api/kyc";
import type { PropertyView } from "../../api/types";
import { Field } from "../../ui/Field";
import { blankPropertyFields, propertyBody, type PropertyFieldValues } from "./propertyFields";
import { PropertyFieldsInputs } from "./PropertyFieldsInputs";
import { ProblemAlert } from "./ProblemAlert";

const CURRENCIES = ["EUR", "USD", "GBP", "CHF"] as const;

/** Step one of a listing: the property's details (a draft only its manager sees). */
export function NewProperty() {
  const api = useApi();
  const navigate = useNavigate();
  const [values, setValues] = useState<PropertyFieldValues>(blankPropertyFields);
  const [currency, setCurrency] = useState("EUR");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const fieldError = (k: string) =>
    error instanceof ApiError ? error.problem.errors?.find((e) => e.path === `body.${k}`)?.message : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<PropertyView>(
        "/properties",
        { ...propertyBody(values, "create"), currency },
        { "Idempotency-Key": newIdempotencyKey() },
      );
      navigate(`/manage/properties/${created.id}`);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby="new-property">
      <h2 id="new-property">Register a property</h2>
      <p className="muted">
        Start with the details. Photos, documents, a valuation and the land title come next; then you submit it for
        verification.
      </p>
      <PropertyFieldsInputs
        values={values}
        onChange={(k, value) => setValues((old) => ({ ...old, [k]: value }))}
        fieldError={fieldError}
      />
      <Field label="Currency of valuations and rent" hint="Fixed once registered" error={fieldError("currency")}>
        {(ids) => (
          <select {...ids} className="input" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
      </Field>
      {error ? <ProblemAlert error={error} title="The property was not registered" /> : null}
      <div>
        <button className="btn btn--primary" type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save and continue"}
        </button>
      </div>
    </form>
  );
}
