/**
 * What a period says, computed in one place: its totals (periodResult of @freehold/finance over the stored lines)
 * and, at close, its statement: canonical JSON (sorted keys, no whitespace, amounts as strings) whose SHA-256 is
 * stored and anchored. Anyone holding the bytes recomputes the hash; the same period always renders the same bytes.
 */
import { createHash } from "node:crypto";
import { periodResult, type ExpenseCategory, type IncomeCategory } from "@freehold/finance";
import { canonicalJson } from "../audit/chain.ts";
import type { FinancialLine, FinancialPeriod } from "../generated/prisma/client.ts";
import type { Totals } from "./schemas.ts";

type LineFigures = Pick<FinancialLine, "type" | "category" | "amount">;

export function periodTotals(lines: readonly LineFigures[], reserveContribution: bigint): Totals {
  // The type/category pairing is a CHECK in the database, and periodResult refuses a category outside its list.
  const result = periodResult({
    income: lines
      .filter((l) => l.type === "INCOME")
      .map((l) => ({ category: l.category as IncomeCategory, amount: l.amount })),
    expenses: lines
      .filter((l) => l.type === "EXPENSE")
      .map((l) => ({ category: l.category as ExpenseCategory, amount: l.amount })),
    reserveContribution,
  });
  return {
    totalIncome: result.totalIncome.toString(),
    operatingExpenses: result.operatingExpenses.toString(),
    capitalExpenditure: result.capitalExpenditure.toString(),
    noi: result.noi.toString(),
    reserveContribution: result.reserveContribution.toString(),
    distributable: result.distributable.toString(),
    shortfall: result.shortfall.toString(),
  };
}

/** First day of the month and first day of the next one (UTC dates). */
export function monthBounds(year: number, month: number): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)) };
}

export interface StatementInput {
  property: { id: string; name: string; currency: string };
  period: FinancialPeriod;
  corrects: { id: string; statementSha256: string | null } | null;
  lines: readonly FinancialLine[];
  closedAt: Date;
  closedById: string;
}

/** Lines in a stable order that does not depend on how the database returned them. */
function lineOrder(a: FinancialLine, b: FinancialLine): number {
  return a.type.localeCompare(b.type) || a.category.localeCompare(b.category) || a.id.localeCompare(b.id);
}

export function renderStatement(input: StatementInput): { text: string; sha256: string } {
  const { property, period, corrects, lines, closedAt, closedById } = input;
  const sorted = [...lines].sort(lineOrder);
  const text = canonicalJson({
    property: { id: property.id, name: property.name, currency: property.currency },
    period: {
      id: period.id,
      kind: period.kind,
      year: period.year,
      month: period.month,
      sequence: period.sequence,
      corrects,
      closedAt: closedAt.toISOString(),
      closedById,
      amountsIn: `minor units of ${period.currency}`,
    },
    lines: sorted.map((l) => ({
      id: l.id,
      type: l.type,
      category: l.category,
      description: l.description,
      amount: l.amount.toString(),
      source: l.source,
      supportingDocumentSha256: l.supportingDocumentSha256,
    })),
    totals: periodTotals(sorted, period.reserveContribution),
  });
  return { text, sha256: createHash("sha256").update(text).digest("hex") };
}
