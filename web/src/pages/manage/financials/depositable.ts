/**
 * Which closed periods a rent deposit can pay out: per month, only the latest closed statement counts (an adjustment
 * supersedes what it corrects, see backend/src/financials/README.md), it must have something to distribute, and it
 * must not be paid yet (`distribution` null; the distributor also refuses a statement it already paid out).
 * `depositedHere`: statements this page has just seen deposited on chain. The backend records a deposit when its chain
 * sync reads the event, a moment after the confirmation; until then such a period counts as paid all the same.
 */
import type { FinancialPeriod } from "./periodFigures";

/** What the picker needs of a period. */
export type DepositCandidate = Pick<
  FinancialPeriod,
  "id" | "year" | "month" | "kind" | "sequence" | "status" | "statementSha256" | "totals" | "distribution"
>;

export function depositablePeriods<P extends DepositCandidate>(
  periods: readonly P[],
  depositedHere: ReadonlySet<string> = new Set(),
): P[] {
  const latest = new Map<string, P>();
  for (const p of periods) {
    if (p.status !== "CLOSED" || !p.statementSha256) continue;
    const key = `${p.year}-${p.month}`;
    const seen = latest.get(key);
    if (!seen || p.sequence > seen.sequence) latest.set(key, p);
  }
  return [...latest.values()]
    .filter(
      (p) => p.distribution === null && !depositedHere.has(p.statementSha256!) && BigInt(p.totals.distributable) > 0n,
    )
    .sort((a, b) => b.year - a.year || b.month - a.month);
}
