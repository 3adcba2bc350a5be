/**
 * One unit for the amounts of positions paid in different coins. Each property token's amounts (offering payments,
 * rent and capital, trades, exit proceeds) are in base units of the coin it was launched with (the offering's
 * payment token, which the factory also registers as the token's rent book coin); coins differ in decimals. A view
 * that shows several positions, or adds them up per currency, first converts each position's amounts with its own
 * coin's decimals to a common unit: 10^-decimals of the currency, `decimals` the most of any of the coins (at least
 * the currency's minor units), so the conversion only multiplies and is exact. A token whose coin's decimals are
 * unknown (the coin did not answer `decimals()`, or no offering of it is stored) has no figures: it is `unpriced`.
 */
import { MINOR_UNIT_DECIMALS } from "../core/coin-amounts.ts";
import type { LedgerEntry, TokenInfo } from "./ledger.ts";

export interface AmountUnit {
  /** Amounts are units of 10^-decimals of the position's currency. */
  decimals: number;
  /** Per priced token: what one base unit of its coin is in this unit. */
  factors: ReadonlyMap<string, bigint>;
  /** Tokens whose coin's decimals are unknown: no money figure of theirs can be stated. */
  unpriced: readonly string[];
}

export function amountUnit(tokens: readonly string[], info: ReadonlyMap<string, TokenInfo>): AmountUnit {
  const known = tokens.flatMap((t) => {
    const d = info.get(t)?.coin?.decimals;
    return d === undefined || d === null ? [] : [[t, d] as const];
  });
  const decimals = Math.max(MINOR_UNIT_DECIMALS, ...known.map(([, d]) => d));
  return {
    decimals,
    factors: new Map(known.map(([t, d]) => [t, 10n ** BigInt(decimals - d)])),
    unpriced: tokens.filter((t) => !known.some(([k]) => k === t)),
  };
}

/** The ledger's entries of priced tokens, their amounts in `unit` (the unpriced tokens' entries are left out). */
export function ledgerIn(ledger: readonly LedgerEntry[], unit: AmountUnit): LedgerEntry[] {
  return ledger.flatMap((e) => {
    const f = unit.factors.get(e.token);
    return f === undefined ? [] : [{ ...e, amount: e.amount * f }];
  });
}

/** NAV per unit in cents of the currency as an amount in `unit` (exact: `unit.decimals` is at least two). */
export const centsIn = (cents: bigint, unit: Pick<AmountUnit, "decimals">): bigint =>
  cents * 10n ** BigInt(unit.decimals - MINOR_UNIT_DECIMALS);
