import { describe, expect, it } from "vitest";
import { parseGovernorTerms } from "./governorTerms";

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
