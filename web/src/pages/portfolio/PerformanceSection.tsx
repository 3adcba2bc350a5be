import { METRICS } from "@freehold/finance";
import { Link } from "react-router";
import { usePerformance } from "../../api/performance";
import { usePlatformCoin } from "../../contracts/usePlatformCoin";
import { formatUnits } from "../../format/amounts";
import { formatDateTime } from "../../format/dates";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { useSignedIn } from "../../wallet/session";
import { performanceCoin, positionRow, totalRow } from "./performanceView";

const DEFINED = ["costBasis", "unrealizedGain", "irr", "navPerUnit"] as const;

function Performance() {
  const { session } = useSignedIn();
  const performance = usePerformance(Boolean(session));
  const platformCoin = usePlatformCoin();
  if (performance.isPending) return <Loading label="Computing your performance" />;
  if (performance.isError)
    return (
      <Alert tone="bad" title="Your performance could not be loaded">
        <p>{performance.error.message}</p>
      </Alert>
    );
  const coin = performanceCoin(performance.data, platformCoin?.symbol);
  const rows = performance.data.positions.map((p) => positionRow(p, coin));
  if (rows.length === 0)
    return <p className="muted">No position yet: performance appears once your wallet holds or held units.</p>;
  const totals = performance.data.totals.map((t) => totalRow(t, coin));
  return (
    <div className="stack">
      {totals.map((t) => (
        <dl key={t.currency} className="stats" data-testid="performance-totals" aria-label={`Totals in ${t.currency}`}>
          {(
            [
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
        As of {formatDateTime(performance.data.asOf)}. A property without an approved valuation has no NAV yet, so its
        value, gain and IRR show “—”.
      </p>
    </div>
  );
}

/** Cost basis, income, value and gain at NAV, IRR per position (`GET /me/performance`): needs the SIWE session. */
export function PerformanceSection() {
  return (
    <section className="panel stack" aria-labelledby="performance" data-testid="performance">
      <h2 id="performance">Performance</h2>
      <RequireSignIn purpose="see your cost basis, gains at NAV and IRR">
        <Performance />
      </RequireSignIn>
    </section>
  );
}
