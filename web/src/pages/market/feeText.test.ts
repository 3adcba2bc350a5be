import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitFee } from "../../contracts/fees";
import { buyerFeeText } from "./feeText";

const coin = { symbol: "tUSD", decimals: 6 };

describe("trade fee for the buyer", () => {
  it("the buyer pays the price; the fee and the seller's receipt add up to it", () => {
    expect(buyerFeeText(splitFee(275_000_000n, 50), 50, coin)).toBe(
      "You pay 275.00 tUSD, nothing more: the platform's trade fee of 0.5% (1.375 tUSD) comes out of the seller's side: the seller receives 273.625 tUSD.",
    );
    expect(buyerFeeText(splitFee(275_000_000n, 0), 0, coin)).toBe(
      "You pay 275.00 tUSD. The platform takes no trade fee on this property.",
    );
  });

  it("names the whole price as what the buyer pays, for any price and fee", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 1, max: 500 }), (gross, bps) => {
        const split = splitFee(gross, bps);
        const text = buyerFeeText(split, bps, coin);
        const amounts = [...text.matchAll(/([\d,]+\.\d+) tUSD/g)].map((m) => {
          const [whole = "0", fraction = ""] = m[1]!.replace(/,/g, "").split(".");
          return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
        });
        expect(amounts).toEqual([split.gross, split.fee, split.net]);
      }),
    );
  });
});
