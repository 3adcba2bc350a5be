/**
 * The figures of an investor's positions from their ledger, as of a date: per token and class, the average-cost
 * position (`position`), income, NAV value and unrealized gain (`unrealizedGain`), and IRR (`xirr`) of the cash
 * flows with the position's value at NAV as the last flow. Every figure is @freehold/finance's; this module only
 * turns ledger entries into its inputs. Money is in one unit for all positions (amount-unit.ts: each entry's coin's
 * base units converted with that coin's own decimals): the ledger given is already in it, and NAV is converted to it.
 * Each position says which coins its amounts were paid in (`coins`): one coin, its figures are that coin's; several (a
 * settlement order may name a coin other than the token's offering coin), its figures add amounts of those coins, one
 * unit of each counted as one unit of the property's currency, as a gain at NAV already does (no exchange rate).
 */
import { position, unrealizedGain, xirr, type CashFlow, type PositionEntry } from "@freehold/finance";
import { zeroHash } from "viem";
import { redeemsFor } from "../valuations/nav.ts";
import { centsIn, distinctCoins, type AmountUnit } from "./amount-unit.ts";
import type { Coin, LedgerEntry, TokenInfo } from "./ledger.ts";

export interface NavAt {
  /** NAV per unit in cents of the property's currency; null while no unit is outstanding. */
  perUnitCents: bigint | null;
  valuedOn: Date;
}

/**
 * What NAV per unit and value at NAV rest on: the latest approved valuation (amounts in the property's currency), or,
 * once the property's exit closed a sale, what the units redeem for (amounts in the position's payment coin).
 */
export type NavBasis = "valuation" | "sale";

export interface PositionFigures {
  token: string;
  partition: string;
  info: TokenInfo | undefined;
  /**
   * The coins its money moved in (amounts not zero; the token's offering coin when none moved): more than one when it traded in a coin other than its other amounts'. Its money figures are then in the
   * property's currency, each coin counted 1:1, never in one coin's name.
   */
  coins: Coin[];
  units: bigint;
  /** The token's units outstanding; after a sale the units outstanding at the close (what the proceeds are shared over). */
  supply: bigint;
  /** Average cost of the units held, net of capital returned (down to zero). */
  costBasis: bigint;
  /** Rent claimed only. */
  incomeReceived: bigint;
  /** Sales' proceeds less the basis they removed, plus capital returned beyond the basis. */
  realizedGain: bigint;
  /** Capital returned by refinances, claimed (issue 19): it lowered the basis; not income. */
  capitalReturned: bigint;
  /** Paid into an offering and neither delivered as units nor refunded yet (held in escrow), at cost. */
  pendingSubscription: bigint;
  /** "valuation": NAV per unit and value at NAV in the property's currency; "sale": in the payment coin; null: none. */
  navBasis: NavBasis | null;
  navPerUnit: bigint | null;
  /** The valuation's date, or the day the sale closed. */
  navValuedOn: Date | null;
  /** Units x NAV per unit; after a sale what the units redeem for (= `unredeemed`). */
  valueAtNav: bigint | null;
  unrealizedGain: bigint | null;
  irr: number | null;
  /** Paid by the property's exit for the units redeemed (issue 19). */
  realizedProceeds: bigint;
  /** After a sale: what the units still held redeem for (units x proceeds / supplyAtClose, rounded down); else null. */
  unredeemed: bigint | null;
}

/**
 * A token's sale (the exit's ProceedsDeposited): what its units redeem for. `proceeds` in base units of the token's
 * coin (the exit rounds in those), `factor` what one base unit is in the figures' unit (amount-unit.ts).
 */
export interface SaleTerms {
  proceeds: bigint;
  supplyAtClose: bigint;
  factor: bigint;
  closedAt: Date;
}

const key = (token: string, partition: string) => `${token}|${partition}`;

/**
 * Splits `amount` over `weights` in proportion, the remainder (from rounding down) to the largest weights first,
 * so the parts always sum to the amount. All weights zero: everything to the first.
 */
function allocate(amount: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map((_, i) => (i === 0 ? amount : 0n));
  const parts = weights.map((w) => (amount * w) / total);
  let rest = amount - parts.reduce((a, b) => a + b, 0n);
  const order = weights.map((w, i) => ({ w, i })).sort((a, b) => (a.w === b.w ? a.i - b.i : a.w > b.w ? -1 : 1));
  for (let k = 0; rest > 0n; k = (k + 1) % order.length, rest--) parts[order[k]!.i]! += 1n;
  return parts;
}

/** A position entry and the coin its amount was paid in. */
type CoinEntry = PositionEntry & { coin: Coin | null };

/** The coins of `entries` whose amount is not zero (a gift moves no money), in order. */
const coinsOf = (entries: readonly CoinEntry[]) =>
  distinctCoins(entries.flatMap((e) => (e.amount === 0n ? [] : [e.coin])));

interface Book {
  token: string;
  partition: string;
  entries: CoinEntry[];
  flows: CashFlow[];
  units: bigint;
  escrow: bigint;
  redeemed: bigint;
  /** The coins of money that moved without a position entry (subscriptions, refunds). */
  paid: (Coin | null)[];
}

/**
 * Per (token, class) books from the ledger (chain order). Offering payments and refunds belong to the offering's
 * class; rent, paid per token, is split over the classes held at the claim in proportion to their units (all to
 * the offering's class when none is held any more); so is capital returned by a refinance, a cash flow of the
 * return and a return of capital (it lowers the cost basis when claimed, as rent is income when claimed), not income.
 */
export function books(ledger: readonly LedgerEntry[], tokens: ReadonlyMap<string, TokenInfo>): Book[] {
  const all = new Map<string, Book>();
  const book = (token: string, partition: string): Book => {
    const k = key(token, partition);
    let b = all.get(k);
    if (!b) {
      b = { token, partition, entries: [], flows: [], units: 0n, escrow: 0n, redeemed: 0n, paid: [] };
      all.set(k, b);
    }
    return b;
  };
  const offeringClass = (token: string) => tokens.get(token)?.offeringPartition ?? zeroHash;
  for (const e of ledger) {
    switch (e.kind) {
      case "SUBSCRIPTION_PAID":
      case "REFUND": {
        const b = book(e.token, offeringClass(e.token));
        const sign = e.kind === "REFUND" ? 1n : -1n;
        b.flows.push({ at: e.at, amount: sign * e.amount });
        b.escrow -= sign * e.amount;
        // Money in escrow is not a position entry, but its coin is one the position paid in.
        if (e.amount !== 0n) b.paid.push(e.coin);
        break;
      }
      case "RENT_CLAIMED":
      case "CAPITAL_RETURNED": {
        // Both are cash flows back to the investor; rent is income, capital returned by a refinance lowers the basis.
        const held = [...all.values()].filter((b) => b.token === e.token && b.units > 0n);
        const targets = held.length > 0 ? held : [book(e.token, offeringClass(e.token))];
        const parts = allocate(
          e.amount,
          targets.map((b) => b.units),
        );
        targets.forEach((b, i) => {
          const kind = e.kind === "RENT_CLAIMED" ? "INCOME" : "RETURN_OF_CAPITAL";
          b.entries.push({ kind, at: e.at, units: 0n, amount: parts[i]!, coin: e.coin });
          b.flows.push({ at: e.at, amount: parts[i]! });
        });
        break;
      }
      default: {
        const b = book(e.token, e.partition!);
        const incoming = e.kind === "UNITS_CLAIMED" || e.kind === "TRADE_BUY" || e.kind === "TRANSFER_IN";
        // A redemption sells the units to the exit for the payout: a realized gain and a cash flow in.
        if (e.kind === "EXIT_REDEEMED") {
          b.redeemed += e.amount;
          b.flows.push({ at: e.at, amount: e.amount });
        }
        b.entries.push({ kind: incoming ? "BUY" : "SELL", at: e.at, units: e.units, amount: e.amount, coin: e.coin });
        b.units += incoming ? e.units : -e.units;
        if (e.kind === "UNITS_CLAIMED") b.escrow -= e.amount;
        if (e.kind === "TRADE_BUY") b.flows.push({ at: e.at, amount: -e.amount });
        if (e.kind === "TRADE_SELL") b.flows.push({ at: e.at, amount: e.amount });
      }
    }
  }
  return [...all.values()];
}

/**
 * The figures of every book as of `asOf`, the ledger's amounts and the figures in `unit`, NAV per unit of each token
 * as given (absent: unknown). A sold token's (`sales`) units are worth what they redeem for, not its valuation's
 * NAV: NAV per unit is the exit's price per unit, value at NAV what the units redeem for (the IRR's last flow, so the
 * final return once all are redeemed), and the share is of the units outstanding at the close.
 */
export function positionFigures(
  ledger: readonly LedgerEntry[],
  tokens: ReadonlyMap<string, TokenInfo>,
  navs: ReadonlyMap<string, NavAt>,
  supplies: ReadonlyMap<string, bigint>,
  asOf: Date,
  unit: Pick<AmountUnit, "decimals">,
  sales: ReadonlyMap<string, SaleTerms> = new Map(),
): PositionFigures[] {
  return books(ledger, tokens)
    .map((b) => {
      const p = position(b.entries);
      const sale = sales.get(b.token);
      // After a sale a unit is worth what it redeems for, rounded down in the coin's base units as the exit pays.
      const unredeemed = sale === undefined ? null : redeemsFor(sale, p.units) * sale.factor;
      const nav = navs.get(b.token);
      const navPerUnit = sale
        ? redeemsFor(sale, 1n) * sale.factor
        : nav?.perUnitCents !== null && nav?.perUnitCents !== undefined
          ? centsIn(nav.perUnitCents, unit)
          : null;
      const valueAtNav = unredeemed ?? (navPerUnit === null ? (p.units === 0n ? 0n : null) : p.units * navPerUnit);
      const pendingSubscription = b.escrow > 0n ? b.escrow : 0n;
      const terminal = valueAtNav === null ? null : valueAtNav + pendingSubscription;
      return {
        token: b.token,
        partition: b.partition,
        info: tokens.get(b.token),
        coins: bookCoins(b, tokens.get(b.token)),
        units: p.units,
        supply: sale ? sale.supplyAtClose : (supplies.get(b.token) ?? 0n),
        costBasis: p.costBasis,
        incomeReceived: p.incomeReceived,
        realizedGain: p.realizedGain,
        capitalReturned: p.capitalReturned,
        pendingSubscription,
        navBasis: sale ? ("sale" as const) : navPerUnit === null ? null : ("valuation" as const),
        navPerUnit,
        navValuedOn: sale ? sale.closedAt : (nav?.valuedOn ?? null),
        valueAtNav,
        unrealizedGain:
          unredeemed !== null
            ? unredeemed - p.costBasis
            : navPerUnit === null
              ? p.units === 0n
                ? 0n
                : null
              : unrealizedGain(p, navPerUnit),
        irr: terminal === null ? null : xirr([...b.flows, { at: asOf, amount: terminal }]),
        realizedProceeds: b.redeemed,
        unredeemed,
      };
    })
    .sort((a, b) => (a.token === b.token ? a.partition.localeCompare(b.partition) : a.token.localeCompare(b.token)));
}

/** The coins a book's money moved in; the token's offering coin when none did. */
function bookCoins(b: Book, info: TokenInfo | undefined): Coin[] {
  const coins = distinctCoins([...b.paid, ...coinsOf(b.entries)]);
  return coins.length > 0 ? coins : distinctCoins([info?.coin ?? null]);
}

/** The IRR of several positions together (their flows, and their summed value at NAV, or unredeemed, as of `asOf`). */
export function combinedIrr(
  ledger: readonly LedgerEntry[],
  tokens: ReadonlyMap<string, TokenInfo>,
  figures: readonly PositionFigures[],
  asOf: Date,
): number | null {
  const held = (f: PositionFigures) => f.valueAtNav;
  if (figures.some((f) => held(f) === null)) return null;
  const wanted = new Set(figures.map((f) => key(f.token, f.partition)));
  const flows = books(ledger, tokens)
    .filter((b) => wanted.has(key(b.token, b.partition)))
    .flatMap((b) => b.flows);
  const terminal = figures.reduce((t, f) => t + held(f)! + f.pendingSubscription, 0n);
  return xirr([...flows, { at: asOf, amount: terminal }]);
}

/** Units as a percentage of the supply with two decimals, rounded down ("40.00"); null without supply. */
export function ownershipPercent(units: bigint, supply: bigint): string | null {
  if (supply <= 0n) return null;
  const bp = (units * 10_000n) / supply;
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, "0")}`;
}

export interface Disposal {
  token: string;
  partition: string;
  at: Date;
  units: bigint;
  proceeds: bigint;
  /** The average-cost basis the sale removed. */
  costRemoved: bigint;
  gain: bigint;
  /**
   * The coins of the proceeds and of the basis removed (the position's entries up to the sale): several when the
   * units were bought in one coin and sold in another, the figures then counting each coin 1:1.
   */
  coins: Coin[];
}

/** Every sale or transfer out in [start, end), with the basis it removed: `position` before and after it. */
export function disposals(
  ledger: readonly LedgerEntry[],
  tokens: ReadonlyMap<string, TokenInfo>,
  start: Date,
  end: Date,
): Disposal[] {
  return books(ledger, tokens).flatMap((b) =>
    b.entries.flatMap((e, i) => {
      if (e.kind !== "SELL" || e.at < start || e.at >= end) return [];
      const before = position(b.entries.slice(0, i));
      const after = position(b.entries.slice(0, i + 1));
      const costRemoved = before.costBasis - after.costBasis;
      return [
        {
          token: b.token,
          partition: b.partition,
          at: e.at,
          units: e.units,
          proceeds: e.amount,
          costRemoved,
          gain: e.amount - costRemoved,
          coins: distinctCoins([...coinsOf(b.entries.slice(0, i + 1)), e.coin]),
        },
      ];
    }),
  );
}
