/** Statement periods: calendar months, quarters and years in UTC, as [start, end) with the label investors read. */
import type { StatementKind } from "../generated/prisma/enums.ts";

export interface StatementPeriod {
  kind: StatementKind;
  start: Date;
  /** The first instant after the period. */
  end: Date;
  /** "2026-03" (month), "2026-Q1" (quarter), "2026" (year, and the tax summary of that year). */
  label: string;
}

const utc = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

export function monthPeriod(year: number, month: number): StatementPeriod {
  return {
    kind: "MONTHLY",
    start: utc(year, month - 1),
    end: utc(year, month),
    label: `${year}-${String(month).padStart(2, "0")}`,
  };
}

export function quarterPeriod(year: number, quarter: number): StatementPeriod {
  return {
    kind: "QUARTERLY",
    start: utc(year, (quarter - 1) * 3),
    end: utc(year, quarter * 3),
    label: `${year}-Q${quarter}`,
  };
}

export function yearPeriod(year: number, kind: "ANNUAL" | "TAX_ANNUAL"): StatementPeriod {
  return { kind, start: utc(year, 0), end: utc(year + 1, 0), label: `${year}` };
}

/**
 * Every period that ended by `asOf` and overlaps [from, asOf): the months, then the quarters and years whose
 * months all ended (a quarter or year is due once its last month is).
 */
export function endedPeriods(from: Date, asOf: Date): StatementPeriod[] {
  const periods: StatementPeriod[] = [];
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth() + 1; ; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const month = monthPeriod(y, m);
    if (month.end > asOf) break;
    periods.push(month);
    if (m % 3 === 0) periods.push(quarterPeriod(y, m / 3));
    if (m === 12) periods.push(yearPeriod(y, "ANNUAL"), yearPeriod(y, "TAX_ANNUAL"));
  }
  return periods;
}

/** The period of `kind` that starts on `start`, or null when `start` does not begin one. */
export function periodStartingAt(kind: StatementKind, start: Date): StatementPeriod | null {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + 1;
  if (start.getTime() !== utc(y, m - 1).getTime()) return null;
  if (kind === "MONTHLY") return monthPeriod(y, m);
  if (kind === "QUARTERLY") return (m - 1) % 3 === 0 ? quarterPeriod(y, (m - 1) / 3 + 1) : null;
  return m === 1 ? yearPeriod(y, kind) : null;
}
