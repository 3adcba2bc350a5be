import { describe, expect, it } from "vitest";
import { checkOfferingLimits, offeringStateFromIndex, type OfferingTerms } from "./offeringLimits";

const terms: OfferingTerms = {
  state: "Active",
  startTime: 1_000,
  endTime: 2_000,
  hardCap: 1_000n,
  unitsSold: 900n,
  minTicket: 10n,
  maxTicket: 200n,
};

describe("checkOfferingLimits", () => {
  it("accepts a subscription within every limit", () => {
    expect(checkOfferingLimits(terms, 50n, 0n, 1_500)).toEqual([]);
  });

  it("refuses below the minimum ticket, counting what the identity already holds", () => {
    expect(checkOfferingLimits(terms, 5n, 0n, 1_500)[0]?.message).toBe("The minimum investment is 10 units.");
    expect(checkOfferingLimits(terms, 5n, 5n, 1_500)).toEqual([]);
  });

  it("refuses above the maximum ticket and says how much is left", () => {
    expect(checkOfferingLimits(terms, 60n, 150n, 1_500).map((p) => p.message)).toEqual([
      "The maximum per investor is 200 units: you can add up to 50 units.",
    ]);
    expect(checkOfferingLimits(terms, 1n, 200n, 1_500)[0]?.message).toMatch(/reached the maximum/);
  });

  it("refuses more than the remaining units", () => {
    expect(checkOfferingLimits(terms, 150n, 0n, 1_500).map((p) => p.message)).toEqual([
      "Only 100 units are left in this offering.",
    ]);
  });

  it("refuses outside the sale window", () => {
    expect(checkOfferingLimits(terms, 50n, 0n, 999)[0]?.message).toMatch(/opens on/);
    expect(checkOfferingLimits(terms, 50n, 0n, 2_000)[0]?.message).toMatch(/closed on/);
  });

  it("explains closed states", () => {
    expect(checkOfferingLimits({ ...terms, state: "Cancelled" }, 1n, 0n, 1_500)[0]?.message).toMatch(/refund/);
    expect(checkOfferingLimits({ ...terms, state: "Failed" }, 1n, 0n, 1_500)[0]?.message).toMatch(/below its minimum/);
    expect(checkOfferingLimits({ ...terms, unitsSold: 1_000n }, 10n, 0n, 1_500)[0]?.message).toBe(
      "This offering is fully subscribed.",
    );
  });
});

describe("offering state and dates", () => {
  it("maps the enum index", () => {
    expect(offeringStateFromIndex(1)).toBe("Active");
    expect(() => offeringStateFromIndex(9)).toThrow(RangeError);
  });
});
