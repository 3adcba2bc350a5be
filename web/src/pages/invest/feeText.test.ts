import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keepsFeeText, primaryFeeText } from "./feeText";

describe("primary fee on the invest page", () => {
  it("says the fee is the issuer's, at the offering's rate, for any fee the schedule allows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (bps) => {
        const text = primaryFeeText(bps);
        expect(text).toMatch(
          /^No fee is added to your payment: the platform's primary fee of [\d.]+% is taken from the issuer's proceeds/,
        );
        expect(text).toContain(`${bps / 100}%`);
      }),
    );
    expect(primaryFeeText(100)).toContain("primary fee of 1% is taken from the issuer's proceeds");
    expect(primaryFeeText(0)).toBe("No fee is added to your payment, and the platform takes no fee on this offering.");
  });

  it("an announced increase does not reach the open offering: it keeps its own rate", () => {
    const text = keepsFeeText(100, { bps: 150, effectiveAt: Date.UTC(2027, 2, 12, 12) / 1000 });
    expect(text).toMatch(
      /^The platform's primary fee rises to 1\.5% on .*2027\. It does not apply to this offering, which keeps 1%\.$/,
    );
  });
});
