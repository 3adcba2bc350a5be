import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToTokenUnits } from "./tokenAmount";

describe("centsToTokenUnits", () => {
  it("16 hand-computed: 1,030.00 distributable in a 6- and an 18-decimal token, and in a 0-decimal one", () => {
    expect(centsToTokenUnits(103_000n, 6)).toBe(1_030_000_000n);
    expect(centsToTokenUnits(103_000n, 18)).toBe(1_030n * 10n ** 18n);
    expect(centsToTokenUnits(103_050n, 2)).toBe(103_050n);
    expect(centsToTokenUnits(103_050n, 0)).toBe(1_030n); // the 50 cents cannot be carried: rounded down
  });

  it("16 one unit of the currency is one unit of the token, never more than the distributable", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 36 }), (cents, decimals) => {
        const units = centsToTokenUnits(cents, decimals);
        // back in cents (scaled to a common base) it never exceeds, and misses less than one token base unit
        const scale = 10n ** BigInt(Math.max(decimals, 2));
        const asCommon = units * (scale / 10n ** BigInt(decimals));
        const wanted = cents * (scale / 100n);
        expect(asCommon <= wanted).toBe(true);
        expect(wanted - asCommon < scale / 10n ** BigInt(decimals)).toBe(true);
      }),
    );
  });

  it("16 refuses a negative amount or bad decimals", () => {
    expect(() => centsToTokenUnits(-1n, 6)).toThrow(RangeError);
    expect(() => centsToTokenUnits(1n, -1)).toThrow(RangeError);
    expect(() => centsToTokenUnits(1n, 1.5)).toThrow(RangeError);
  });
});
