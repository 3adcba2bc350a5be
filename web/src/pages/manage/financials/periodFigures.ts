/**
 * The figures of a period as the manager edits it: the same `periodResult` of `@freehold/finance` the server stores
 * on close, over the lines on screen and the reserve being typed, so the totals shown live are the statement's.
 * Amounts are integer minor units (cents) of the property's currency.
 */
import {
  CATEGORY_LABELS,
  EXPENSE_CATEGORIES,
  INCOME_CATEGORIES,
  periodResult,
  type ExpenseCategory,
  type IncomeCategory,
  type PeriodResult,
} from "@freehold/finance";
import type { components } from "../../../api/generated/openapi";

export type FinancialLine = components["schemas"]["FinancialLine"];
export type FinancialPeriod = components["schemas"]["FinancialPeriod"];
export type FinancialPeriodDetail = components["schemas"]["FinancialPeriodDetail"];
export type Category = FinancialLine["category"];

export { CATEGORY_LABELS, EXPENSE_CATEGORIES, INCOME_CATEGORIES, type PeriodResult };

const isIncome = (c: string): c is IncomeCategory => (INCOME_CATEGORIES as readonly string[]).includes(c);
const isExpense = (c: string): c is ExpenseCategory => (EXPENSE_CATEGORIES as readonly string[]).includes(c);

/** The line's type follows from its category: the form asks for the category only. */
export const typeOfCategory = (category: Category): FinancialLine["type"] =>
  isIncome(category) ? "INCOME" : "EXPENSE";

/** Categories a manager may type: RENT comes from the lease payments (the server refuses it, `rent_from_leases`). */
export const TYPED_INCOME = INCOME_CATEGORIES.filter((c) => c !== "RENT");

/** `periodResult` over the period's lines and a reserve (the stored one, or the one being typed). */
export function liveTotals(
  lines: readonly Pick<FinancialLine, "category" | "amount">[],
  reserve: bigint,
): PeriodResult {
  const income: { category: IncomeCategory; amount: bigint }[] = [];
  const expenses: { category: ExpenseCategory; amount: bigint }[] = [];
  for (const line of lines) {
    if (isIncome(line.category)) income.push({ category: line.category, amount: BigInt(line.amount) });
    else if (isExpense(line.category)) expenses.push({ category: line.category, amount: BigInt(line.amount) });
  }
  return periodResult({ income, expenses, reserveContribution: reserve });
}

/** "March 2026" for a period's month (a calendar month, never moved by a time zone). */
export function periodMonth(p: Pick<FinancialPeriod, "year" | "month">): string {
  return `${MONTH_NAMES[p.month - 1] ?? "?"} ${p.year}`;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A period's name in lists: the month, and "adjustment N" for a correction. */
export function periodName(p: Pick<FinancialPeriod, "year" | "month" | "kind" | "sequence">): string {
  return p.kind === "ADJUSTMENT" ? `${periodMonth(p)}, adjustment ${p.sequence}` : periodMonth(p);
}

/** `<input type="month">`'s value ("2026-03") as the API's year and month; undefined when incomplete. */
export function parseMonthInput(value: string): { year: number; month: number } | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year: Number(match[1]), month } : undefined;
}

/** The month before the current one (the one a manager usually closes), as an `<input type="month">` value. */
export function previousMonthInput(now: Date = new Date()): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth(); // 0-based: the previous month, 1-based
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, "0")}`;
}
