/**
 * Which closed periods a rent deposit can pay out: per month, only the latest closed statement counts (an adjustment
 * supersedes what it corrects, see backend/src/financials/README.md), it must have something to distribute, and it
 * must not be paid yet (`distribution` null; the distributor also refuses a statement it already paid out).
 */
import type { FinancialPeriod } from "./periodFigures";

/** What the picker needs of a period; `distribution` is absent from servers that do not report it yet. */
export type DepositCandidate = Pick<
  FinancialPeriod,
  "id" | "year" | "month" | "kind" | "sequence" | "status" | "statementSha256" | "totals"
> & { distribution?: unknown };

export function depositablePeriods<P extends DepositCandidate>(periods: readonly P[]): P[] {
  const latest = new Map<string, P>();
  for (const p of periods) {
    if (p.status !== "CLOSED" || !p.statementSha256) continue;
    const key = `${p.year}-${p.month}`;
    const seen = latest.get(key);
    if (!seen || p.sequence > seen.sequence) latest.set(key, p);
  }
  return [...latest.values()]
    .filter((p) => (p.distribution ?? null) === null && BigInt(p.totals.distributable) > 0n)
    .sort((a, b) => b.year - a.year || b.month - a.month);
}
