import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../../api/ApiContext";
import { ApiError } from "../../../api/client";
import { VALUATION_KINDS as KINDS, VALUATION_METHODS as METHODS } from "../../../api/enums";
import { propertyKeys, valuationKeys } from "../../../api/queryKeys";
import type { PropertyDetail } from "../../../api/types";
import { formatDate } from "../../../format/dates";
import { formatFiat } from "../../../format/fiat";
import { EmptyState } from "../../../ui/EmptyState";
import { Field } from "../../../ui/Field";
import { Loading } from "../../../ui/Skeleton";
import { kindLabel, todayIso } from "../labels";
import { ProblemAlert } from "../ProblemAlert";
import { checkValuation, type ValuationBody, type ValuationField, type ValuationFormValues } from "./valuationForm";
import { ValuationHistory } from "./ValuationHistory";
import { recordValuation, useValuationHistory } from "./valuationsApi";

const blank = (): ValuationFormValues => ({
  kind: "",
  method: "APPRAISAL",
  amount: "",
  liabilities: "0",
  valuer: "",
  valuedOn: todayIso(),
  documentId: "",
});

/**
 * The property's valuation history with each one's status (a compliance officer approves or rejects what a manager
 * records: four eyes), and the form that records one in the property's currency. NAV per unit uses the latest
 * approved valuation and its liabilities.
 */
export function ValuationsPanel({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const history = useValuationHistory(property.id);
  // Valuation reports first: a report is usually uploaded as one, but any document of the property may support it.
  const documents = [...property.documents].sort(
    (a, b) => Number(b.kind === "VALUATION_REPORT") - Number(a.kind === "VALUATION_REPORT"),
  );
  const names = new Map(property.documents.map((d) => [d.id, d.fileName]));
  const [v, setV] = useState(blank);
  const [tried, setTried] = useState(false);
  const [recorded, setRecorded] = useState<string | undefined>();
  const check = checkValuation(v, property.currency, todayIso());
  const set = (k: keyof ValuationFormValues) => (e: { target: { value: string } }) => {
    setRecorded(undefined);
    setV((o) => ({ ...o, [k]: e.target.value }));
  };
  const save = useMutation({
    mutationFn: (body: ValuationBody) => recordValuation(api, property.id, body),
    onSuccess: async (valuation) => {
      // The form empties once recorded: the same valuation cannot be entered twice by a stray click.
      setV(blank());
      setTried(false);
      setRecorded(
        `Valuation of ${formatFiat(valuation.amount, valuation.currency)} by ${valuation.valuer} on ${formatDate(valuation.valuedOn)} recorded: a compliance officer approves it before NAV uses it.`,
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: valuationKeys.all }),
        queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) }),
      ]);
    },
  });
  const fieldError = (k: ValuationField) => {
    if (tried && !check.ok && check.errors[k]) return check.errors[k];
    return save.error instanceof ApiError
      ? save.error.problem.errors?.find((e) => e.path === `body.${k}`)?.message
      : undefined;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (check.ok) save.mutate(check.body);
  };
  return (
    <section className="panel stack" aria-labelledby="valuations">
      <h2 id="valuations">Valuations</h2>
      {history.isPending ? (
        <Loading label="Loading the valuations" />
      ) : history.isError ? (
        <ProblemAlert error={history.error} title="The valuations could not be loaded" />
      ) : history.data.length === 0 ? (
        <EmptyState title="No valuation yet">
          <p>The gross yield, NAV per unit and the marketplace’s value filters need one.</p>
        </EmptyState>
      ) : (
        <ValuationHistory valuations={history.data} documents={names} label="Valuation history" />
      )}
      <form aria-label="Add a valuation" className="stack" onSubmit={submit} noValidate>
        <h3 style={{ margin: 0 }}>Add a valuation</h3>
        <div className="form-grid">
          <Field label={`Amount (${property.currency})`} error={fieldError("amount")} hint="For example 360000">
            {(ids) => (
              <input {...ids} className="input" inputMode="decimal" value={v.amount} onChange={set("amount")} />
            )}
          </Field>
          <Field
            label={`Liabilities (${property.currency})`}
            error={fieldError("liabilities")}
            hint="Loans and payables on that date; 0 if none"
          >
            {(ids) => (
              <input
                {...ids}
                className="input"
                inputMode="decimal"
                value={v.liabilities}
                onChange={set("liabilities")}
              />
            )}
          </Field>
          <Field label="Method">
            {(ids) => (
              <select {...ids} className="input" value={v.method} onChange={set("method")}>
                {METHODS.map((m) => (
                  <option key={m} value={m}>
                    {kindLabel(m)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Kind" hint="Who produced the value">
            {(ids) => (
              <select {...ids} className="input" value={v.kind} onChange={set("kind")}>
                <option value="">As the method says</option>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Valuer" error={fieldError("valuer")}>
            {(ids) => <input {...ids} className="input" value={v.valuer} onChange={set("valuer")} />}
          </Field>
          <Field label="Valued on" error={fieldError("valuedOn")}>
            {(ids) => <input {...ids} className="input" type="date" value={v.valuedOn} onChange={set("valuedOn")} />}
          </Field>
          <Field
            label="Supporting report (optional)"
            hint={
              documents.length === 0
                ? "Upload it in Photos & documents to link it"
                : "Its SHA-256 is anchored on the token once approved"
            }
          >
            {(ids) => (
              <select
                {...ids}
                className="input"
                value={v.documentId}
                onChange={set("documentId")}
                disabled={documents.length === 0}
              >
                <option value="">None</option>
                {documents.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.fileName}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {save.error ? <ProblemAlert error={save.error} title="The valuation was not recorded" /> : null}
        <div>
          <button type="submit" className="btn btn--secondary" disabled={save.isPending}>
            Record valuation
          </button>
        </div>
        {recorded ? (
          <p className="small" role="status">
            ✓ {recorded}
          </p>
        ) : null}
      </form>
    </section>
  );
}
