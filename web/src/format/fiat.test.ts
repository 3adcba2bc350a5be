import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCents, formatFiat, toCents } from "./fiat";

describe("15 national-currency amounts (valuation, rent) carry their currency", () => {
  it("15 registry decimals in EUR, USD and GBP", () => {
    expect(formatFiat("600000.00", "EUR")).toBe("€600,000");
    expect(formatFiat("1455.5", "EUR")).toBe("€1,455.50");
    expect(formatFiat("0.07", "USD")).toBe("US$0.07");
    expect(formatFiat("1250000", "GBP", { compact: true })).toBe("£1.3m");
    expect(formatFiat("1250000.40", "EUR", { whole: true })).toBe("€1,250,000");
    expect(formatFiat(null, "EUR")).toBe("—");
  });

  it("15 (class) any amount of cents is shown exactly, with the currency, however large", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.constantFrom("EUR", "GBP", "CHF", "USD"),
        (cents, currency) => {
          const shown = formatCents(cents, currency);
          const digits = shown.replace(/[^0-9.]/g, "");
          expect(toCents(digits)).toBe(cents);
          expect(shown).toMatch(currency === "CHF" ? /CHF/ : /[€£$]/);
        },
      ),
    );
  });
});
