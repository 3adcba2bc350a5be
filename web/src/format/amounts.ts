/**
 * Money and unit amounts. Everything stays in `bigint` base units until it is shown: the payment stablecoin (its
 * decimals come from the deployment record, which read them on chain; 6 for USDC: 1 USDC = 1_000_000 base units)
 * and property units with 0 decimals (one token is one unit of a property).
 * Parsing user input is strict: an amount that cannot be represented exactly is refused, never rounded.
 */
/** The decimals assumed where a caller does not say (USDC, USDT, EURC and the TestStablecoin all have 6). */
export const STABLECOIN_DECIMALS = 6;
const STABLECOIN_SCALE = 10n ** BigInt(STABLECOIN_DECIMALS);

const grouping = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function groupDigits(whole: bigint): string {
  return grouping.format(whole);
}

export interface MoneyFormatOptions {
  /** Shown after the number, e.g. "USDC". */
  symbol?: string;
  /** Always show every decimal of the token (statements, receipts); by default two, plus any non-zero sub-cent digits. */
  full?: boolean;
  /** The token's decimals (default 6). */
  decimals?: number;
}

/** Formats stablecoin base units: `1234500000n` -> `1,234.50 USDC`; sub-cent amounts are never hidden. */
export function formatMoney(amount: bigint, options: MoneyFormatOptions = {}): string {
  const decimals = options.decimals ?? STABLECOIN_DECIMALS;
  const scale = 10n ** BigInt(decimals);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / scale;
  let fraction = decimals === 0 ? "" : (abs % scale).toString().padStart(decimals, "0");
  if (!options.full) fraction = fraction.replace(/0+$/, "").padEnd(Math.min(2, decimals), "0");
  const text = `${negative ? "-" : ""}${groupDigits(whole)}${fraction ? `.${fraction}` : ""}`;
  return options.symbol ? `${text} ${options.symbol}` : text;
}

/** Compact form for cards: `1.2M`, `350K`, `980.50`. */
export function formatMoneyCompact(amount: bigint, symbol?: string): string {
  const whole = Number(amount / STABLECOIN_SCALE);
  const text =
    whole >= 1_000_000
      ? `${trimNumber(whole / 1_000_000)}M`
      : whole >= 10_000
        ? `${trimNumber(whole / 1_000)}K`
        : formatMoney(amount);
  return symbol ? `${text} ${symbol}` : text;
}

function trimNumber(value: number): string {
  return (Math.floor(value * 10) / 10).toFixed(1).replace(/\.0$/, "");
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
    return { ok: false, error: decimals === 0 ? "Whole amounts only: this stablecoin has no decimals." : `At most ${decimals} decimal places.` };
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

/** Basis points as a percentage: `725` -> `7.25%`. */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

/** A share `part / whole` as a percentage for progress bars, clamped to 0..100, one decimal. */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  const perMille = (part * 1000n) / whole;
  return Math.min(100, Math.max(0, Number(perMille) / 10));
}
