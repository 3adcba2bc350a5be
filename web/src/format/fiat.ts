/**
 * Amounts in a national currency (the property's: valuation, rent, lease payments), as the registry keeps them:
 * decimal strings with at most two decimals. They become integer cents (`bigint`) so sums are exact, and are shown
 * with the currency through `Intl.NumberFormat`'s currency style ("€18,000", "€1,455.50").
 */
import { NUMBER_LOCALE } from "./locale";

/** `"1455.5"` -> `145550n`; refuses anything that is not a non-negative decimal with at most two decimals. */
export function toCents(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`not an amount: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

export interface FiatOptions {
  /** `€1.2M` for cards. */
  compact?: boolean;
  /** Round to whole units of the currency (valuations). */
  whole?: boolean;
}

/** Cents in `currency`: whole amounts without decimals (`€18,000`), others with two (`€1,455.50`). */
export function formatCents(cents: bigint, currency: string, options: FiatOptions = {}): string {
  const exact = cents % 100n === 0n || options.whole;
  const format = new Intl.NumberFormat(NUMBER_LOCALE, {
    style: "currency",
    currency,
    ...(options.compact
      ? { notation: "compact", maximumFractionDigits: 1 }
      : { minimumFractionDigits: exact ? 0 : 2, maximumFractionDigits: exact ? 0 : 2 }),
  });
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  // Intl takes an exact decimal string (no float rounding however large the amount).
  const decimal = `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
  return format.format(decimal as unknown as number);
}

/** A registry decimal string in `currency` (`"600000.00"`, `"EUR"` -> `€600,000`); `null` stays "—". */
export function formatFiat(amount: string | null | undefined, currency: string, options: FiatOptions = {}): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  return formatCents(toCents(amount), currency, options);
}
