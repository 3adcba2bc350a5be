import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdingWorth } from "./holdingWorth";

describe("a holding's value and share", () => {
  it("after a sale: what the units redeem for and their share of the supply at the close (review 2026-12-06 H3: the last holder read 100%)", () => {
    // 720,000 tUSD over 600 units at the close; the other holder redeemed 250, so 350 remain in supply.
    const sale = { proceeds: 720_000_000_000n, supplyAtClose: 600n };
    const worth = holdingWorth(350n, { pricePerUnit: 1_000_000_000n, totalSupply: 350n }, sale);
    expect(worth).toEqual({ value: 420_000_000_000n, sharePercent: 58.3 });
  });

  it("before a sale: units at the offering's price, share of the token's supply", () => {
    expect(holdingWorth(25n, { pricePerUnit: 100n, totalSupply: 100n }, null)).toEqual({
      value: 2_500n,
      sharePercent: 25,
    });
  });

  it("class: after a sale the holders' values add up to at most the proceeds and their shares to at most 100%, whoever redeemed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 6n }), { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (positions, proceeds, redeemed) => {
          const supplyAtClose = positions.reduce((a, b) => a + b, 0n);
          // The supply now: only the units not redeemed yet (any subset of holders redeemed).
          const totalSupply = positions.reduce((sum, u, i) => (redeemed[i] ? sum : sum + u), 0n);
          const sale = { proceeds, supplyAtClose };
          const worths = positions.map((u) => holdingWorth(u, { pricePerUnit: 1n, totalSupply }, sale));
          expect(worths.reduce((s, w) => s + w.value, 0n) <= proceeds).toBe(true);
          expect(worths.reduce((s, w) => s + w.sharePercent, 0)).toBeLessThanOrEqual(100 + 1e-9);
          // Each holder's figures do not depend on who else redeemed.
          for (const [i, u] of positions.entries())
            expect(worths[i]).toEqual(holdingWorth(u, { pricePerUnit: 1n, totalSupply: supplyAtClose }, sale));
        },
      ),
    );
  });
});
