import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  costOf,
  formatBps,
  formatAmountNumber,
  formatMoney,
  formatMoneyCompact,
  formatUnits,
  parseMoneyInput,
  parseUnitsInput,
  percentOf,
  unitsForBudget,
} from "./amounts";

const USDC = { symbol: "USDC", decimals: 6 };
const TUSD = { symbol: "tUSD", decimals: 6 };

describe("formatMoney (6-decimal stablecoin)", () => {
  it.each([
    [0n, "0.00"],
    [1n, "0.000001"],
    [10_000n, "0.01"],
    [1_000_000n, "1.00"],
    [1_234_500_000n, "1,234.50"],
    [1_234_567_891n, "1,234.567891"],
    [-2_500_000n, "-2.50"],
    [123_456_789_000_000_000_000n, "123,456,789,000,000.00"],
  ])("%s base units -> %s", (amount, expected) => {
    expect(formatMoney(amount, USDC)).toBe(`${expected} USDC`);
  });

  it("shows all six decimals on request and appends the symbol", () => {
    expect(formatMoney(1_500_000n, USDC, { full: true })).toBe("1.500000 USDC");
  });

  it("compacts large amounts for cards", () => {
    expect(formatMoneyCompact(2_450_000_000_000n, USDC)).toBe("2.4m USDC");
    expect(formatMoneyCompact(350_000_000_000n, TUSD)).toBe("350k tUSD");
    expect(formatMoneyCompact(9_999_500_000n, USDC)).toBe("9,999.50 USDC");
  });
});

describe("formatUnits (0 decimals)", () => {
  it("uses singular and plural and groups digits", () => {
    expect(formatUnits(1n)).toBe("1 unit");
    expect(formatUnits(0n)).toBe("0 units");
    expect(formatUnits(12_500n)).toBe("12,500 units");
  });
});

describe("parseMoneyInput", () => {
  it.each([
    ["1", 1_000_000n],
    ["1,250.5", 1_250_500_000n],
    [" .25 ", 250_000n],
    ["0.000001", 1n],
    ["10.", 10_000_000n],
  ])("%s -> %s", (input, expected) => {
    expect(parseMoneyInput(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /Enter an amount/],
    ["abc", /Enter a number/],
    ["-5", /Enter a number/],
    ["1.0000001", /6 decimal/],
    ["0", /more than zero/],
    [".", /Enter a number/],
    ["1e6", /Enter a number/],
  ])("refuses %j", (input, message) => {
    const result = parseMoneyInput(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe("parseUnitsInput", () => {
  it("accepts whole numbers with grouping", () => {
    expect(parseUnitsInput("1,200")).toEqual({ ok: true, value: 1200n });
  });
  it.each([
    ["2.5", /cannot be split/],
    ["0", /at least one/],
    ["ten", /whole number/],
    ["", /Enter a number of units/],
  ])("refuses %j", (input, message) => {
    const result = parseUnitsInput(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe("unit/stablecoin conversion", () => {
  it("prices units and converts a budget to whole units", () => {
    expect(costOf(3n, 50_000_000n)).toBe(150_000_000n);
    expect(unitsForBudget(175_000_000n, 50_000_000n)).toEqual({ units: 3n, remainder: 25_000_000n });
    expect(() => unitsForBudget(1n, 0n)).toThrow(RangeError);
  });
  it("formats basis points and progress", () => {
    expect(formatBps(725)).toBe("7.25%");
    expect(formatBps(500)).toBe("5%");
    expect(formatBps(50)).toBe("0.5%");
    expect(percentOf(1n, 3n)).toBe(33.3);
    expect(percentOf(5n, 4n)).toBe(100);
    expect(percentOf(1n, 0n)).toBe(0);
  });
});

describe("13.7 amounts in the payment token's own decimals", () => {
  it("13.7 formats and parses with the recorded decimals (6 like USDC, 18, 2, 0)", () => {
    expect(formatMoney(1_234_500_000n, { decimals: 6, symbol: "USDC" })).toBe("1,234.50 USDC");
    expect(formatMoney(10n ** 18n + 5n, { decimals: 18, symbol: "DAI" })).toBe("1.000000000000000005 DAI");
    expect(formatMoney(12_345n, { decimals: 2, symbol: "EURT" }, { full: true })).toBe("123.45 EURT");
    expect(formatMoney(1_250n, { decimals: 0, symbol: "WHOLE" })).toBe("1,250 WHOLE");
    expect(parseMoneyInput("1.5", 18)).toEqual({ ok: true, value: 15n * 10n ** 17n });
    expect(parseMoneyInput("100", 0)).toEqual({ ok: true, value: 100n });
    expect(parseMoneyInput("0.001", 2)).toEqual({ ok: false, error: "At most 2 decimal places." });
    expect(parseMoneyInput("1.5", 0)).toEqual({
      ok: false,
      error: "Whole amounts only: this stablecoin has no decimals.",
    });
  });

  it("13.7 (class) for any decimals 0..18 and any amount, what is shown parses back to exactly the same base units", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18 }), fc.bigInt({ min: 1n, max: 10n ** 40n }), (decimals, amount) => {
        for (const full of [true, false]) {
          expect(parseMoneyInput(formatAmountNumber(amount, decimals, { full }), decimals)).toEqual({
            ok: true,
            value: amount,
          });
        }
      }),
    );
  });
});

describe("15 every token amount carries its token", () => {
  it("15 (class) any amount in any token ends with that token's symbol and its number parses back exactly", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 36n }),
        fc.integer({ min: 0, max: 18 }),
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,9}$/),
        (amount, decimals, symbol) => {
          const shown = formatMoney(amount, { symbol, decimals });
          expect(shown.endsWith(` ${symbol}`)).toBe(true);
          const compact = formatMoneyCompact(amount, { symbol, decimals });
          expect(compact.endsWith(` ${symbol}`)).toBe(true);
          if (amount > 0n)
            expect(parseMoneyInput(shown.slice(0, -symbol.length - 1), decimals)).toEqual({ ok: true, value: amount });
        },
      ),
    );
  });

  it("15 (class) basis points are shown exactly, never rounded: the digits read back as the same number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (bps) => {
        const shown = formatBps(bps);
        expect(shown.endsWith("%")).toBe(true);
        expect(Math.round(Number(shown.slice(0, -1).replace(/,/g, "")) * 100)).toBe(bps);
      }),
    );
  });
});
