/** 15 "A funded or closed offering never shows an Invest button or the escrow promise". */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PropertyDetail } from "../../api/types";
import { offeringTakesSubscriptions } from "./OfferingPanel";

type Chain = NonNullable<PropertyDetail["chain"]>;
const chain = (overrides: Partial<Chain> = {}): Chain => ({
  tokenAddress: "0x7777777777777777777777777777777777777777",
  tokenSymbol: "HVW",
  offeringAddress: "0x2222222222222222222222222222222222222222",
  pricePerUnit: "100000000",
  softCap: "100",
  hardCap: "1000",
  unitsSold: "250",
  startTime: 1_000,
  endTime: 2_000,
  outcome: "open",
  ...overrides,
});

describe("15 when the Invest button may show", () => {
  it("15 an open offering with units left before its end takes subscriptions", () => {
    expect(offeringTakesSubscriptions(chain(), 1_500)).toBe(true);
  });

  it("15 a sold-out, ended, finalized or cancelled offering does not (the registry's status may lag a few seconds)", () => {
    expect(offeringTakesSubscriptions(chain({ unitsSold: "1000" }), 1_500)).toBe(false);
    expect(offeringTakesSubscriptions(chain(), 2_000)).toBe(false);
    expect(offeringTakesSubscriptions(chain({ outcome: "finalized" }), 1_500)).toBe(false);
    expect(offeringTakesSubscriptions(chain({ outcome: "cancelled" }), 1_500)).toBe(false);
  });

  it("15 (class) for any terms and time, Invest shows only if the outcome is open, units remain and the end is ahead", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Chain["outcome"]>("open", "finalized", "cancelled"),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.option(fc.integer({ min: 0, max: 4_000_000_000 }), { nil: null }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (outcome, hardCap, unitsSold, endTime, now) => {
          const shown = offeringTakesSubscriptions(
            chain({ outcome, hardCap: String(hardCap), unitsSold: String(unitsSold), endTime }),
            now,
          );
          if (shown) {
            expect(outcome).toBe("open");
            expect(unitsSold < hardCap).toBe(true);
            if (endTime !== null) expect(now < endTime).toBe(true);
          } else {
            expect(outcome !== "open" || unitsSold >= hardCap || (endTime !== null && now >= endTime)).toBe(true);
          }
        },
      ),
    );
  });
});
