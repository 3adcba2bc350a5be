/** Issue 16: a period's NOI, distributable cash and shortfall, by hand and as properties. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  EXPENSE_CATEGORIES,
  INCOME_CATEGORIES,
  periodResult,
  type ExpenseCategory,
  type IncomeCategory,
  type PeriodLines,
  type PeriodResult,
} from "@freehold/finance";

const line = <C extends string>(categories: readonly C[]) =>
  fc.record({ category: fc.constantFrom(...categories), amount: fc.bigInt({ min: 0n, max: 10n ** 12n }) });

/** A period's lines from { category: amount } maps. */
function lines(
  income: Partial<Record<IncomeCategory, bigint>>,
  expenses: Partial<Record<ExpenseCategory, bigint>>,
  reserveContribution: bigint,
): PeriodLines {
  const entries = <C extends string>(m: Partial<Record<C, bigint>>) =>
    (Object.entries(m) as [C, bigint][]).map(([category, amount]) => ({ category, amount }));
  return { income: entries(income), expenses: entries(expenses), reserveContribution };
}

/** The result in a fixed order: income, operating, capex, NOI, reserve, distributable, shortfall. */
const figures = (r: PeriodResult) => [
  r.totalIncome,
  r.operatingExpenses,
  r.capitalExpenditure,
  r.noi,
  r.reserveContribution,
  r.distributable,
  r.shortfall,
];

describe("16 period result", () => {
  it("16 NOI without capex: income 1,500.00 rent + 100.00 parking − 200.00 management − 50.00 utilities", () => {
    // income 150_000 + 10_000 = 160_000; operating 20_000 + 5_000 = 25_000; NOI = 160_000 − 25_000 = 135_000;
    // distributable = 135_000 − 0 capex − 10_000 reserve = 125_000.
    const r = periodResult(
      lines({ RENT: 150_000n, PARKING: 10_000n }, { MANAGEMENT: 20_000n, UTILITIES: 5_000n }, 10_000n),
    );
    assert.deepEqual(figures(r), [160_000n, 25_000n, 0n, 135_000n, 10_000n, 125_000n, 0n]);
  });

  it("16 NOI with capex: capex stays out of NOI and is paid from it, leaving a shortfall", () => {
    // income 200_000 rent + 5_000 late fees = 205_000; operating 30_000 maintenance + 15_000 tax = 45_000;
    // NOI = 205_000 − 45_000 = 160_000; remainder = 160_000 − 150_000 capex − 20_000 reserve = −10_000
    // → distributable 0, shortfall 10_000.
    const r = periodResult(
      lines(
        { RENT: 200_000n, LATE_FEES: 5_000n },
        { MAINTENANCE: 30_000n, CAPITAL_EXPENDITURE: 150_000n, PROPERTY_TAX: 15_000n },
        20_000n,
      ),
    );
    assert.deepEqual(figures(r), [205_000n, 45_000n, 150_000n, 160_000n, 20_000n, 0n, 10_000n]);
  });

  it("16 a negative NOI is reported; an empty period is all zeros", () => {
    const r = periodResult({ income: [], expenses: [{ category: "INSURANCE", amount: 7n }], reserveContribution: 0n });
    assert.equal(r.noi, -7n);
    assert.equal(r.shortfall, 7n);
    assert.equal(r.distributable, 0n);
    assert.deepEqual(
      Object.values(periodResult({ income: [], expenses: [], reserveContribution: 0n })),
      Array(7).fill(0n),
    );
  });

  it("16 negative amounts and unknown categories are refused", () => {
    assert.throws(
      () => periodResult({ income: [{ category: "RENT", amount: -1n }], expenses: [], reserveContribution: 0n }),
      RangeError,
    );
    assert.throws(
      () => periodResult({ income: [], expenses: [{ category: "UTILITIES", amount: -1n }], reserveContribution: 0n }),
      RangeError,
    );
    assert.throws(() => periodResult({ income: [], expenses: [], reserveContribution: -1n }), RangeError);
    assert.throws(
      () =>
        periodResult({
          income: [{ category: "CAPITAL_EXPENDITURE" as "RENT", amount: 1n }],
          expenses: [],
          reserveContribution: 0n,
        }),
      RangeError,
    );
  });

  it("16 property: distributable − shortfall = NOI − capex − reserve, one of them 0, both ≥ 0; NOI excludes capex", () => {
    fc.assert(
      fc.property(
        fc.array(line(INCOME_CATEGORIES), { maxLength: 8 }),
        fc.array(line(EXPENSE_CATEGORIES), { maxLength: 8 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (income, expenses, reserveContribution) => {
          const r = periodResult({ income, expenses, reserveContribution });
          assert.equal(r.distributable - r.shortfall, r.noi - r.capitalExpenditure - reserveContribution);
          assert.ok(r.distributable >= 0n && r.shortfall >= 0n);
          assert.ok(r.distributable === 0n || r.shortfall === 0n);
          const total = (ls: { amount: bigint }[]) => ls.reduce((s, l) => s + l.amount, 0n);
          assert.equal(r.operatingExpenses + r.capitalExpenditure, total(expenses));
          assert.equal(r.noi, total(income) - r.operatingExpenses);
          assert.equal(r.capitalExpenditure, total(expenses.filter((l) => l.category === "CAPITAL_EXPENDITURE")));
        },
      ),
    );
  });
});
