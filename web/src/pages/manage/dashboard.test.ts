import { describe, expect, it } from "vitest";
import { dashboardMonths, distributionPrompt } from "./dashboard";

const month = (m: string, contracted = "0", collected = "0") => ({
  month: m,
  contractedMinor: contracted,
  collectedMinor: collected,
});

describe("dashboardMonths", () => {
  it("joins rent and closed months, newest first, and leaves out empty months", () => {
    const rows = dashboardMonths({
      rentByMonth: [month("2026-08"), month("2026-09", "150000"), month("2026-10", "150000", "145500")],
      noiTrend: [
        {
          periodId: "00000000-0000-4000-8000-000000000001",
          month: "2026-10",
          noi: "169500",
          distributable: "157500",
          distributedMinor: "157500",
        },
      ],
    });
    expect(rows.map((r) => r.month)).toEqual(["2026-10", "2026-09"]);
    expect(rows[0]).toEqual({
      month: "2026-10",
      contracted: 150000n,
      collected: 145500n,
      noi: 169500n,
      distributable: 157500n,
      distributed: 157500n,
    });
    expect(rows[1]).toMatchObject({ noi: null, distributable: null, distributed: null, collected: 0n });
  });

  it("shows a closed month with no rent due and an unpaid distribution", () => {
    const rows = dashboardMonths({
      rentByMonth: [month("2026-10")],
      noiTrend: [
        {
          periodId: "00000000-0000-4000-8000-000000000002",
          month: "2026-10",
          noi: "-5000",
          distributable: "0",
          distributedMinor: null,
        },
      ],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ noi: -5000n, distributed: null });
  });
});

describe("distributionPrompt", () => {
  const offering = { raised: "1000", decimals: 6, paymentToken: null, unitsSold: "10", holders: 2 };
  const next = { periodId: "p-2026-11", month: "2026-11", distributable: "401000" };
  it("asks to launch the token first when there is none, even with a closed month to pay (review 2026-12-06 M4: 'Deposit it' without a token)", () => {
    const none = { ...offering, raised: null, unitsSold: null, holders: 0 };
    expect(distributionPrompt({ offering: none, nextDistribution: next })).toEqual({ kind: "launch-first" });
    expect(distributionPrompt({ offering: none, nextDistribution: null })).toEqual({ kind: "launch-first" });
  });
  it("offers the deposit of the next closed month once launched, and nothing when none waits", () => {
    expect(distributionPrompt({ offering, nextDistribution: next })).toEqual({
      kind: "deposit",
      month: "2026-11",
      distributable: 401000n,
    });
    expect(distributionPrompt({ offering, nextDistribution: null })).toEqual({ kind: "none" });
  });
});
