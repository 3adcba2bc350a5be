import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi } from "../../api/ApiContext";
import { ApiError, data } from "../../api/client";
import type { paths } from "../../api/generated/openapi";
import { newIdempotencyKey } from "../../api/kyc";
import { Field } from "../../ui/Field";
import { blankPropertyFields, propertyBody, type PropertyFieldValues } from "./propertyFields";
import { PropertyFieldsInputs } from "./PropertyFieldsInputs";
import { ProblemAlert } from "./ProblemAlert";

const CURRENCIES = ["EUR", "USD", "GBP", "CHF"] as const;
type NewPropertyBody = NonNullable<paths["/properties"]["post"]["requestBody"]>["content"]["application/json"];

/** Step one of a listing: the property's details (a draft only its manager sees). */
export function NewProperty() {
  const api = useApi();
  const navigate = useNavigate();
  const [values, setValues] = useState<PropertyFieldValues>(blankPropertyFields);
  const [currency, setCurrency] = useState<(typeof CURRENCIES)[number]>("EUR");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const fieldError = (k: string) =>
    error instanceof ApiError ? error.problem.errors?.find((e) => e.path === `body.${k}`)?.message : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await data(
        api.POST("/properties", {
          params: { header: { "Idempotency-Key": newIdempotencyKey() } },
          // propertyBody builds the form's fields untyped (shared with the update); the server checks each value.
          body: { ...(propertyBody(values, "create") as Omit<NewPropertyBody, "currency">), currency },
        }),
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
          <select
            {...ids}
            className="input"
            value={currency}
            onChange={(e) => setCurrency(CURRENCIES.find((c) => c === e.target.value) ?? "EUR")}
          >
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
