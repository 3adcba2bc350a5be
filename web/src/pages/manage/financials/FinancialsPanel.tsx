import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../../api/ApiContext";
import { financialKeys } from "../../../api/queryKeys";
import type { PropertyDetail } from "../../../api/types";
import { formatCents } from "../../../format/fiat";
import { Alert } from "../../../ui/Alert";
import { Badge } from "../../../ui/Badge";
import { EmptyState } from "../../../ui/EmptyState";
import { Field } from "../../../ui/Field";
import { Loading } from "../../../ui/Skeleton";
import { Cell, Table } from "../../../ui/Table";
import { ProblemAlert } from "../ProblemAlert";
import { PeriodEditor } from "./PeriodEditor";
import { draftPeriod, usePeriods } from "./periodsApi";
import { parseMonthInput, periodName, previousMonthInput, type FinancialPeriod } from "./periodFigures";

/**
 * The property's financial periods (issue 16): every month drafted or closed with its figures and, once closed, its
 * statement's SHA-256; a form to draft a month; the selected period's lines, reserve, live totals and close below.
 */
export function FinancialsPanel({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const periods = usePeriods(property.id);
  const [selected, setSelected] = useState<string | undefined>();
  const [monthText, setMonthText] = useState(previousMonthInput);
  const month = parseMonthInput(monthText);
  const draft = useMutation({
    mutationFn: (m: { year: number; month: number }) => draftPeriod(api, property.id, m),
    onSuccess: async (period) => {
      setSelected(period.id);
      await queryClient.invalidateQueries({ queryKey: financialKeys.periods(property.id) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (month) draft.mutate(month);
  };
  const money = (cents: string) => formatCents(BigInt(cents), property.currency);
  return (
    <section className="panel stack" aria-labelledby="financials">
      <h2 id="financials">Financials</h2>
      <p className="small muted">
        Each month’s income and expenses in {property.currency}. Rent comes from the lease payments recorded for the
        month; you add the other lines, set the reserve and close the month once it has ended. A closed month never
        changes: its statement and SHA-256 are fixed, and a correction is a new adjustment of that month.
      </p>
      <form aria-label="Draft a month" className="form-grid form-grid--end" onSubmit={submit} noValidate>
        <Field label="Month" error={monthText && !month ? "Choose a month." : undefined}>
          {(ids) => (
            <input
              {...ids}
              className="input"
              type="month"
              value={monthText}
              onChange={(e) => setMonthText(e.target.value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" className="btn btn--secondary" disabled={!month || draft.isPending}>
            Draft this month
          </button>
        </div>
      </form>
      {draft.error ? <ProblemAlert error={draft.error} title="The month was not drafted" subject="period" /> : null}
      {periods.isPending ? (
        <Loading label="Loading the periods" />
      ) : periods.isError ? (
        <ProblemAlert error={periods.error} title="The periods could not be loaded" />
      ) : periods.data.length === 0 ? (
        <EmptyState title="No period yet">
          <p>Draft the first month above: its rent line is filled from the lease payments already recorded.</p>
        </EmptyState>
      ) : (
        <Table aria-label="Financial periods">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Income
              </th>
              <th scope="col" className="num">
                NOI
              </th>
              <th scope="col" className="num">
                Distributable
              </th>
              <th scope="col">Statement SHA-256</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {periods.data.map((p) => (
              <tr key={p.id} aria-current={p.id === selected ? "true" : undefined}>
                <Cell label="Period">{periodName(p)}</Cell>
                <Cell label="Status">
                  <PeriodStatus period={p} />
                </Cell>
                <Cell label="Income" className="num">
                  {money(p.totals.totalIncome)}
                </Cell>
                <Cell label="NOI" className="num">
                  {money(p.totals.noi)}
                </Cell>
                <Cell label="Distributable" className="num">
                  {money(p.totals.distributable)}
                </Cell>
                <Cell label="Statement SHA-256">
                  {p.statementSha256 ? <code className="hash">{p.statementSha256}</code> : "—"}
                </Cell>
                <Cell label="Open">
                  <button
                    type="button"
                    className="btn btn--ghost"
                    aria-label={`${p.status === "DRAFT" ? "Edit" : "View"} ${periodName(p)}`}
                    onClick={() => setSelected(p.id)}
                  >
                    {p.status === "DRAFT" ? "Edit" : "View"}
                  </button>
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {selected ? (
        <PeriodEditor key={selected} property={property} periodId={selected} onSelect={setSelected} />
      ) : periods.data && periods.data.length > 0 ? (
        <Alert tone="info" title="Choose a period">
          <p>Edit a draft to add its lines and close it, or view a closed one and its statement.</p>
        </Alert>
      ) : null}
    </section>
  );
}

export function PeriodStatus({ period }: { period: Pick<FinancialPeriod, "status"> }) {
  return period.status === "CLOSED" ? <Badge tone="ok">Closed</Badge> : <Badge tone="warn">Draft</Badge>;
}
