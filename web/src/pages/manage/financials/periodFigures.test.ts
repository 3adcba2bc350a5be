import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EXPENSE_CATEGORIES,
  INCOME_CATEGORIES,
  liveTotals,
  parseMonthInput,
  periodName,
  previousMonthInput,
} from "./periodFigures";

const line = (category: string, amount: bigint) =>
  ({ category, amount: amount.toString() }) as Parameters<typeof liveTotals>[0][number];

describe("liveTotals", () => {
  it("16 a hand-computed month: rent and parking, repairs and capex, a reserve", () => {
    // income 2,000.00 + 150.00; operating 300.00 + 120.00; capex 500.00; reserve 200.00
    const totals = liveTotals(
      [
        line("RENT", 200_000n),
        line("PARKING", 15_000n),
        line("MAINTENANCE", 30_000n),
        line("INSURANCE", 12_000n),
        line("CAPITAL_EXPENDITURE", 50_000n),
      ],
      20_000n,
    );
    expect(totals).toEqual({
      totalIncome: 215_000n,
      operatingExpenses: 42_000n,
      capitalExpenditure: 50_000n,
      noi: 173_000n, // 2,150 − 420
      reserveContribution: 20_000n,
      distributable: 103_000n, // 1,730 − 500 − 200
      shortfall: 0n,
    });
  });

  it("16 a reserve larger than what NOI leaves is a shortfall, nothing distributable", () => {
    const totals = liveTotals([line("RENT", 10_000n), line("UTILITIES", 4_000n)], 9_000n);
    expect(totals.distributable).toBe(0n);
    expect(totals.shortfall).toBe(3_000n);
  });

  it("16 any lines: income is the sum of income lines, distributable − shortfall = NOI − capex − reserve", () => {
    const anyLine = fc.tuple(
      fc.constantFrom<string>(...INCOME_CATEGORIES, ...EXPENSE_CATEGORIES),
      fc.bigInt({ min: 1n, max: 10n ** 12n }),
    );
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 20 }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (lines, reserve) => {
        const totals = liveTotals(
          lines.map(([c, a]) => line(c, a)),
          reserve,
        );
        const of = (cats: readonly string[]) => lines.filter(([c]) => cats.includes(c)).reduce((s, [, a]) => s + a, 0n);
        expect(totals.totalIncome).toBe(of(INCOME_CATEGORIES));
        expect(totals.capitalExpenditure).toBe(of(["CAPITAL_EXPENDITURE"]));
        expect(totals.operatingExpenses + totals.capitalExpenditure).toBe(of(EXPENSE_CATEGORIES));
        expect(totals.distributable - totals.shortfall).toBe(totals.noi - totals.capitalExpenditure - reserve);
        expect(totals.distributable === 0n || totals.shortfall === 0n).toBe(true);
      }),
    );
  });
});

describe("months", () => {
  it("16 names a month and an adjustment", () => {
    expect(periodName({ year: 2026, month: 3, kind: "MONTH", sequence: 0 })).toBe("March 2026");
    expect(periodName({ year: 2025, month: 12, kind: "ADJUSTMENT", sequence: 2 })).toBe("December 2025, adjustment 2");
  });

  it("16 reads <input type=month> values and refuses others", () => {
    expect(parseMonthInput("2026-03")).toEqual({ year: 2026, month: 3 });
    for (const bad of ["", "2026-13", "2026-00", "2026-3", "March"]) expect(parseMonthInput(bad)).toBeUndefined();
  });

  it("16 the default month is the one before today's, across a year end", () => {
    expect(previousMonthInput(new Date(Date.UTC(2026, 0, 15)))).toBe("2025-12");
    expect(previousMonthInput(new Date(Date.UTC(2026, 6, 1)))).toBe("2026-06");
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(2001, 0, 1)), max: new Date(Date.UTC(9000, 0, 1)), noInvalidDate: true }),
        (d) => {
          const parsed = parseMonthInput(previousMonthInput(d))!;
          expect(parsed.year * 12 + parsed.month).toBe(d.getUTCFullYear() * 12 + d.getUTCMonth());
        },
      ),
    );
  });
});
