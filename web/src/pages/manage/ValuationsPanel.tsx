import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { ApiError, data } from "../../api/client";
import { VALUATION_METHODS as METHODS } from "../../api/enums";
import { newIdempotencyKey } from "../../api/kyc";
import { propertyKeys } from "../../api/queryKeys";
import type { PropertyDetail } from "../../api/types";
import { formatDate } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { Field } from "../../ui/Field";
import { kindLabel, todayIso } from "./labels";
import { ProblemAlert } from "./ProblemAlert";
import { Cell, Table } from "../../ui/Table";

type ValuationField = "amount" | "method" | "valuer" | "valuedOn" | "reportSha256";

/**
 * The property's valuations and the form that records one, in the property's currency (the backend refuses any
 * other). The newest by date becomes the property's current valuation (gross yield, marketplace filters).
 */
export function ValuationsPanel({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const reports = property.documents.filter((d) => d.kind === "VALUATION_REPORT");
  const blank = (): Record<ValuationField, string> => ({
    amount: "",
    method: "APPRAISAL",
    valuer: "",
    valuedOn: todayIso(),
    reportSha256: "",
  });
  const [v, setV] = useState(blank);
  const [recorded, setRecorded] = useState<string | undefined>();
  const set = (k: ValuationField) => (e: { target: { value: string } }) => {
    setRecorded(undefined);
    setV((o) => ({ ...o, [k]: e.target.value }));
  };
  const save = useMutation({
    mutationFn: (input: Record<ValuationField, string>) =>
      data(
        api.POST("/properties/{id}/valuations", {
          params: { path: { id: property.id }, header: { "Idempotency-Key": newIdempotencyKey() } },
          body: {
            amount: input.amount.trim(),
            currency: property.currency,
            method: METHODS.find((m) => m === input.method) ?? "APPRAISAL",
            valuer: input.valuer,
            valuedOn: input.valuedOn,
            reportSha256: input.reportSha256 || undefined,
          },
        }),
      ),
    onSuccess: async (valuation) => {
      // The form empties once recorded: the same valuation cannot be entered twice by a stray click.
      setV(blank());
      setRecorded(
        `Valuation of ${formatFiat(valuation.amount, valuation.currency)} by ${valuation.valuer} on ${formatDate(valuation.valuedOn)} recorded.`,
      );
      await queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) });
    },
  });
  const fieldError = (k: ValuationField) =>
    save.error instanceof ApiError
      ? save.error.problem.errors?.find((e) => e.path === `body.${k}`)?.message
      : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(v);
  };
  return (
    <section className="panel stack" aria-labelledby="valuations">
      <h2 id="valuations">Valuations</h2>
      {property.recentValuations.length > 0 ? (
        <Table aria-label="Recent valuations">
          <thead>
            <tr>
              <th scope="col">Valued on</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Method</th>
              <th scope="col">Valuer</th>
            </tr>
          </thead>
          <tbody>
            {property.recentValuations.map((r) => (
              <tr key={r.id}>
                <Cell label="Valued on">{formatDate(r.valuedOn)}</Cell>
                <Cell label="Amount" className="num">
                  {formatFiat(r.amount, r.currency)}
                </Cell>
                <Cell label="Method">{kindLabel(r.method)}</Cell>
                <Cell label="Valuer">{r.valuer}</Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="muted">No valuation yet. The gross yield and the marketplace’s value filters need one.</p>
      )}
      <form aria-label="Add a valuation" className="stack" onSubmit={submit} noValidate>
        <h3 style={{ margin: 0 }}>Add a valuation</h3>
        <div className="form-grid">
          <Field label={`Amount (${property.currency})`} error={fieldError("amount")} hint="For example 360000">
            {(ids) => (
              <input {...ids} className="input" inputMode="decimal" value={v.amount} onChange={set("amount")} />
            )}
          </Field>
          <Field label="Currency" hint="The property’s own">
            {(ids) => <input {...ids} className="input" value={property.currency} readOnly />}
          </Field>
          <Field label="Method" error={fieldError("method")}>
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
          <Field label="Valuer" error={fieldError("valuer")}>
            {(ids) => <input {...ids} className="input" value={v.valuer} onChange={set("valuer")} />}
          </Field>
          <Field label="Valued on" error={fieldError("valuedOn")}>
            {(ids) => <input {...ids} className="input" type="date" value={v.valuedOn} onChange={set("valuedOn")} />}
          </Field>
          <Field
            label="Report (optional)"
            hint={reports.length === 0 ? "Upload it as a valuation report in Documents to link it" : undefined}
          >
            {(ids) => (
              <select
                {...ids}
                className="input"
                value={v.reportSha256}
                onChange={set("reportSha256")}
                disabled={reports.length === 0}
              >
                <option value="">None</option>
                {reports.map((d) => (
                  <option key={d.id} value={d.sha256}>
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
