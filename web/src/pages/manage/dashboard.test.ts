import { describe, expect, it } from "vitest";
import { dashboardMonths } from "./dashboard";

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
