import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { depositablePeriods, type DepositCandidate } from "./depositable";

const totals = (distributable: bigint) => ({
  totalIncome: "0",
  operatingExpenses: "0",
  capitalExpenditure: "0",
  noi: "0",
  reserveContribution: "0",
  distributable: distributable.toString(),
  shortfall: "0",
});
const PAID = {
  amount: "1000000000",
  decimals: 6,
  txHash: `0x${"cd".repeat(32)}`,
  blockTime: "2026-03-10T12:00:00.000Z",
  distributedMinor: "100000",
};
let n = 0;
const period = (over: Partial<DepositCandidate> & { distributable?: bigint } = {}): DepositCandidate => {
  n += 1;
  const { distributable = 100_000n, ...rest } = over;
  return {
    id: `p${n}`,
    year: 2026,
    month: 3,
    kind: "MONTH",
    sequence: 0,
    status: "CLOSED",
    statementSha256: "ab".repeat(32),
    totals: totals(distributable),
    distribution: null,
    ...rest,
  };
};

/**
 * Any list of periods: few months and sequences (ties, adjustments), drafts, paid ones, nothing to distribute; each
 * closed one with a statement hash of its own.
 */
const anyPeriods = fc
  .array(
    fc.record({
      month: fc.integer({ min: 1, max: 3 }),
      sequence: fc.integer({ min: 0, max: 3 }),
      closed: fc.boolean(),
      paid: fc.boolean(),
      distributable: fc.bigInt({ min: 0n, max: 10n }),
    }),
    { maxLength: 12 },
  )
  .map((specs) =>
    specs.map((s, i) =>
      period({
        month: s.month,
        sequence: s.sequence,
        status: s.closed ? "CLOSED" : "DRAFT",
        statementSha256: s.closed ? i.toString(16).padStart(64, "0") : null,
        distribution: s.paid ? PAID : null,
        distributable: s.distributable,
      }),
    ),
  );

describe("depositablePeriods", () => {
  it("16 offers closed, unpaid periods with something to distribute, newest month first", () => {
    const march = period({ month: 3 });
    const april = period({ month: 4 });
    const draft = period({ month: 5, status: "DRAFT", statementSha256: null });
    const paid = period({ month: 2, distribution: PAID });
    const nothing = period({ month: 1, distributable: 0n });
    expect(depositablePeriods([march, draft, paid, april, nothing]).map((p) => p.id)).toEqual([april.id, march.id]);
  });

  it("16 an adjustment supersedes the month it corrects; a paid adjustment takes the month off", () => {
    const month = period({ month: 3 });
    const adjustment = period({ month: 3, kind: "ADJUSTMENT", sequence: 1 });
    expect(depositablePeriods([month, adjustment]).map((p) => p.id)).toEqual([adjustment.id]);
    expect(depositablePeriods([month, { ...adjustment, distribution: PAID }])).toEqual([]);
  });

  it("16 any list: at most one per month, each the month's highest closed sequence, never paid, never zero", () => {
    fc.assert(
      fc.property(anyPeriods, (periods) => {
        const offered = depositablePeriods(periods);
        expect(new Set(offered.map((p) => p.month)).size).toBe(offered.length);
        for (const p of offered) {
          expect(p.status).toBe("CLOSED");
          expect(p.distribution).toBeNull();
          expect(BigInt(p.totals.distributable) > 0n).toBe(true);
          const highest = Math.max(
            ...periods.filter((q) => q.status === "CLOSED" && q.month === p.month).map((q) => q.sequence),
          );
          expect(p.sequence).toBe(highest);
        }
      }),
    );
  });

  it("a statement deposited in this session leaves the picker at once, as if the sync had already recorded it", () => {
    // The chain confirms a deposit before the backend's sync records it: the form must not offer the same statement
    // again meanwhile (the distributor would refuse it), nor wait on the sync to take it off.
    const periodsAndDeposited = anyPeriods.chain((periods) =>
      fc
        .subarray(periods.filter((p) => p.statementSha256 !== null))
        .map((deposited) => ({ periods, deposited: new Set(deposited.map((p) => p.statementSha256!)) })),
    );
    fc.assert(
      fc.property(periodsAndDeposited, ({ periods, deposited: paidHere }) => {
        const recorded = periods.map((p) => (paidHere.has(p.statementSha256!) ? { ...p, distribution: PAID } : p));
        expect(depositablePeriods(periods, paidHere)).toEqual(depositablePeriods(recorded));
      }),
    );
  });
});
