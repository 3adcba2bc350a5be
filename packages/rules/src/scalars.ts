/**
 * Scalars the backend's request schemas and the web's forms share: money and areas as decimal strings, calendar
 * dates, bounded text, counts. Each message is written for the person filling a form (the backend's 400 details
 * carry the same words). Patterns and bounds are what the OpenAPI document states: keep them as they are.
 */
import { z } from "zod";

const capitalized = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const thousands = new Intl.NumberFormat("en-US");

/** A refinement said only of a value that passed the checks before it (one message per mistake). */
const afterChecks = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** What a wrong decimal string is told: empty, too many decimals, too large, or not a number at all. */
function decimalError(what: string, example: string, tooLarge: string) {
  return (issue: { input?: unknown }): string => {
    const text = typeof issue.input === "string" ? issue.input.trim() : "";
    if (text === "") return `Enter ${what}.`;
    if (/^\d+\.\d{3,}$/.test(text)) return "At most two decimal places.";
    if (/^\d+(\.\d{1,2})?$/.test(text)) return tooLarge;
    return `Enter ${what} as a number, for example ${example}.`;
  };
}

/** A non-negative amount as a decimal string with at most 2 decimals (never a float); `what` names it in messages. */
export const amount = (what = "the amount") =>
  z
    .string()
    .regex(/^\d{1,16}(\.\d{1,2})?$/, { error: decimalError(what, "1500.00", `${capitalized(what)} is too large.`) })
    .meta({ example: "250000.00" });

/** An amount greater than zero. */
export const positiveAmount = (what = "the amount") =>
  amount(what).refine((v) => Number(v) > 0, {
    message: `${capitalized(what)} must be more than zero.`,
    ...afterChecks,
  });

/** A decimal string with at most 2 decimals ("1234.5") as whole hundredths (123450n): exact, unlike Number. */
const hundredths = (text: string): bigint => {
  const [whole = "0", part = ""] = text.split(".");
  return BigInt(whole) * 100n + BigInt(part.padEnd(2, "0"));
};

/** An amount greater than zero and at most `max` (a decimal string), with the reason for the bound in its message. */
export const positiveAmountAtMost = (what: string, max: string, why: string) => {
  const [whole = "0", part = ""] = max.split(".");
  const shown = `${thousands.format(BigInt(whole))}.${part.padEnd(2, "0")}`;
  return positiveAmount(what).refine((v) => hundredths(v) <= hundredths(max), {
    message: `${capitalized(what)} is at most ${shown}, ${why}.`,
    ...afterChecks,
  });
};

/** Money as a decimal string with at most 2 decimals (never a float). */
export const Money = amount();

export const PositiveMoney = positiveAmount();

/** An area in square metres greater than zero, as a decimal string with at most 2 decimals. */
export const area = (what = "the area") =>
  z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { error: decimalError(what, "75.50", `${capitalized(what)} is too large.`) })
    .refine((v) => Number(v) > 0, { message: `${capitalized(what)} must be more than zero.`, ...afterChecks });

export const Area = area();

/** A percentage from 0 to 100 with at most 2 decimals, as a decimal string. */
export const percent = (what = "the percentage") =>
  z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, { error: decimalError(what, "3.00", "At most 100%.") })
    .refine((v) => Number(v) <= 100, { message: "At most 100%.", ...afterChecks });

/** A whole number from 0 to 10,000 (bedrooms, bathrooms, parking spaces). */
export const count = (message = "A whole number, 0 or more.") =>
  z.number({ error: message }).int(message).min(0, message).max(10_000, message);

export const SmallCount = count();

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "A currency code of three capital letters (ISO 4217), for example EUR.")
  .meta({ example: "USD" });

/**
 * A calendar date, `YYYY-MM-DD`, from year 0001: ISO 8601's year 0000 is a date that PostgreSQL refuses (it has no
 * year 0), so it is refused here with a 400 instead of failing in the query (found by the OpenAPI-wide fuzz).
 */
export const dateOnly = (message = "A date as YYYY-MM-DD, from year 0001 on.") =>
  z.iso.date({ error: message }).refine((value) => value >= "0001-01-01", { message, ...afterChecks });

export const DateOnly = dateOnly();

/** The instants PostgreSQL's timestamptz and a JavaScript Date both hold and print as ISO 8601: years 0001..9999 UTC. */
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00Z");
const END_INSTANT = Date.parse("+010000-01-01T00:00:00Z");

/**
 * An instant, ISO 8601 with a UTC offset (`Z` or `±hh:mm`; with `offset: false`, `Z` only), in years 0001 to 9999
 * in UTC. The format alone takes year 0000, and an offset moves 0001-01-01T00:00:00+01:00 into year 0000 and
 * 9999-12-31T23:59:59-01:00 into year 10000: PostgreSQL refused those in the query (a 500, found by review), so
 * they are refused here with a 400. Every date-time a request carries (query or body) is this scalar.
 */
export const dateTime = (options: { offset?: boolean; message?: string } = {}) => {
  const offset = options.offset ?? true;
  const message =
    options.message ??
    `A date and time as ISO 8601${offset ? " with its offset" : " in UTC"}, for example 2026-01-31T12:00:00Z, in years 0001 to 9999 (UTC).`;
  return z.iso.datetime({ offset, error: message }).refine(
    (value) => {
      const at = Date.parse(value);
      return at >= FIRST_INSTANT && at < END_INSTANT;
    },
    { message, ...afterChecks },
  );
};

export const DateTime = dateTime();

/** Trimmed non-empty text of bounded length; `empty` is what a blank value is told. */
export const Text = (max: number, empty = "Enter some text.") =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(max, `At most ${thousands.format(max)} characters.`);
