import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payoutFor, redemptionProgress } from "./exitMath";

describe("19 exit: the redeem amount shown is the contract's", () => {
  it("a holder's payout is units x proceeds / supplyAtClose, rounded down", () => {
    expect(payoutFor(1n, 1_000_000n, 3n)).toBe(333_333n);
    expect(payoutFor(2n, 1_000_000n, 3n)).toBe(666_666n);
    expect(payoutFor(3n, 1_000_000n, 3n)).toBe(1_000_000n);
    expect(payoutFor(5n, 1_000_000n, 0n)).toBe(0n);
  });

  it("payouts never add up to more than the proceeds, whoever redeems", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }),
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        (holdings, proceeds) => {
          const supply = holdings.reduce((s, u) => s + u, 0n);
          const paid = holdings.reduce((s, u) => s + payoutFor(u, proceeds, supply), 0n);
          expect(paid <= proceeds).toBe(true);
          // Less than one base unit of dust per holder.
          expect(proceeds - paid < BigInt(holdings.length)).toBe(true);
        },
      ),
    );
  });

  it("progress: units and money redeemed and not yet redeemed", () => {
    expect(
      redemptionProgress({ proceeds: 900n, supplyAtClose: 10n, paidOut: 450n }, [{ units: 3n }, { units: 2n }]),
    ).toEqual({ unitsRedeemed: 5n, unitsLeft: 5n, paidOut: 450n, owed: 450n });
  });
});
