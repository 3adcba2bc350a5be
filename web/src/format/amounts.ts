/**
 * Money and unit amounts. Everything stays in `bigint` base units until it is shown: the payment stablecoin (its
 * decimals come from the deployment record, which read them on chain; 6 for USDC: 1 USDC = 1_000_000 base units)
 * and property units with 0 decimals (one token is one unit of a property).
 * Parsing user input is strict: an amount that cannot be represented exactly is refused, never rounded.
 */
import { NUMBER_LOCALE } from "./locale";

/** The decimals assumed where a caller does not say (USDC, USDT, EURC and the TestStablecoin all have 6). */
export const STABLECOIN_DECIMALS = 6;

const grouping = new Intl.NumberFormat(NUMBER_LOCALE, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(NUMBER_LOCALE, {
  notation: "compact",
  maximumFractionDigits: 1,
  roundingMode: "trunc",
});

function groupDigits(whole: bigint): string {
  return grouping.format(whole);
}

/** A payment token as amounts are shown in it: its symbol ("USDC", "tUSD") and decimals, from the deployment record or the chain. */
export interface Coin {
  symbol: string;
  decimals: number;
}

export interface MoneyFormatOptions {
  /** Always show every decimal of the token (statements, receipts); by default two, plus any non-zero sub-cent digits. */
  full?: boolean;
}

/**
 * The bare number of `amount` base units of a token with `decimals` ("1,234.50"), for input fields a person edits.
 * Anything shown as an amount goes through `formatMoney`, which names the token.
 */
export function formatAmountNumber(amount: bigint, decimals: number, options: MoneyFormatOptions = {}): string {
  const scale = 10n ** BigInt(decimals);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / scale;
  let fraction = decimals === 0 ? "" : (abs % scale).toString().padStart(decimals, "0");
  if (!options.full) fraction = fraction.replace(/0+$/, "").padEnd(Math.min(2, decimals), "0");
  return `${negative ? "-" : ""}${groupDigits(whole)}${fraction ? `.${fraction}` : ""}`;
}

/** Formats token base units with the token's symbol: `1234500000n` -> `1,234.50 USDC`; sub-cent amounts are never hidden. */
export function formatMoney(amount: bigint, coin: Coin, options: MoneyFormatOptions = {}): string {
  return `${formatAmountNumber(amount, coin.decimals, options)} ${coin.symbol}`;
}

/** Compact form for cards, with the token's symbol: `1.2M USDC`, `350K USDC`, `980.50 USDC` (below 10,000 in full). */
export function formatMoneyCompact(amount: bigint, coin: Coin): string {
  const whole = amount / 10n ** BigInt(coin.decimals);
  return whole >= 10_000n || whole <= -10_000n ? `${compact.format(whole)} ${coin.symbol}` : formatMoney(amount, coin);
}

/** The bare grouped number of units ("12,500"), for an input field a person edits; shown amounts use `formatUnits`. */
export function formatUnitsNumber(units: bigint): string {
  return groupDigits(units);
}

/** Formats a count of property units: `1 unit`, `12,500 units`. */
export function formatUnits(units: bigint): string {
  return `${groupDigits(units)} ${units === 1n || units === -1n ? "unit" : "units"}`;
}

export type ParseResult = { ok: true; value: bigint } | { ok: false; error: string };

/** Parses a stablecoin amount typed by a user ("1,250.5") into base units; refuses more decimals than the token has. */
export function parseMoneyInput(input: string, decimals = STABLECOIN_DECIMALS): ParseResult {
  const text = input.trim().replace(/,/g, "");
  if (text === "") return { ok: false, error: "Enter an amount." };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return { ok: false, error: "Enter a number, for example 1,000.50." };
  }
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    return {
      ok: false,
      error:
        decimals === 0 ? "Whole amounts only: this stablecoin has no decimals." : `At most ${decimals} decimal places.`,
    };
  }
  const value = BigInt(match[1] || "0") * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  if (value === 0n) return { ok: false, error: "The amount must be more than zero." };
  return { ok: true, value };
}

/** Parses a whole number of property units ("1,200"); fractions of a unit do not exist. */
export function parseUnitsInput(input: string): ParseResult {
  const text = input.trim().replace(/,/g, "");
  if (text === "") return { ok: false, error: "Enter a number of units." };
  if (/^\d+\.\d*$/.test(text)) return { ok: false, error: "Units are whole: a unit cannot be split." };
  if (!/^\d+$/.test(text)) return { ok: false, error: "Enter a whole number of units, for example 10." };
  const value = BigInt(text);
  if (value === 0n) return { ok: false, error: "Buy at least one unit." };
  return { ok: true, value };
}

/** What `units` cost at `pricePerUnit` (stablecoin base units per unit). */
export function costOf(units: bigint, pricePerUnit: bigint): bigint {
  return units * pricePerUnit;
}

/** How many whole units a budget buys, and what is left over. */
export function unitsForBudget(budget: bigint, pricePerUnit: bigint): { units: bigint; remainder: bigint } {
  if (pricePerUnit <= 0n) throw new RangeError("pricePerUnit must be positive");
  return { units: budget / pricePerUnit, remainder: budget % pricePerUnit };
}

const oneDecimal = new Intl.NumberFormat(NUMBER_LOCALE, { maximumFractionDigits: 1 });

/** Basis points as an exact percentage, never rounded: `725` -> `7.25%`, `600` -> `6%`, `3333` -> `33.33%`. */
export function formatBps(bps: number): string {
  if (!Number.isSafeInteger(bps)) throw new RangeError(`not basis points: ${bps}`);
  const abs = Math.abs(bps);
  const rest = abs % 100;
  const fraction = rest === 0 ? "" : `.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
  return `${bps < 0 ? "-" : ""}${groupDigits(BigInt(Math.trunc(abs / 100)))}${fraction}%`;
}

/** A score from 0 to 1 as a whole percentage, rounded down (screening scores): `0.876` -> `87%`. */
export function formatScore(score: number): string {
  return `${Math.floor(Math.round(score * 10_000) / 100)}%`;
}

/** A percentage already in percent, one decimal (progress bars): `33.3` -> `33.3%`. */
export function formatPercent(value: number): string {
  return `${oneDecimal.format(value)}%`;
}

/** An area in square metres from the registry's decimal string: `"1250.5"` -> `1,250.5 m²`; `null` when unknown. */
export function formatArea(sqm: string | number | null | undefined): string | null {
  if (sqm === null || sqm === undefined || sqm === "") return null;
  const value = Number(sqm);
  return Number.isFinite(value) ? `${oneDecimal.format(value)} m²` : null;
}

/** A share `part / whole` as a percentage for progress bars, clamped to 0..100, one decimal. */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  const perMille = (part * 1000n) / whole;
  return Math.min(100, Math.max(0, Number(perMille) / 10));
}
