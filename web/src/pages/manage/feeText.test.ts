import { describe, expect, it } from "vitest";
import { depositFeeText, launchFeeText, launchIncreaseText } from "./feeText";

describe("fees a manager reads", () => {
  it("the launch fixes the primary fee in the offering's terms", () => {
    expect(launchFeeText(100)).toMatch(
      /^The platform's primary fee, now 1%, is taken from the proceeds .* fixed in the offering's terms at launch/,
    );
    expect(launchFeeText(0)).toMatch(/no primary fee/);
    expect(launchIncreaseText(100, { bps: 150, effectiveAt: Date.UTC(2027, 2, 12, 12) / 1000 })).toMatch(
      /^The platform's primary fee rises to 1\.5% on .*2027: an offering launched before then keeps 1%\.$/,
    );
  });

  it("a rent deposit is gross: the management fee comes out of it", () => {
    expect(depositFeeText(100)).toBe(
      "The amount is what you pay in: the platform's management fee of 1% is taken from it at the deposit, and holders share the rest.",
    );
    expect(depositFeeText(0)).toMatch(/no management fee/);
  });
});
