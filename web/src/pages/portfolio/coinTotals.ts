/**
 * The portfolio's money, each amount in the coin it is paid in (review 2026-12). An offering is paid, and its token's
 * rent distributed, in the stablecoin fixed at its launch: naming a new `--payment-token` applies to new launches
 * only, so a wallet may hold properties priced in different coins. Amounts of two coins are never added: the totals
 * are one line per coin. What sits in an offering's escrow for the wallet is what the offering's books say it paid
 * (`paidBy`), each unit at its own price (an invitation's may differ from the public one), never units x price.
 */
import { isAddressEqual, type Address } from "viem";
import { formatMoney, type Coin } from "../../format/amounts";

/** A payment token as the portfolio shows it: its address tells two coins apart, whatever their symbols. */
export interface PortfolioCoin extends Coin {
  address: Address;
}

/** A holding's amounts, each with its coin: the offering's for price and escrow, the rent book's for rent. */
export interface HoldingMoney {
  units: bigint;
  /** The offering's public price per unit, in `coin`: what "value at offering price" counts the units at. */
  pricePerUnit: bigint;
  /** Units subscribed, neither delivered nor refunded. */
  subscribedPending: bigint;
  /** What the wallet paid for `subscribedPending` (the offering's `paidBy`), in `coin`: see `escrowedOf`. */
  escrowed: bigint;
  /** In `rentCoin`. */
  claimableRent: bigint;
  rentOnHold: boolean;
  /** The offering's payment token (its terms'). */
  coin: PortfolioCoin;
  /** The token's rent book's payment token (the distributor's `paymentTokenOf`). */
  rentCoin: PortfolioCoin;
}

/** A history entry as the totals read it: rent claimed (`kind` "Rent") in the coin it was paid in. */
export interface RentReceived {
  kind: string;
  amount?: bigint | undefined;
  coin?: PortfolioCoin | undefined;
}

/** The portfolio's figures in one coin. */
export interface CoinTotals {
  coin: PortfolioCoin;
  value: bigint;
  escrowed: bigint;
  claimable: bigint;
  rentReceived: bigint;
}

/**
 * What the offering holds for the wallet: what it paid (`paidBy`) while the subscription is unsettled. A claim (units
 * delivered) or a refund (all of it returned) settles the whole position, so there is no partial refund to subtract.
 */
export function escrowedOf({ subscribed, settled, paid }: { subscribed: bigint; settled: boolean; paid: bigint }) {
  return settled || subscribed === 0n ? 0n : paid;
}

/** The totals line of `coin` in `lines`, added in first-met order when there is none yet. */
function lineOf(lines: CoinTotals[], coin: PortfolioCoin): CoinTotals {
  const found = lines.find((l) => isAddressEqual(l.coin.address, coin.address));
  if (found) return found;
  const line = { coin, value: 0n, escrowed: 0n, claimable: 0n, rentReceived: 0n };
  lines.push(line);
  return line;
}

/**
 * One line per coin met (in the holdings' order, then the rent history's): the value at the offering price and the
 * escrow in each offering's coin, the claimable rent (not on hold) and the rent received in each rent book's coin.
 */
export function totalsByCoin(holdings: HoldingMoney[], history: RentReceived[]): CoinTotals[] {
  const lines: CoinTotals[] = [];
  for (const h of holdings) {
    const offering = lineOf(lines, h.coin);
    offering.value += h.units * h.pricePerUnit;
    offering.escrowed += h.escrowed;
    const rent = lineOf(lines, h.rentCoin);
    if (!h.rentOnHold) rent.claimable += h.claimableRent;
  }
  for (const e of history)
    if (e.kind === "Rent" && e.coin && e.amount !== undefined) lineOf(lines, e.coin).rentReceived += e.amount;
  return lines;
}

/** A totals line as the page shows it; the escrow only when something is in it. */
export function totalsFigures(t: CoinTotals): { label: string; value: string; testId: string }[] {
  const money = (amount: bigint) => formatMoney(amount, t.coin);
  return [
    { label: "Value at offering price", value: money(t.value), testId: "value" },
    ...(t.escrowed > 0n
      ? [{ label: "In escrow (not yet claimed)", value: money(t.escrowed), testId: "escrowed" }]
      : []),
    { label: "Claimable rent", value: money(t.claimable), testId: "claimable-rent" },
    { label: "Rent received", value: money(t.rentReceived), testId: "rent-received" },
  ];
}

/** Amounts of different coins in words, each in its own: "1.50 tUSD", "1.50 tUSD and 0.50 EURC", "a, b and c". */
export function amountsText(amounts: { amount: bigint; coin: Coin }[]): string {
  const each = amounts.map((a) => formatMoney(a.amount, a.coin));
  return each.length <= 1 ? (each[0] ?? "") : `${each.slice(0, -1).join(", ")} and ${each.at(-1)}`;
}
