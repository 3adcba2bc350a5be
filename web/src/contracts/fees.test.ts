import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feeOn, increaseForToken, MAX_FEE_BPS, pendingFrom, splitFee } from "./fees";

const gross = fc.bigInt({ min: 0n, max: 2n ** 128n });
const bps = fc.integer({ min: 0, max: MAX_FEE_BPS });

describe("fees as the contracts take them", () => {
  it("fee + net is the gross amount, to the unit, and the fee is floor(gross x bps / 10,000)", () => {
    fc.assert(
      fc.property(gross, bps, (g, b) => {
        const split = splitFee(g, b);
        expect(split.fee + split.net).toBe(g);
        expect(split.fee).toBe((g * BigInt(b)) / 10_000n);
        // Rounded down: never more than the exact share, less by under one base unit.
        expect(split.fee * 10_000n <= g * BigInt(b)).toBe(true);
        expect((split.fee + 1n) * 10_000n > g * BigInt(b)).toBe(true);
      }),
    );
  });

  it("fills in parts never cost a seller more fee than one fill of the whole (each part is rounded down)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 24n }), { minLength: 1, maxLength: 8 }),
        bps,
        (parts, b) => {
          const whole = parts.reduce((s, p) => s + p, 0n);
          const sumOfFees = parts.reduce((s, p) => s + feeOn(p, b), 0n);
          expect(sumOfFees <= feeOn(whole, b)).toBe(true);
        },
      ),
    );
  });

  it("examples: 1 % of 250.00 tUSD, 0.5 % of 275.00 tUSD, nothing at 0 bps", () => {
    expect(splitFee(250_000_000n, 100)).toEqual({ gross: 250_000_000n, fee: 2_500_000n, net: 247_500_000n });
    expect(splitFee(275_000_000n, 50)).toEqual({ gross: 275_000_000n, fee: 1_375_000n, net: 273_625_000n });
    expect(splitFee(999n, 0).fee).toBe(0n);
    // Below one base unit of fee, nothing is taken: 1 base unit at 5 %.
    expect(splitFee(1n, 500).fee).toBe(0n);
  });

  it("refuses what is not a platform fee or not an amount", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: MAX_FEE_BPS + 1 }), fc.integer({ max: -1 }), fc.double({ noInteger: true })),
        (b) => {
          expect(() => feeOn(1_000n, b)).toThrow(RangeError);
        },
      ),
    );
    expect(() => feeOn(-1n, 100)).toThrow(RangeError);
  });
});

describe("announced increases", () => {
  it("(0, 0) from the chain is no increase", () => {
    expect(pendingFrom(0, 0n)).toBeNull();
    expect(pendingFrom(150, 1_800_000_000n)).toEqual({ bps: 150, effectiveAt: 1_800_000_000 });
  });

  it("raises a token's fee only up to its override, and only when it raises it", () => {
    fc.assert(
      fc.property(bps, bps, bps, fc.boolean(), (platform, announced, overrideBps, set) => {
        fc.pre(announced > platform);
        const current = set ? Math.min(overrideBps, platform) : platform;
        const result = increaseForToken(current, { set, bps: overrideBps }, { bps: announced, effectiveAt: 99 });
        const after = set ? Math.min(overrideBps, announced) : announced;
        if (after > current) expect(result).toEqual({ bps: after, effectiveAt: 99 });
        else expect(result).toBeNull();
      }),
    );
    expect(increaseForToken(100, { set: false, bps: 0 }, null)).toBeNull();
  });
});
