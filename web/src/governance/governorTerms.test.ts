import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseGovernorTerms, votingPeriodText } from "./governorTerms";

const ok = { days: "7", quorum: "30", approval: "60", threshold: "0" };

describe("19 the governor's terms as the manager types them", () => {
  it("days, percentages and units become the factory's FactoryGovernorTerms", () => {
    expect(parseGovernorTerms(ok)).toEqual({
      ok: true,
      value: { votingPeriod: 604_800, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 0n },
    });
    expect(parseGovernorTerms({ ...ok, quorum: "12.5", approval: "50.01", threshold: "1,000" })).toMatchObject({
      ok: true,
      value: { quorumBps: 1_250, approvalBps: 5_001, proposerThreshold: 1_000n },
    });
  });

  it("refuses what the factory would refuse (GovernorInvalidTerms), naming the field", () => {
    expect(parseGovernorTerms({ ...ok, days: "0" })).toEqual({ ok: false, field: "days", error: expect.any(String) });
    expect(parseGovernorTerms({ ...ok, days: "91" })).toMatchObject({ ok: false, field: "days" });
    expect(parseGovernorTerms({ ...ok, days: "1.5" })).toMatchObject({ ok: false, field: "days" });
    expect(parseGovernorTerms({ ...ok, quorum: "0" })).toMatchObject({ ok: false, field: "quorum" });
    expect(parseGovernorTerms({ ...ok, quorum: "100.01" })).toMatchObject({ ok: false, field: "quorum" });
    expect(parseGovernorTerms({ ...ok, quorum: "10.005" })).toMatchObject({ ok: false, field: "quorum" });
    expect(parseGovernorTerms({ ...ok, approval: "50" })).toMatchObject({ ok: false, field: "approval" });
    expect(parseGovernorTerms({ ...ok, threshold: "-1" })).toMatchObject({ ok: false, field: "threshold" });
    expect(parseGovernorTerms({ ...ok, threshold: "18446744073709551616" })).toMatchObject({
      ok: false,
      field: "threshold",
    });
  });
});

describe("19 how long a vote lasts, in the manager's terms line", () => {
  it("regression (exit-window journey, a one-day governor): 'Votes last 1 day', not '1 days'", () => {
    expect(votingPeriodText(86_400)).toBe("1 day");
    expect(votingPeriodText(7 * 86_400)).toBe("7 days");
    expect(votingPeriodText(86_400 + 12 * 3_600)).toBe("1 day 12 hours");
  });

  it("any period the factory accepts reads back as its whole days and hours, each noun agreeing with its number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 86_400, max: 90 * 86_400 }), (seconds) => {
        const text = votingPeriodText(seconds);
        const parts = [...text.matchAll(/(\d+) (day|hour)(s?)/g)];
        expect(parts.map((p) => p[0]).join(" ")).toBe(text);
        for (const [, n, , s] of parts) expect(s).toBe(n === "1" ? "" : "s");
        const said = parts.reduce((sum, [, n, unit]) => sum + Number(n) * (unit === "day" ? 86_400 : 3_600), 0);
        expect(said).toBe(seconds - (seconds % 3_600));
      }),
    );
  });
});
