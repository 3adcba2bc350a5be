/**
 * One unit for amounts paid in different coins. Every ledger amount is in base units of its own coin (the entry's
 * `coin`: a fill's order coin, else the token's offering coin, ledger.ts), and coins differ in decimals. A view that
 * shows several positions, or adds them up, first converts each amount with its own coin's decimals to a common unit:
 * 10^-decimals of the currency, `decimals` the most of any of the coins (at least the currency's minor units), so the
 * conversion only multiplies and is exact. A token any of whose amounts is in a coin of unknown decimals (the coin did
 * not answer `decimals()`, no stored offering pays in it, or no offering of the token is stored) has no figures: it
 * is `unpriced`.
 */
import { MINOR_UNIT_DECIMALS } from "../core/coin-amounts.ts";
import type { Coin, LedgerEntry, TokenInfo } from "./ledger.ts";

export interface AmountUnit {
  /** Amounts are units of 10^-decimals of the position's currency. */
  decimals: number;
  /**
   * Per priced token: what one base unit of its offering coin is in this unit (for what is stated in that coin
   * outside the ledger: a sale's proceeds, a proposal's amount).
   */
  factors: ReadonlyMap<string, bigint>;
  /** Per coin address of known decimals: what one base unit of it is in this unit. */
  coinFactors: ReadonlyMap<string, bigint>;
  /** Tokens with an amount in a coin of unknown decimals: no money figure of theirs can be stated. */
  unpriced: readonly string[];
}

const known = (coin: Coin | null | undefined): coin is Coin & { decimals: number } =>
  coin !== null && coin !== undefined && coin.decimals !== null;

/** The unit of `tokens`' figures: each priced by its offering coin and the coins of its ledger entries. */
export function amountUnit(
  tokens: readonly string[],
  info: ReadonlyMap<string, TokenInfo>,
  ledger: readonly LedgerEntry[],
): AmountUnit {
  const priced = tokens.filter((t) => known(info.get(t)?.coin) && ledger.every((e) => e.token !== t || known(e.coin)));
  const coins = new Map<string, number>();
  for (const t of priced) {
    const c = info.get(t)!.coin!;
    coins.set(c.address, c.decimals!);
  }
  for (const e of ledger) if (priced.includes(e.token) && known(e.coin)) coins.set(e.coin.address, e.coin.decimals);
  const decimals = Math.max(MINOR_UNIT_DECIMALS, ...coins.values());
  const factor = (d: number) => 10n ** BigInt(decimals - d);
  return {
    decimals,
    factors: new Map(priced.map((t) => [t, factor(info.get(t)!.coin!.decimals!)])),
    coinFactors: new Map([...coins].map(([address, d]) => [address, factor(d)])),
    unpriced: tokens.filter((t) => !priced.includes(t)),
  };
}

/**
 * The ledger's entries of priced tokens, each amount converted with its own coin's decimals into `unit` (the
 * unpriced tokens' entries are left out).
 */
export function ledgerIn(ledger: readonly LedgerEntry[], unit: AmountUnit): LedgerEntry[] {
  const priced = new Set(unit.factors.keys());
  return ledger.flatMap((e) => {
    const f = e.coin ? unit.coinFactors.get(e.coin.address) : undefined;
    return !priced.has(e.token) || f === undefined ? [] : [{ ...e, amount: e.amount * f }];
  });
}

/** NAV per unit in cents of the currency as an amount in `unit` (exact: `unit.decimals` is at least two). */
export const centsIn = (cents: bigint, unit: Pick<AmountUnit, "decimals">): bigint =>
  cents * 10n ** BigInt(unit.decimals - MINOR_UNIT_DECIMALS);

/** The distinct coins of `coins` (by address), in the order given. */
export function distinctCoins(coins: Iterable<Coin | null>): Coin[] {
  const out = new Map<string, Coin>();
  for (const c of coins) if (c && !out.has(c.address)) out.set(c.address, c);
  return [...out.values()];
}

/** The first coin of `token`'s entries whose decimals are unknown (its offering's coin, or an order's); null if none. */
export const unknownCoin = (ledger: readonly LedgerEntry[], token: string): Coin | null =>
  ledger.find((e) => e.token === token && e.coin !== null && e.coin.decimals === null)?.coin ?? null;
