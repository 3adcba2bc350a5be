/**
 * How the performance reply reads: amounts are payment-token base units (the reply's `amountUnit`), shown with the
 * platform token's symbol; ownership is the API's two-decimal percentage; IRR a fraction shown like every rate.
 */
import type { Performance, PerformancePosition, PerformanceTotal } from "../../api/performance";
import { formatMoney, type Coin } from "../../format/amounts";
import { formatRate } from "../../format/rates";
import { partitionName } from "./partition";

export interface PositionRow {
  key: string;
  propertyId: string | null;
  property: string;
  tokenClass: string;
  units: string;
  ownership: string;
  costBasis: string;
  incomeReceived: string;
  valueAtNav: string;
  gainAtNav: string;
  irr: string;
  /** Units still in the offering's escrow (counted at cost, not yet held). */
  pending: string | null;
  /** Capital a refinance returned (it lowered the cost basis, it is not income); null when none. */
  capitalReturned: string | null;
  /** A sold property (issue 19): the proceeds received and what is still to redeem; null before a sale. */
  sale: string | null;
}

/** The reply's unit with the platform token's symbol (the deployment record's), or the currency's code. */
export function performanceCoin(performance: Pick<Performance, "amountUnit">, symbol: string | undefined): Coin {
  return { symbol: symbol ?? "(payment token)", decimals: performance.amountUnit.decimals };
}

const money = (amount: string | null, coin: Coin) => (amount === null ? "—" : formatMoney(BigInt(amount), coin));
/** An amount only when it is more than zero: null otherwise (nothing to say). */
const someMoney = (amount: string, coin: Coin) => (BigInt(amount) > 0n ? formatMoney(BigInt(amount), coin) : null);

export function positionRow(p: PerformancePosition, coin: Coin): PositionRow {
  return {
    key: `${p.token}-${p.partition}`,
    propertyId: p.propertyId,
    property: p.propertyName ?? p.symbol ?? p.token,
    tokenClass: partitionName(p.partition),
    units: BigInt(p.units).toString(),
    ownership: p.ownershipPercent === null ? "—" : `${p.ownershipPercent}%`,
    costBasis: money(p.costBasis, coin),
    incomeReceived: money(p.incomeReceived, coin),
    valueAtNav: money(p.valueAtNav, coin),
    gainAtNav: money(p.unrealizedGain, coin),
    irr: formatRate(p.irr),
    pending: BigInt(p.pendingSubscription) > 0n ? money(p.pendingSubscription, coin) : null,
    capitalReturned: someMoney(p.capitalReturned, coin),
    sale: saleText(p, coin),
  };
}

/** "Sold: 45.00 tUSD received, 18.00 tUSD to redeem" (either part alone when the other is zero); null before a sale. */
function saleText(p: PerformancePosition, coin: Coin): string | null {
  const received = BigInt(p.realizedProceeds);
  const toRedeem = p.unredeemed === null ? 0n : BigInt(p.unredeemed);
  if (p.unredeemed === null && received === 0n) return null;
  const parts = [
    received > 0n ? `${formatMoney(received, coin)} received` : null,
    toRedeem > 0n ? `${formatMoney(toRedeem, coin)} to redeem` : null,
  ].filter((part) => part !== null);
  return `Sold: ${parts.length > 0 ? parts.join(", ") : "nothing to redeem"}`;
}

export interface TotalRow {
  currency: string;
  costBasis: string;
  incomeReceived: string;
  valueAtNav: string;
  gainAtNav: string;
  irr: string;
  /** Capital returned by refinances, in the cost basis already; null when none. */
  capitalReturned: string | null;
}

export function totalRow(t: PerformanceTotal, coin: Coin): TotalRow {
  return {
    currency: t.currency ?? "Unknown currency",
    costBasis: money(t.costBasis, coin),
    incomeReceived: money(t.incomeReceived, coin),
    valueAtNav: money(t.valueAtNav, coin),
    gainAtNav: money(t.unrealizedGain, coin),
    irr: formatRate(t.irr),
    capitalReturned: someMoney(t.capitalReturned, coin),
  };
}
