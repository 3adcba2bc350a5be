import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../../api/ApiContext";
import { ApiError } from "../../../api/client";
import { financialKeys } from "../../../api/queryKeys";
import type { PropertyDetail } from "../../../api/types";
import { useAppConfig } from "../../../app/AppConfigContext";
import { formatDateTime } from "../../../format/dates";
import { formatCents } from "../../../format/fiat";
import { Field } from "../../../ui/Field";
import { Loading } from "../../../ui/Skeleton";
import { Cell, Table } from "../../../ui/Table";
import { ProblemAlert } from "../ProblemAlert";
import { PeriodStatus } from "./FinancialsPanel";
import { LineForm } from "./LineForm";
import { centsToInput, parseReserve } from "./lineForm";
import { closePeriod, draftAdjustment, removeLine, setReserve, statementUrl, usePeriod } from "./periodsApi";
import { CATEGORY_LABELS, liveTotals, periodName, type FinancialLine, type PeriodResult } from "./periodFigures";

/** One period: its lines (RENT read-only), reserve, live totals and close; once closed, its statement and adjustment. */
export function PeriodEditor({
  property,
  periodId,
  onSelect,
}: {
  property: PropertyDetail;
  periodId: string;
  onSelect: (id: string) => void;
}) {
  const api = useApi();
  const { apiBaseUrl } = useAppConfig();
  const queryClient = useQueryClient();
  const query = usePeriod(periodId);
  const [editing, setEditing] = useState<FinancialLine | undefined>();
  const [reserveText, setReserveText] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: financialKeys.period(periodId) }),
      queryClient.invalidateQueries({ queryKey: financialKeys.periods(property.id) }),
    ]);
  // A refusal because the period moved on (412) refreshes it, so the next try starts from what is stored.
  const onError = (error: Error) => (error instanceof ApiError && error.status === 412 ? refresh() : undefined);
  const remove = useMutation({
    mutationFn: (line: FinancialLine) => removeLine(api, periodId, line.id),
    onSuccess: async (_r, line) => {
      setDone(`The line “${line.description}” was removed.`);
      await refresh();
    },
  });
  const reserve = useMutation({
    mutationFn: (cents: bigint) => setReserve(api, query.data!, cents),
    onSuccess: async () => {
      setReserveText(undefined);
      setDone("The reserve was saved.");
      await refresh();
    },
    onError,
  });
  const close = useMutation({
    mutationFn: () => closePeriod(api, query.data!),
    onSuccess: async (p) => {
      setDone(`${periodName(p)} is closed: its statement and SHA-256 are below.`);
      await refresh();
    },
    onError,
  });
  const adjust = useMutation({
    mutationFn: () => draftAdjustment(api, query.data!),
    onSuccess: async (p) => {
      await refresh();
      onSelect(p.id);
    },
  });
  if (query.isPending) return <Loading label="Loading the period" />;
  if (query.isError) return <ProblemAlert error={query.error} title="The period could not be loaded" />;
  const period = query.data;
  const draft = period.status === "DRAFT";
  const typedReserve = reserveText === undefined ? undefined : parseReserve(reserveText);
  // The totals follow the reserve as it is typed; while it does not parse they keep the stored one.
  const reserveCents = typedReserve?.ok ? typedReserve.value : BigInt(period.reserveContribution);
  const reserveError = typedReserve && !typedReserve.ok ? typedReserve.error : undefined;
  const totals = liveTotals(period.lines, reserveCents);
  const money = (cents: string | bigint) => formatCents(BigInt(cents), period.currency);
  const documents = new Map(property.documents.map((d) => [d.id, d.fileName]));
  const busy = remove.isPending || reserve.isPending || close.isPending;
  const error = remove.error ?? reserve.error ?? close.error ?? adjust.error;
  return (
    <section className="stack period-editor" aria-labelledby="period-title" data-testid="period-editor">
      <div className="row">
        <h3 id="period-title" style={{ margin: 0 }}>
          {periodName(period)}
        </h3>
        <PeriodStatus period={period} />
      </div>
      {period.lines.length === 0 ? (
        <p className="muted">No line yet: add the month’s income and expenses below.</p>
      ) : (
        <Table aria-label={`Lines of ${periodName(period)}`}>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Document</th>
              {draft ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {period.lines.map((line) => (
              <tr key={line.id}>
                <Cell label="Category">
                  {CATEGORY_LABELS[line.category]}
                  <span className="small muted"> · {line.type === "INCOME" ? "income" : "expense"}</span>
                </Cell>
                <Cell label="Description">{line.description}</Cell>
                <Cell label="Amount" className="num">
                  {money(line.amount)}
                </Cell>
                <Cell label="Document">
                  {line.supportingDocumentId ? (documents.get(line.supportingDocumentId) ?? "Attached") : "—"}
                </Cell>
                {draft ? (
                  <Cell label="Actions">
                    {line.source === "LEASE_PAYMENTS" ? (
                      <span className="small muted">From the lease payments (read-only)</span>
                    ) : (
                      <span className="row">
                        <button
                          type="button"
                          className="btn btn--ghost btn--small"
                          aria-label={`Edit ${line.description}`}
                          onClick={() => {
                            setDone(undefined);
                            setEditing(line);
                          }}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost btn--small"
                          aria-label={`Remove ${line.description}`}
                          disabled={busy}
                          onClick={() => remove.mutate(line)}
                        >
                          Remove
                        </button>
                      </span>
                    )}
                  </Cell>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {draft ? (
        <LineForm
          key={editing?.id ?? "new"}
          property={property}
          periodId={period.id}
          editing={editing}
          onDone={async (message) => {
            setEditing(undefined);
            setDone(message);
            await refresh();
          }}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
      {draft ? (
        <div className="form-grid form-grid--end">
          <Field
            label={`Reserve contribution (${period.currency})`}
            hint="Put aside before anything is distributed"
            error={reserveError}
          >
            {(ids) => (
              <input
                {...ids}
                className="input"
                inputMode="decimal"
                value={reserveText ?? centsToInput(period.reserveContribution)}
                onChange={(e) => {
                  setDone(undefined);
                  setReserveText(e.target.value);
                }}
              />
            )}
          </Field>
          <div>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={reserveText === undefined || reserveError !== undefined || busy}
              onClick={() => reserve.mutate(reserveCents)}
            >
              Save reserve
            </button>
          </div>
        </div>
      ) : null}
      <Totals totals={totals} money={money} live={draft} />
      {error ? <ProblemAlert error={error} title="That was not saved" subject="period" /> : null}
      {done ? (
        <p className="small" role="status">
          ✓ {done}
        </p>
      ) : null}
      {draft ? (
        <div className="stack">
          <p className="small muted">
            Closing freezes the month: the rent line is taken again from the lease payments, the statement is written
            and its SHA-256 anchored on the property’s token. The month must have ended.
          </p>
          <div>
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy || reserveText !== undefined}
              onClick={() => {
                setDone(undefined);
                close.mutate();
              }}
            >
              Close {periodName(period)}
            </button>
            {reserveText !== undefined ? <span className="small muted"> Save the reserve first.</span> : null}
          </div>
        </div>
      ) : (
        <div className="stack">
          <dl className="period-statement">
            <dt>Closed</dt>
            <dd>{period.closedAt ? formatDateTime(period.closedAt) : "—"}</dd>
            <dt>Statement SHA-256</dt>
            <dd>
              <code className="hash" data-testid="statement-hash">
                {period.statementSha256}
              </code>
            </dd>
          </dl>
          <p className="small">
            <a href={statementUrl(apiBaseUrl, period.id)} target="_blank" rel="noreferrer">
              Open the statement
            </a>{" "}
            <span className="muted">
              (its SHA-256 is the hash above: anyone holding the file can check it with the document check)
            </span>
          </p>
          <div>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={adjust.isPending}
              onClick={() => adjust.mutate()}
            >
              Draft an adjustment of {periodName(period)}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

const TOTAL_ROWS: [keyof PeriodResult, string][] = [
  ["totalIncome", "Total income"],
  ["operatingExpenses", "Operating expenses"],
  ["noi", "Net operating income"],
  ["capitalExpenditure", "Capital expenditure"],
  ["reserveContribution", "Reserve contribution"],
  ["distributable", "Distributable cash"],
  ["shortfall", "Shortfall"],
];

function Totals({ totals, money, live }: { totals: PeriodResult; money: (cents: bigint) => string; live: boolean }) {
  return (
    <div className="stack">
      <h4 style={{ margin: 0 }}>{live ? "Totals (as the statement will show them)" : "Totals"}</h4>
      <dl className="manage-overview" aria-live={live ? "polite" : undefined} data-testid="period-totals">
        {TOTAL_ROWS.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`total-${key}`}>{money(totals[key])}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
