/**
 * How the performance reply reads. Every amount is in the reply's unit (`amountUnit`: 10^-decimals, each position's
 * coin's base units converted with its own decimals) and is labelled with what it is in: what was paid or received
 * with the position's own coin (`paymentToken`, the one its offering was launched with; never the platform's current
 * coin), NAV per unit and value at NAV with the property's currency while they come from its valuation
 * (`navBasis: "valuation"`), or with the coin once the property is sold (what the units redeem for). Ownership is the
 * API's two-decimal percentage; IRR a fraction shown like every rate.
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
  navPerUnit: string;
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

type PaymentCoin = PerformancePosition["paymentToken"];

/** The label of a coin: its symbol, or its shortened address when it has none. */
export function coinLabel(coin: PaymentCoin): string {
  if (!coin) return "(unknown coin)";
  return coin.symbol ?? `${coin.address.slice(0, 6)}…${coin.address.slice(-4)}`;
}

/**
 * What a position's or total's amounts were paid in: its one coin, or every coin when a market order paid in another
 * coin than the offering's ("tUSD+EURS", as the statements write it; the API then has `paymentToken` null and adds the
 * coins one for one, each with its own decimals).
 */
export function paidInLabel(x: Pick<PerformancePosition, "paymentToken" | "coins">): string {
  if (x.paymentToken || x.coins.length === 0) return coinLabel(x.paymentToken);
  return x.coins.map(coinLabel).join("+");
}

const unitOf = (label: string, decimals: number): Coin => ({ symbol: label, decimals });
const money = (amount: string | null, coin: Coin) => (amount === null ? "—" : formatMoney(BigInt(amount), coin));
/** An amount only when it is more than zero: null otherwise (nothing to say). */
const someMoney = (amount: string, coin: Coin) => (BigInt(amount) > 0n ? formatMoney(BigInt(amount), coin) : null);

/** Whether the gain at NAV sets a value in the currency against a cost in a coin of another name (counted 1:1). */
export function countsCoinAsCurrency(
  p: Pick<PerformancePosition, "navBasis" | "currency" | "paymentToken" | "coins">,
): boolean {
  return p.navBasis === "valuation" && p.currency !== null && paidInLabel(p) !== p.currency;
}

/** A position's row; `decimals` the reply's `amountUnit.decimals`. */
export function positionRow(p: PerformancePosition, decimals: number): PositionRow {
  const coin = unitOf(paidInLabel(p), decimals);
  // NAV figures are in the property's currency while they come from its valuation; after a sale, in the coin.
  const nav = p.navBasis === "valuation" && p.currency ? unitOf(p.currency, decimals) : coin;
  return {
    key: `${p.token}-${p.partition}`,
    propertyId: p.propertyId,
    property: p.propertyName ?? p.symbol ?? p.token,
    tokenClass: partitionName(p.partition),
    units: BigInt(p.units).toString(),
    ownership: p.ownershipPercent === null ? "—" : `${p.ownershipPercent}%`,
    costBasis: money(p.costBasis, coin),
    incomeReceived: money(p.incomeReceived, coin),
    navPerUnit: money(p.navPerUnit, nav),
    valueAtNav: money(p.valueAtNav, nav),
    gainAtNav: money(p.unrealizedGain, nav),
    irr: formatRate(p.irr),
    pending: BigInt(p.pendingSubscription) > 0n ? money(p.pendingSubscription, coin) : null,
    capitalReturned: someMoney(p.capitalReturned, coin),
    sale: saleText(p, coin),
  };
}

/**
 * "Sold: each unit redeems for 1,200.00 tUSD; 45.00 tUSD received, 18.00 tUSD to redeem" (either part alone when the
 * other is zero); null before a sale.
 */
function saleText(p: PerformancePosition, coin: Coin): string | null {
  const received = BigInt(p.realizedProceeds);
  const toRedeem = p.unredeemed === null ? 0n : BigInt(p.unredeemed);
  if (p.unredeemed === null && received === 0n) return null;
  const parts = [
    received > 0n ? `${formatMoney(received, coin)} received` : null,
    toRedeem > 0n ? `${formatMoney(toRedeem, coin)} to redeem` : null,
  ].filter((part) => part !== null);
  const price =
    p.navBasis === "sale" && p.navPerUnit !== null ? `each unit redeems for ${money(p.navPerUnit, coin)}; ` : "";
  return `Sold: ${price}${parts.length > 0 ? parts.join(", ") : "nothing to redeem"}`;
}

export interface TotalRow {
  key: string;
  /** "EUR, paid in tUSD". */
  title: string;
  costBasis: string;
  incomeReceived: string;
  /** The unsold positions at NAV (in the currency) and what sold units still redeem for (in the coin). */
  valueAtNav: string;
  gainAtNav: string;
  irr: string;
  /** Capital returned by refinances, in the cost basis already; null when none. */
  capitalReturned: string | null;
}

/** A total of one currency and coin; `decimals` the reply's `amountUnit.decimals`. */
export function totalRow(t: PerformanceTotal, decimals: number): TotalRow {
  const coin = unitOf(paidInLabel(t), decimals);
  const currency = t.currency ?? "Unknown currency";
  const value = [
    t.valueAtNav === null ? null : formatMoney(BigInt(t.valueAtNav), unitOf(currency, decimals)),
    t.unredeemed === null ? null : `${formatMoney(BigInt(t.unredeemed), coin)} to redeem`,
  ].filter((part) => part !== null);
  // The gain is in the currency while any of it rests on a valuation; all sold, in the coin.
  const gainIn = t.valueAtNav === null && t.unredeemed !== null ? coin : unitOf(currency, decimals);
  return {
    key: `${currency}-${t.paymentToken?.address ?? t.coins.map((c) => c.address).join("+")}`,
    title: `${currency}, paid in ${coin.symbol}`,
    costBasis: money(t.costBasis, coin),
    incomeReceived: money(t.incomeReceived, coin),
    valueAtNav: value.length > 0 ? value.join(" + ") : "—",
    gainAtNav: money(t.unrealizedGain, gainIn),
    irr: formatRate(t.irr),
    capitalReturned: someMoney(t.capitalReturned, coin),
  };
}

/** Positions whose coin's decimals are unknown: their units, and why they have no figures. */
export function unpricedLine(u: Performance["unpriced"][number]): string {
  return `${u.propertyName ?? u.symbol ?? u.token}: ${u.units} units, paid in ${coinLabel(u.paymentToken)}, a coin that did not say its decimals, so no amount of it can be shown`;
}

/**
 * Whether the figures lag the chain (browser test L5): the holdings are read from the chain every few seconds, the
 * performance from the platform's record of it, a few blocks behind. When the units a token's positions add up to
 * differ from what the chain shows the wallet holding, a transaction is not counted yet (a redemption, a purchase).
 */
export function catchingUp(p: Pick<Performance, "positions" | "unpriced">, chainUnits: ReadonlyMap<string, bigint>) {
  const recorded = new Map<string, bigint>();
  for (const x of [...p.positions, ...p.unpriced])
    recorded.set(x.token.toLowerCase(), (recorded.get(x.token.toLowerCase()) ?? 0n) + BigInt(x.units));
  const onChain = new Map([...chainUnits].map(([token, units]) => [token.toLowerCase(), units]));
  const tokens = new Set([...recorded.keys(), ...onChain.keys()]);
  return [...tokens].some((token) => (recorded.get(token) ?? 0n) !== (onChain.get(token) ?? 0n));
}
