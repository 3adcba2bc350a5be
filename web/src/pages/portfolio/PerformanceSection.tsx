import { METRICS } from "@freehold/finance";
import { Link } from "react-router";
import { usePerformance } from "../../api/performance";
import { formatUnits } from "../../format/amounts";
import { formatDateTime } from "../../format/dates";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { useSignedIn } from "../../wallet/session";
import { catchingUp, countsCoinAsCurrency, positionRow, totalRow, unpricedLine } from "./performanceView";

const DEFINED = ["costBasis", "unrealizedGain", "irr", "navPerUnit"] as const;

/** The units the chain shows this wallet holding per token (the holdings above read them every few seconds). */
export type ChainUnits = ReadonlyMap<string, bigint>;

function Performance({ chainUnits }: { chainUnits: ChainUnits | undefined }) {
  const { session } = useSignedIn();
  const performance = usePerformance(Boolean(session));
  if (performance.isPending) return <Loading label="Computing your performance" />;
  if (performance.isError)
    return (
      <Alert tone="bad" title="Your performance could not be loaded">
        <p>{performance.error.message}</p>
      </Alert>
    );
  const { decimals } = performance.data.amountUnit;
  const rows = performance.data.positions.map((p) => positionRow(p, decimals));
  const unpriced = performance.data.unpriced.map(unpricedLine);
  if (rows.length === 0 && unpriced.length === 0)
    return <p className="muted">No position yet: performance appears once your wallet holds or held units.</p>;
  const totals = performance.data.totals.map((t) => totalRow(t, decimals));
  const behind = chainUnits ? catchingUp(performance.data, chainUnits) : false;
  const atPar = performance.data.positions.filter(countsCoinAsCurrency);
  return (
    <div className="stack">
      {behind ? (
        <div data-testid="performance-catching-up">
          <Alert tone="info" title="Catching up with your latest transactions">
            <p>
              Your holdings above already show a transaction these figures do not count yet: they are as of{" "}
              {formatDateTime(performance.data.asOf)} and update in a few seconds.
            </p>
          </Alert>
        </div>
      ) : null}
      {totals.map((t) => (
        <dl key={t.key} className="stats" data-testid="performance-totals" aria-label={`Totals in ${t.title}`}>
          {(
            [
              ["Totals", t.title],
              ["Cost basis", t.costBasis],
              ["Income received", t.incomeReceived],
              ["Value at NAV", t.valueAtNav],
              ["Gain at NAV", t.gainAtNav],
              ["IRR", t.irr],
              ...(t.capitalReturned ? ([["Capital returned", t.capitalReturned]] as const) : []),
            ] as const
          ).map(([label, value]) => (
            <div className="stat" key={label}>
              <dt className="stat__label">{label}</dt>
              <dd className="stat__value" style={{ margin: 0 }}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      ))}
      <Table>
        <caption className="visually-hidden">Performance per property and class</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col" className="num">
              Units
            </th>
            <th scope="col" className="num">
              Ownership
            </th>
            <th scope="col" className="num">
              Cost basis
            </th>
            <th scope="col" className="num">
              Income received
            </th>
            <th scope="col" className="num">
              Value at NAV
            </th>
            <th scope="col" className="num">
              Gain at NAV
            </th>
            <th scope="col" className="num">
              IRR
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid="performance-row">
              <Cell label="Property">
                {r.propertyId ? <Link to={`/properties/${r.propertyId}`}>{r.property}</Link> : r.property}
                <div className="small muted">{r.tokenClass}</div>
                {r.pending ? <div className="small muted">{r.pending} in escrow, counted at cost</div> : null}
                {r.capitalReturned ? (
                  <div className="small muted" data-testid="position-capital-returned">
                    {r.capitalReturned} of capital returned, taken off the cost basis
                  </div>
                ) : null}
                {r.sale ? (
                  <div className="small" data-testid="position-sale">
                    {r.sale}
                  </div>
                ) : null}
              </Cell>
              <Cell label="Units" className="num">
                {formatUnits(BigInt(r.units))}
              </Cell>
              <Cell label="Ownership" className="num">
                {r.ownership}
              </Cell>
              <Cell label="Cost basis" className="num">
                {r.costBasis}
              </Cell>
              <Cell label="Income received" className="num">
                {r.incomeReceived}
              </Cell>
              <Cell label="Value at NAV" className="num">
                {r.valueAtNav}
                {r.navPerUnit !== "—" ? <div className="small muted">{r.navPerUnit} a unit</div> : null}
              </Cell>
              <Cell label="Gain at NAV" className="num">
                {r.gainAtNav}
              </Cell>
              <Cell label="IRR" className="num">
                {r.irr}
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
      <dl className="small muted" style={{ margin: 0 }}>
        {(totals.some((t) => t.capitalReturned) ? [...DEFINED, "capitalReturned" as const] : DEFINED).map((name) => (
          <div key={name}>
            <dt style={{ display: "inline", fontWeight: 600 }}>{METRICS[name].label}: </dt>
            <dd style={{ display: "inline", margin: 0 }}>{METRICS[name].definition}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">
        As of {formatDateTime(performance.data.asOf)}. Cost, income and proceeds are in the coin each property was paid
        in; value at NAV is in the property&apos;s currency, from its latest approved valuation (with its reserves), and
        once a property is sold, in the coin: what its units redeem for. A property without an approved valuation has no
        NAV yet, so its value, gain and IRR show “—”.
        {atPar.length > 0
          ? ` Gain at NAV and IRR set a value in ${[...new Set(atPar.map((p) => p.currency))].join(", ")} against a cost in the coin, one for one: the platform applies no exchange rate.`
          : ""}
      </p>
      {unpriced.length > 0 ? (
        <ul className="small muted" data-testid="performance-unpriced" aria-label="Positions without figures">
          {unpriced.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Cost basis, income, value and gain at NAV, IRR per position (`GET /me/performance`): needs the SIWE session. */
export function PerformanceSection({ chainUnits }: { chainUnits?: ChainUnits }) {
  return (
    <section className="panel stack" aria-labelledby="performance" data-testid="performance">
      <h2 id="performance">Performance</h2>
      <RequireSignIn purpose="see your cost basis, gains at NAV and IRR">
        <Performance chainUnits={chainUnits} />
      </RequireSignIn>
    </section>
  );
}
