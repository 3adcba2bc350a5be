import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rentNetText } from "./RentFees";

describe("rent claim and the management fee", () => {
  it("says the rent is net of the management fee, with its rate", () => {
    expect(rentNetText("Baixa Lofts", 100)).toBe(
      "Rent of Baixa Lofts is paid net of the platform's management fee, now 1%, taken when the manager deposits it.",
    );
    expect(rentNetText("Baixa Lofts", 0)).toBe(
      "Rent of Baixa Lofts carries no management fee: holders share all of it.",
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (bps) => {
        expect(rentNetText("X", bps)).toContain(`now ${bps / 100}%`);
      }),
    );
  });
});
