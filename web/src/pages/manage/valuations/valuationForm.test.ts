import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkValuation, type ValuationFormValues } from "./valuationForm";

const today = "2026-12-03";
const valid: ValuationFormValues = {
  kind: "",
  method: "APPRAISAL",
  amount: "360,000",
  liabilities: "0",
  valuer: "  Knight Frank ",
  valuedOn: "2026-11-30",
  documentId: "",
};

describe("checkValuation", () => {
  it("16 a filled form is the API body: grouping dropped, kind left to the method unless chosen, document when picked", () => {
    expect(checkValuation(valid, "EUR", today)).toEqual({
      ok: true,
      body: {
        amount: "360000",
        currency: "EUR",
        method: "APPRAISAL",
        valuer: "Knight Frank",
        valuedOn: "2026-11-30",
        liabilities: "0",
      },
    });
    const full = checkValuation(
      { ...valid, kind: "INTERNAL", liabilities: "125000.50", documentId: "2b1e..." },
      "EUR",
      today,
    );
    expect(full.ok && full.body).toMatchObject({ kind: "INTERNAL", liabilities: "125000.50", documentId: "2b1e..." });
  });

  it("16 each mistake beside its field, in the API's words; blank liabilities are none", () => {
    const check = checkValuation(
      { ...valid, amount: "0", liabilities: "1.005", valuer: " ", valuedOn: "" },
      "EUR",
      today,
    );
    expect(check).toEqual({
      ok: false,
      errors: {
        amount: "The amount must be more than zero.",
        liabilities: "At most two decimal places.",
        valuer: "Name who valued the property.",
        valuedOn: "Enter the valuation date.",
      },
    });
    const blankLiabilities = checkValuation({ ...valid, liabilities: "" }, "EUR", today);
    expect(blankLiabilities.ok && blankLiabilities.body.liabilities).toBe("0");
  });

  it("16 a valuation dated after today is refused here", () => {
    const check = checkValuation({ ...valid, valuedOn: "2026-12-04" }, "EUR", today);
    expect(!check.ok && check.errors.valuedOn).toMatch(/future/);
  });

  it("16 any form the page accepts is a body the API accepts: decimals of at most 2 places, amount > 0, a valuer", () => {
    const decimalText = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.nat(999)).map(([w, f]) => `${w}.${f}`),
      fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
    );
    fc.assert(
      fc.property(decimalText, decimalText, fc.string({ maxLength: 210 }), (amount, liabilities, valuer) => {
        const check = checkValuation({ ...valid, amount, liabilities, valuer }, "EUR", today);
        const decimal = /^\d{1,16}(\.\d{1,2})?$/;
        const wanted =
          decimal.test(amount.trim().replace(/,/g, "")) &&
          Number(amount.trim().replace(/,/g, "")) > 0 &&
          decimal.test(liabilities.trim().replace(/,/g, "") || "0") &&
          valuer.trim().length > 0 &&
          valuer.trim().length <= 200;
        expect(check.ok).toBe(wanted);
        if (check.ok) {
          expect(check.body.amount).toMatch(decimal);
          expect(check.body.liabilities).toMatch(decimal);
        }
      }),
    );
  });
});
