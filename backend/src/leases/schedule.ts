/**
 * Rent schedule arithmetic, pure and deterministic (tested directly). Periods are half-open date ranges
 * [periodStart, periodEnd) of one month or one quarter from the lease start; the last one is cut at the lease end
 * and prorated by days. Rent escalates by `escalationPercent` on every anniversary of the start date (compounded),
 * rounded to cents half-up. Rent falls due on the first `dueDay` of a month on or after the period start.
 * A schedule has at most MAX_PERIODS periods, and neither the rent nor any period's amount above MAX_RENT, what one
 * month's RENT line of the financial statement holds: an instalment above it could never be recorded in full, since a
 * payment that takes its month past that line is refused (rent_too_large). Anything else is refused with a 422 naming
 * the rule, at lease creation already (service.ts builds the schedule to check) and at the activation of an older draft.
 */
import { Prisma } from "../generated/prisma/client.ts";
import { RuleViolationError } from "../core/errors.ts";
import { MAX_LINE_MINOR_UNITS } from "../financials/schemas.ts";

const Decimal = Prisma.Decimal;
type Decimal = Prisma.Decimal;

export interface LeaseTerms {
  startDate: Date;
  endDate: Date;
  rentAmount: Decimal | string;
  frequency: "MONTHLY" | "QUARTERLY";
  dueDay: number;
  escalationPercent: Decimal | string;
}

export interface ScheduledPeriod {
  periodStart: Date;
  periodEnd: Date;
  dueDate: Date;
  amountDue: Decimal;
}

const DAY_MS = 86_400_000;
/** Most rent periods one lease may have: 100 years of monthly rent. */
export const MAX_PERIODS = 1_200;
/**
 * The largest rent (and instalment) a lease may ask: a month's financial line, in currency units (9999999999999.99).
 * The request rules refuse a larger rent before it gets here (@freehold/rules, the web's form too); an escalated
 * instalment is only known here.
 */
export const MAX_RENT = new Decimal(MAX_LINE_MINOR_UNITS.toString()).div(100);

function refuseAboveMaxRent(what: string, amount: Decimal): void {
  if (amount.gt(MAX_RENT))
    throw new RuleViolationError(
      "rent_out_of_range",
      `${what} (${amount.toFixed(2)}) is more than ${MAX_RENT.toFixed(2)}, the most a month's financial statement records as rent collected; lower the rent, the escalation or the term`,
    );
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const d = date.getUTCDate();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay)));
}

export function daysBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / DAY_MS);
}

export function dueDateFor(periodStart: Date, dueDay: number): Date {
  const sameMonth = new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth(), dueDay));
  return sameMonth >= periodStart
    ? sameMonth
    : new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, dueDay));
}

export function generateSchedule(terms: LeaseTerms): ScheduledPeriod[] {
  const step = terms.frequency === "MONTHLY" ? 1 : 3;
  const base = new Decimal(terms.rentAmount);
  refuseAboveMaxRent("the rent", base);
  const factor = new Decimal(1).plus(new Decimal(terms.escalationPercent).div(100));
  const periods: ScheduledPeriod[] = [];
  for (let i = 0; ; i++) {
    const periodStart = addMonths(terms.startDate, i * step);
    if (periodStart >= terms.endDate) break;
    const fullEnd = addMonths(terms.startDate, (i + 1) * step);
    const periodEnd = fullEnd < terms.endDate ? fullEnd : terms.endDate;
    const yearIndex = Math.floor((i * step) / 12);
    let amount = base.mul(factor.pow(yearIndex));
    if (periodEnd < fullEnd)
      amount = amount.mul(daysBetween(periodStart, periodEnd)).div(daysBetween(periodStart, fullEnd));
    amount = amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (amount.lte(0)) break;
    refuseAboveMaxRent(
      `the escalated rent of period ${i + 1} (from ${periodStart.toISOString().slice(0, 10)})`,
      amount,
    );
    if (periods.length === MAX_PERIODS) {
      throw new RuleViolationError(
        "lease_too_long",
        `a lease may have at most ${MAX_PERIODS} rent periods (100 years of monthly rent); shorten the term`,
      );
    }
    periods.push({ periodStart, periodEnd, dueDate: dueDateFor(periodStart, terms.dueDay), amountDue: amount });
  }
  return periods;
}

/** Monthly equivalent of the first year's rent, for the deposit limit. */
export function monthlyRent(rentAmount: Decimal | string, frequency: "MONTHLY" | "QUARTERLY"): Decimal {
  return new Decimal(rentAmount).div(frequency === "MONTHLY" ? 1 : 3);
}

export type EntryStatus = "PAID" | "PARTIAL" | "OVERDUE" | "DUE" | "UPCOMING";

/** Paid in full; otherwise overdue once the due date has passed (as of `asOf`); due within the period; else upcoming. */
export function entryStatus(
  amountDue: Decimal,
  paid: Decimal,
  dueDate: Date,
  periodStart: Date,
  asOf: Date,
): EntryStatus {
  if (paid.gte(amountDue)) return "PAID";
  if (asOf > dueDate) return "OVERDUE";
  if (paid.gt(0)) return "PARTIAL";
  return asOf >= periodStart ? "DUE" : "UPCOMING";
}
