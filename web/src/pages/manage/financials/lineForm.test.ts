import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToInput, checkLine, parseCents, parseReserve, type LineFormValues } from "./lineForm";
import { EXPENSE_CATEGORIES, TYPED_INCOME } from "./periodFigures";

const valid: LineFormValues = {
  category: "PARKING",
  description: "Parking spaces, March",
  amount: "1,250.50",
  supportingDocumentId: "",
};

describe("checkLine", () => {
  it("16 a typed line becomes the API body: type from the category, cents as a string, trimmed description", () => {
    expect(checkLine({ ...valid, description: "  Parking  " })).toEqual({
      ok: true,
      body: {
        type: "INCOME",
        category: "PARKING",
        description: "Parking",
        amount: "125050",
        supportingDocumentId: null,
      },
    });
    const expense = checkLine({ ...valid, category: "CAPITAL_EXPENDITURE", supportingDocumentId: "doc-1" });
    expect(expense.ok && expense.body).toMatchObject({ type: "EXPENSE", supportingDocumentId: "doc-1" });
  });

  it("16 rent is never typed: it comes from the lease payments", () => {
    const check = checkLine({ ...valid, category: "RENT" });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.category).toMatch(/lease payments/);
  });

  it("16 refuses each bad field beside it", () => {
    const check = checkLine({ category: "", description: " ", amount: "0", supportingDocumentId: "" });
    expect(check).toEqual({
      ok: false,
      errors: {
        category: "Choose a category.",
        description: "Describe the line.",
        amount: "The amount must be more than zero.",
      },
    });
    const long = checkLine({ ...valid, description: "x".repeat(501), amount: "1.005" });
    expect(!long.ok && long.errors).toEqual({
      description: "At most 500 characters.",
      amount: "At most 2 decimal places.",
    });
  });

  it("16 any amount the form accepts is whole cents the server accepts (1..15 digits, > 0), and reads back", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPED_INCOME, ...EXPENSE_CATEGORIES),
        fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }),
        (category, cents) => {
          const check = checkLine({ ...valid, category, amount: centsToInput(cents) });
          expect(check.ok).toBe(true);
          if (check.ok) {
            expect(check.body.amount).toMatch(/^\d{1,15}$/);
            expect(BigInt(check.body.amount)).toBe(cents);
          }
        },
      ),
    );
  });

  it("16 any text that is not a positive amount of at most two decimals is refused", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseCents(text);
        const plain = text.trim().replace(/,/g, "");
        const fine = /^\d*(\.\d{0,2})?$/.test(plain) && /\d/.test(plain) && parsed.ok;
        expect(parsed.ok).toBe(fine);
      }),
    );
    expect(parseCents("10000000000000").ok).toBe(false); // 16 digits of cents
  });
});

describe("parseReserve", () => {
  it("16 zero is no reserve; other amounts are cents; blank asks for 0", () => {
    expect(parseReserve("0")).toEqual({ ok: true, value: 0n });
    expect(parseReserve("0.00")).toEqual({ ok: true, value: 0n });
    expect(parseReserve("200")).toEqual({ ok: true, value: 20_000n });
    expect(parseReserve("").ok).toBe(false);
    expect(parseReserve("-5").ok).toBe(false);
  });
});
