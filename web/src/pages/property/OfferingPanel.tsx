import { Link } from "react-router";
import { chainKeys } from "../../api/queryKeys";
import type { PropertyDetail } from "../../api/types";
import { formatMoney, formatPercent, formatUnits, formatUnitsNumber, percentOf } from "../../format/amounts";
import { formatDateTime } from "../../format/dates";
import { Progress } from "../../ui/Progress";
import { CurrencyNote } from "../../ui/CurrencyNote";
import { useOfferingCoin } from "../../contracts/useStablecoin";
import { abis } from "../../contracts/abi";
import { useQuery } from "@tanstack/react-query";
import { isAddress, zeroAddress, type Address } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import { useAppConfig } from "../../app/AppConfigContext";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { useLaunchedContracts } from "../invest/useOfferingAddress";
import { probeSettlement, SETTLEMENT_TEXT } from "../portfolio/settlement";

/**
 * The connected wallet's unsettled subscription in this offering, as the contract decides it: "Claim units", "Take
 * your money back" (the token refuses the units for good), or a neutral "on hold" (never why).
 */
function YourPosition({ offering }: { offering: Address }) {
  const { chainId, explorerUrl } = useAppConfig();
  const client = usePublicClient({ chainId });
  const { address } = useConnection();
  const write = useContractWrite();
  const tx = useTransaction();
  const position = useQuery({
    queryKey: chainKeys.position(chainId, offering, address),
    enabled: Boolean(client && address),
    queryFn: async () => {
      const [subscribed, settled] = await Promise.all([
        client!.readContract({
          abi: abis.PropertyOffering,
          address: offering,
          functionName: "subscribedUnitsOf",
          args: [address!],
        }),
        client!.readContract({
          abi: abis.PropertyOffering,
          address: offering,
          functionName: "isSettled",
          args: [address!],
        }),
      ]);
      return subscribed > 0n && !settled
        ? { units: subscribed, settlement: await probeSettlement(client!, address!, offering) }
        : null;
    },
  });
  const p = position.data;
  const actionable = p && p.settlement !== "wait" ? p : undefined;
  // After a claim or refund the position is settled and disappears: what happened stays on screen (the tracker).
  if (!actionable && tx.state.status === "idle") return null;
  const act = (fn: "claim" | "refund", units: bigint) =>
    void tx
      .run(
        { label: fn === "claim" ? `Claim ${formatUnits(units)}` : `Take back what you paid for ${formatUnits(units)}` },
        () => write({ contractName: "PropertyOffering", address: offering, functionName: fn, args: [] }),
      )
      .then(() => position.refetch());
  return (
    <div className="stack" data-testid="your-position">
      {actionable ? <p className="small">You subscribed {formatUnits(actionable.units)}.</p> : null}
      {actionable?.settlement === "hold" ? (
        <p className="small" data-testid="position-on-hold">
          {SETTLEMENT_TEXT.hold}
        </p>
      ) : actionable ? (
        <button
          type="button"
          className="btn btn--primary btn--block"
          disabled={isInFlight(tx.state)}
          onClick={() => act(actionable.settlement as "claim" | "refund", actionable.units)}
        >
          {SETTLEMENT_TEXT[actionable.settlement]}
        </button>
      ) : null}
      <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
    </div>
  );
}

/** What the investment box says in each state (the state follows the chain: backend/src/properties/workflow.ts). */
const NOT_OPEN: Partial<Record<PropertyDetail["status"], string>> = {
  DRAFT: "The manager is still preparing this listing.",
  SUBMITTED: "The registry is reviewing this property and its land title.",
  VERIFIED: "Verified by the registry. No offering is open: the manager has not launched one yet.",
  TOKENIZED: "Coming soon: the property is tokenized and its offering has not opened yet.",
  CLOSED:
    "Subscriptions are closed: the offering reached its target and waits for the issuer to finalize it. Subscribers then claim their units.",
  REFUNDING:
    "This offering did not complete. Subscribers take their money back from the offering, in full, from their portfolio.",
  REJECTED: "The registry did not verify this property.",
  ARCHIVED: "This listing is archived.",
};

/** The investment box: open for investment only while the offering is (status OFFERING); otherwise where the property stands. */
export function OfferingPanel({ property }: { property: PropertyDetail }) {
  const chain = property.chain;
  const launched = useLaunchedContracts(property);
  if (property.status !== "OFFERING") {
    return (
      <section className="panel stack" aria-labelledby="offering" data-status={property.status}>
        <h2 id="offering">Investment</h2>
        <p>
          {property.status === "FUNDED" && chain
            ? fundedText(chain)
            : (NOT_OPEN[property.status] ?? "Not open for investment.")}
        </p>
        {property.status === "TOKENIZED" && chain?.startTime ? (
          <p className="small muted">Opens {formatDateTime(chain.startTime)}</p>
        ) : null}
        {(property.status === "FUNDED" || property.status === "REFUNDING") && launched.data ? (
          <YourPosition offering={launched.data.offering} />
        ) : null}
        {property.status === "FUNDED" ? (
          <Link className="btn btn--secondary btn--block" to="/market">
            Go to the secondary market
          </Link>
        ) : property.status === "REFUNDING" ? (
          <Link className="btn btn--secondary btn--block" to="/portfolio">
            Your portfolio
          </Link>
        ) : null}
      </section>
    );
  }
  if (!chain?.offeringAddress) {
    return (
      <section className="panel stack" aria-labelledby="offering" data-status={property.status}>
        <h2 id="offering">Investment</h2>
        <p>Open for investment. See the offering's live terms, check your eligibility and invest.</p>
        {launched.data ? (
          <Link className="btn btn--primary btn--block" to={`/properties/${property.id}/invest`}>
            Invest
          </Link>
        ) : null}
      </section>
    );
  }
  return <OpenOffering property={property} chain={chain} canInvest={Boolean(launched.data)} />;
}

/**
 * An offering the registry lists as open. The Invest button and the escrow promise are shown only while the
 * chain still takes subscriptions: not after it sold out, closed or reached its end time (the registry follows a
 * few seconds later).
 */
function OpenOffering({
  property,
  chain,
  canInvest,
}: {
  property: PropertyDetail;
  chain: NonNullable<PropertyDetail["chain"]>;
  canInvest: boolean;
}) {
  const offering = chain.offeringAddress && isAddress(chain.offeringAddress) ? chain.offeringAddress : undefined;
  const coin = useOfferingCoin(offering);
  const { address: me } = useConnection();
  // Ticket limits and the visitor's own subscription are not in the registry: read them from the offering.
  const terms = useContractRead({ contractName: "PropertyOffering", address: offering, functionName: "terms" });
  const mine = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "subscribedUnitsOf",
    args: [me ?? zeroAddress],
    enabled: Boolean(me),
  });
  // What the visitor paid, each unit at its own price (an invitation's may differ from the public one).
  const paid = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "paidBy",
    args: [me ?? zeroAddress],
    enabled: Boolean(me),
  });
  // The units sold as the offering counts them (polled), the registry's figure until the chain answers: the registry
  // follows the chain a few seconds behind, and a subscriber back from paying must see the units they just bought.
  const onChainSold = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "unitsSold",
    refetchInterval: SOLD_POLL_MS,
  });
  const sold = unitsSoldNow(chain.unitsSold, onChainSold.data);
  const cap = BigInt(chain.hardCap ?? "0");
  const funded = percentOf(sold, cap);
  const nowSeconds = Date.now() / 1000;
  const open = offeringTakesSubscriptions({ ...chain, unitsSold: sold.toString() }, nowSeconds);
  const subscribed = mine.data ?? 0n;
  return (
    <section className="panel stack" aria-labelledby="offering" data-status={property.status}>
      <h2 id="offering">Investment</h2>
      {chain.pricePerUnit ? (
        <div className="stat">
          <div className="stat__label">Price per unit</div>
          <div className="stat__value">{coin ? formatMoney(BigInt(chain.pricePerUnit), coin) : "…"}</div>
        </div>
      ) : null}
      <div className="stack" style={{ gap: "0.3rem" }}>
        <Progress value={funded} label={`${formatPercent(funded)} funded`} />
        <span className="small muted" data-testid="offering-sold">
          {formatUnits(sold)} of {formatUnits(cap)} sold ({formatPercent(funded)}) · {formatUnits(cap - sold)} remaining
        </span>
      </div>
      <dl className="facts small">
        {chain.softCap ? (
          <>
            <dt>Minimum to succeed</dt>
            <dd>{formatUnits(BigInt(chain.softCap))}</dd>
          </>
        ) : null}
        {terms.data ? (
          <>
            <dt>Ticket</dt>
            <dd>{ticketText(BigInt(terms.data.minTicket), BigInt(terms.data.maxTicket))}</dd>
          </>
        ) : null}
        {chain.endTime ? (
          <>
            <dt>{open ? "Closes" : "Closed"}</dt>
            <dd>
              {formatDateTime(chain.endTime)}
              {open ? ` (${timeLeft(chain.endTime, nowSeconds)})` : null}
            </dd>
          </>
        ) : null}
      </dl>
      {subscribed > 0n ? (
        <p className="small" data-testid="my-subscription">
          You subscribed {formatUnits(subscribed)}
          {paid.data !== undefined && coin ? ` (${formatMoney(paid.data, coin)} in escrow)` : null}.
        </p>
      ) : null}
      {open ? (
        <>
          {canInvest ? (
            <Link className="btn btn--primary btn--block" to={`/properties/${property.id}/invest`}>
              Invest
            </Link>
          ) : null}
          <p className="small muted">
            Your payment stays in escrow until the offering closes. If it does not reach its minimum, you get a full
            refund.
          </p>
        </>
      ) : (
        <p data-testid="offering-closed">
          Subscriptions are closed. The result of the offering is being recorded; subscribers see what to do next here
          and in their portfolio.
        </p>
      )}
      <CurrencyNote currency={property.currency} tokenSymbol={coin?.symbol} />
    </section>
  );
}

/**
 * A funded offering in words: what it sold of its units, as the registry records it. An offering is finalized once it
 * reached its minimum, not only when sold out, so "fully funded" would overstate it (finding 5).
 */
export function fundedText(chain: NonNullable<PropertyDetail["chain"]>): string {
  const sold = BigInt(chain.unitsSold);
  const cap = chain.hardCap === null ? null : BigInt(chain.hardCap);
  const what =
    cap === null
      ? `${formatUnits(sold)} sold`
      : sold >= cap
        ? `all ${formatUnits(cap)} sold`
        : `${formatUnitsNumber(sold)} of ${formatUnits(cap)} sold`;
  return `This offering is funded: ${what}. Units may be bought from other investors on the secondary market.`;
}

/** The offering's ticket limits in words ("5 to 100 units"; a maximum of 0 means none). */
export function ticketText(minTicket: bigint, maxTicket: bigint): string {
  if (maxTicket === 0n) return `at least ${formatUnits(minTicket)}`;
  if (minTicket === maxTicket) return `exactly ${formatUnits(minTicket)}`;
  return `${formatUnitsNumber(minTicket)} to ${formatUnits(maxTicket)}`;
}

/** The time until `endSeconds` in the largest whole unit: "3 days left", "5 hours left", "less than an hour left". */
export function timeLeft(endSeconds: number, nowSeconds: number): string {
  const seconds = endSeconds - nowSeconds;
  if (seconds <= 0) return "ended";
  const days = Math.floor(seconds / 86_400);
  if (days >= 1) return `${days} ${days === 1 ? "day" : "days"} left`;
  const hours = Math.floor(seconds / 3_600);
  if (hours >= 1) return `${hours} ${hours === 1 ? "hour" : "hours"} left`;
  return "less than an hour left";
}

/** How often an open offering's units sold are read from the chain while its page is open. */
const SOLD_POLL_MS = 10_000;

/** The units sold to show: the offering's own count once read from the chain, else the registry's (which lags it). */
export function unitsSoldNow(registry: string | null | undefined, onChain: bigint | undefined): bigint {
  return onChain ?? BigInt(registry ?? "0");
}

/** Whether the offering still takes subscriptions: the registry says open, units remain and its end time has not passed. */
export function offeringTakesSubscriptions(chain: NonNullable<PropertyDetail["chain"]>, nowSeconds: number): boolean {
  const sold = BigInt(chain.unitsSold ?? "0");
  const remaining = chain.hardCap === null ? 1n : BigInt(chain.hardCap) - sold;
  return chain.outcome === "open" && remaining > 0n && (chain.endTime === null || nowSeconds < chain.endTime);
}
