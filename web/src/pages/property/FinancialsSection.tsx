import { METRICS } from "@freehold/finance";
import {
  statementUrl,
  useFinancialPeriods,
  useNav,
  useValuations,
  type FinancialPeriod,
  type PropertyNav,
  type ValuationRecord,
} from "../../api/financials";
import { useRentSummary } from "../../api/leases";
import { useAppConfig } from "../../app/AppConfigContext";
import { formatUnits } from "../../format/amounts";
import { formatDate, formatMonth } from "../../format/dates";
import { formatCents, formatFiat, toCents } from "../../format/fiat";
import { Alert } from "../../ui/Alert";
import { Skeleton } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";
import { ValueHistoryChart } from "../../ui/ValueHistoryChart";
import {
  approvedValuations,
  countingPeriods,
  navBasis,
  saleWorth,
  periodMonth,
  propertyMetrics,
  signedCents,
} from "./financialFigures";

const DD = { margin: 0 };
const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, " ");

/**
 * What was paid out on chain for a period, in the property currency's minor units: the deposit that names the
 * period's statement (null while unpaid). A server that predates the field sends nothing and the column is hidden.
 */
export function distributedMinor(period: FinancialPeriod): string | null | undefined {
  return period.distributedMinor;
}

function Loading({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label}>
      <Skeleton height={72} />
    </div>
  );
}

/** The property's figures for everyone: metrics, NAV per unit, valuation history, closed periods and statements. */
export function FinancialsSection({ propertyId, currency }: { propertyId: string; currency: string }) {
  return (
    <section className="panel stack" aria-labelledby="financials" data-testid="financials">
      <h2 id="financials">Financials</h2>
      <Metrics propertyId={propertyId} currency={currency} />
      <Valuations propertyId={propertyId} currency={currency} />
      <Periods propertyId={propertyId} currency={currency} />
    </section>
  );
}

function Metrics({ propertyId, currency }: { propertyId: string; currency: string }) {
  const periods = useFinancialPeriods(propertyId);
  const valuations = useValuations(propertyId);
  const rent = useRentSummary(propertyId);
  if (periods.isPending || valuations.isPending || rent.isPending) return <Loading label="Loading the metrics" />;
  if (periods.isError || valuations.isError)
    return (
      <Alert tone="bad" title="The metrics could not be loaded">
        <p>{(periods.error ?? valuations.error)?.message}</p>
      </Alert>
    );
  const metrics = propertyMetrics({
    currency,
    rent: rent.data,
    periods: periods.data,
    valuations: valuations.data,
  });
  return (
    <div>
      <h3>Metrics</h3>
      <dl className="metrics" data-testid="metrics">
        {metrics.map((m) => (
          <div key={m.name} className="metric" data-metric={m.name}>
            <dt className="stat__label">{m.label}</dt>
            <dd style={DD} className="stat__value">
              {m.value}
            </dd>
            <dd style={DD} className="small">
              {m.basis}
            </dd>
            <dd style={DD} className="small muted">
              {m.definition}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function NavFigure({ nav, currency }: { nav: PropertyNav | null; currency: string }) {
  return (
    <div className="metric" data-testid="nav">
      <div className="stat__label">{METRICS.navPerUnit.label}</div>
      {nav === null ? (
        <>
          <div className="stat__value">—</div>
          <p className="small" style={DD}>
            No approved valuation yet: NAV per unit is shown once a compliance officer approves one.
          </p>
        </>
      ) : saleWorth(nav) ? (
        <>
          <div className="stat__value">{saleWorth(nav)!.value}</div>
          <p className="small" style={DD} data-testid="nav-sold">
            {saleWorth(nav)!.detail}
          </p>
        </>
      ) : (
        <>
          <div className="stat__value">
            {nav.perUnit === null ? "—" : formatCents(signedCents(nav.perUnit), currency)}
          </div>
          <p className="small" style={DD}>
            {nav.perUnit === null
              ? "No units outstanding yet. "
              : `${formatCents(signedCents(nav.nav), currency)} over ${formatUnits(BigInt(nav.units))}. `}
            {navBasis(nav, currency)}
          </p>
        </>
      )}
      <p className="small muted" style={DD}>
        {METRICS.navPerUnit.definition}
      </p>
    </div>
  );
}

function Valuations({ propertyId, currency }: { propertyId: string; currency: string }) {
  const valuations = useValuations(propertyId);
  const approved = valuations.data ? approvedValuations(valuations.data) : [];
  const nav = useNav(propertyId, approved.length > 0);
  if (valuations.isPending) return <Loading label="Loading the valuation history" />;
  if (valuations.isError)
    return (
      <Alert tone="bad" title="The valuation history could not be loaded">
        <p>{valuations.error.message}</p>
      </Alert>
    );
  return (
    <div className="stack">
      <h3 style={DD}>Valuations and NAV</h3>
      {approved.length === 0 ? (
        <NavFigure nav={null} currency={currency} />
      ) : nav.isPending ? (
        <Loading label="Loading NAV per unit" />
      ) : nav.isError ? (
        <Alert tone="bad" title="NAV per unit could not be loaded">
          <p>{nav.error.message}</p>
        </Alert>
      ) : (
        <NavFigure nav={nav.data} currency={currency} />
      )}
      <ValuationHistory valuations={approved} currency={currency} />
    </div>
  );
}

function ValuationHistory({ valuations, currency }: { valuations: ValuationRecord[]; currency: string }) {
  if (valuations.length === 0)
    return (
      <p className="muted">
        No approved valuation yet. Valuations appear here once a compliance officer approves them.
      </p>
    );
  return (
    <>
      <ValueHistoryChart
        title="Approved valuations"
        points={valuations.map((v) => ({ date: v.valuedOn, value: toCents(v.amount) }))}
        formatValue={(cents) => formatCents(cents, currency, { whole: true })}
        formatDate={(date) => formatDate(date)}
      />
      <Table>
        <caption className="visually-hidden">Approved valuations, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Valued on</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Report (SHA-256)</th>
          </tr>
        </thead>
        <tbody>
          {valuations.map((v) => (
            <tr key={v.id} data-testid="valuation-row">
              <Cell label="Valued on">{formatDate(v.valuedOn)}</Cell>
              <Cell label="Kind">
                {words(v.kind)}
                <div className="small muted">
                  {words(v.method)} by {v.valuer}
                </div>
              </Cell>
              <Cell label="Value" className="num">
                {formatFiat(v.amount, currency, { whole: true })}
              </Cell>
              <Cell label="Report (SHA-256)">
                {v.reportSha256 ? <code title={v.reportSha256}>{v.reportSha256.slice(0, 16)}…</code> : "—"}
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

function Periods({ propertyId, currency }: { propertyId: string; currency: string }) {
  const { apiBaseUrl } = useAppConfig();
  const query = useFinancialPeriods(propertyId);
  if (query.isPending) return <Loading label="Loading the financial periods" />;
  if (query.isError)
    return (
      <Alert tone="bad" title="The financial periods could not be loaded">
        <p>{query.error.message}</p>
      </Alert>
    );
  const periods = countingPeriods(query.data);
  const money = (minor: string) => formatCents(BigInt(minor), currency);
  const showDistributed = periods.some((p) => distributedMinor(p) !== undefined);
  return (
    <div className="stack">
      <h3 style={DD}>Closed periods</h3>
      {periods.length === 0 ? (
        <p className="muted" data-testid="periods-empty">
          No closed financial period yet. Each month&apos;s income, expenses and what it can distribute appear here once
          the manager closes it.
        </p>
      ) : (
        <>
          <Table>
            <caption className="visually-hidden">Closed financial periods, newest month first</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="num">
                  Income
                </th>
                <th scope="col" className="num">
                  Operating expenses
                </th>
                <th scope="col" className="num">
                  NOI
                </th>
                <th scope="col" className="num">
                  Distributable
                </th>
                {showDistributed ? (
                  <th scope="col" className="num">
                    Distributed
                  </th>
                ) : null}
                <th scope="col">Statement (SHA-256)</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => {
                const distributed = distributedMinor(p);
                return (
                  <tr key={p.id} data-testid="period-row">
                    <Cell label="Month">
                      {formatMonth(periodMonth(p))}
                      {p.sequence > 0 ? <div className="small muted">restated (correction {p.sequence})</div> : null}
                    </Cell>
                    <Cell label="Income" className="num">
                      {money(p.totals.totalIncome)}
                    </Cell>
                    <Cell label="Operating expenses" className="num">
                      {money(p.totals.operatingExpenses)}
                    </Cell>
                    <Cell label="NOI" className="num">
                      {money(p.totals.noi)}
                    </Cell>
                    <Cell label="Distributable" className="num">
                      {money(p.totals.distributable)}
                    </Cell>
                    {showDistributed ? (
                      <Cell label="Distributed" className="num">
                        {distributed ? money(distributed) : "Not yet"}
                      </Cell>
                    ) : null}
                    <Cell label="Statement (SHA-256)">
                      <a
                        href={statementUrl(apiBaseUrl, p.id)}
                        aria-label={`Statement of ${formatMonth(periodMonth(p))}`}
                      >
                        Statement
                      </a>
                      {/* The hash's start under the link (the whole on hover): seven columns fit the main column. */}
                      {p.statementSha256 ? (
                        <div className="small">
                          <code title={p.statementSha256}>{p.statementSha256.slice(0, 10)}…</code>
                        </div>
                      ) : null}
                    </Cell>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <p className="small muted">
            {METRICS.noi.label}: {METRICS.noi.definition} {METRICS.distributable.label}:{" "}
            {METRICS.distributable.definition} Each statement is the period&apos;s canonical record; its SHA-256 is
            anchored on the property&apos;s token, and the document check on this page confirms a copy you hold.
          </p>
        </>
      )}
    </div>
  );
}
