import { Link } from "react-router";
import { useRentSummary } from "../../api/leases";
import type { PropertyDetail } from "../../api/types";
import { useContractRead } from "../../contracts/hooks";
import { useOfferingCoin } from "../../contracts/useStablecoin";
import { formatBps, formatMoney, formatUnits } from "../../format/amounts";
import { formatDate } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { CurrencyNote } from "../../ui/CurrencyNote";
import { useDashboard } from "./dashboard";
import { MonthsPanel } from "./MonthsPanel";
import { nextActions } from "./nextActions";
import { useOfferingMoney } from "./useOfferingMoney";
import { Verification } from "./Verification";

/**
 * What the offering raised: each unit sold at the price it paid (an invitation's may differ from the public one), from
 * the offering's books (`useOfferingMoney`); after a failure or cancellation, what it still holds for refunds.
 */
export function Raised({ chain }: { chain: NonNullable<PropertyDetail["chain"]> }) {
  const coin = useOfferingCoin(chain.offeringAddress);
  const money = useOfferingMoney(chain.offeringAddress, 10_000);
  // Units sold from the same block as the money once read (the record's figure lags the chain by a few blocks).
  const sold = money.data?.unitsSold ?? BigInt(chain.unitsSold);
  const figure = money.data && coin ? money.data : undefined;
  return (
    <>
      {figure && coin
        ? figure.kind === "proceeds"
          ? formatMoney(figure.gross, coin)
          : `${formatMoney(figure.owed, coin)} to refund`
        : "…"}
      <span className="small">
        {formatUnits(sold)} sold{chain.hardCap ? ` of ${formatUnits(BigInt(chain.hardCap))}` : ""}
      </span>
    </>
  );
}

function Holders({ token }: { token: `0x${string}` }) {
  const holders = useContractRead({
    contractName: "PropertyToken",
    address: token,
    functionName: "holderCount",
    refetchInterval: 5_000,
  });
  return <>{holders.data !== undefined ? String(holders.data) : "…"}</>;
}

function CoinNote({ chain, currency }: { chain: NonNullable<PropertyDetail["chain"]>; currency: string }) {
  const coin = useOfferingCoin(chain.offeringAddress);
  return <CurrencyNote currency={currency} tokenSymbol={coin?.symbol} />;
}

/** The property at a glance: status, money raised, holders, occupancy, rent, and what to do next. */
export function PropertyOverview({ property: p }: { property: PropertyDetail }) {
  const rent = useRentSummary(p.id);
  const r = rent.data;
  // The same query MonthsPanel reads: no second request.
  const dashboard = useDashboard(p.id);
  const actions = nextActions(p, r, dashboard.data);
  return (
    <section className="panel stack" aria-labelledby="overview">
      <h2 id="overview">Overview</h2>
      <dl className="manage-overview">
        <div>
          <dt>Status since</dt>
          <dd>{formatDate(p.statusChangedAt)}</dd>
        </div>
        <div>
          <dt>Valuation</dt>
          <dd>{formatFiat(p.currentValuation, p.currency, { whole: true })}</dd>
        </div>
        <div>
          <dt>Raised</dt>
          <dd>{p.chain ? <Raised chain={p.chain} /> : "Not launched"}</dd>
        </div>
        <div>
          <dt>Holders</dt>
          <dd>{p.chain ? <Holders token={p.chain.tokenAddress} /> : "—"}</dd>
        </div>
        <div>
          <dt>Occupancy</dt>
          <dd>
            {r ? (r.occupancyBps === null ? "—" : formatBps(r.occupancyBps)) : "…"}
            {r ? (
              <span className="small">
                {r.unitsLeased} of {r.unitsTotal} units leased
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Rent collected</dt>
          <dd>
            {r ? formatFiat(r.collected.totalNet, r.currency) : "…"}
            {r ? (
              <span className="small">
                net, last 12 months, of {formatFiat(r.annualContractedRent, r.currency)} contracted per year
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Overdue</dt>
          <dd>
            {r ? r.overdueEntries : "…"}
            <span className="small">rent instalments</span>
          </dd>
        </div>
      </dl>
      {p.chain ? <CoinNote chain={p.chain} currency={p.currency} /> : null}
      <MonthsPanel propertyId={p.id} />
      <Verification property={p} />
      {actions.length > 0 ? (
        <div>
          <h3 style={{ margin: "0 0 0.5rem" }}>Next actions</h3>
          <ul className="next-actions" aria-label="Next actions">
            {actions.map((a) => (
              <li key={a.text}>{a.tab ? <Link to={`?tab=${a.tab}`}>{a.text}</Link> : a.text}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
