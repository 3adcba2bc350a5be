/**
 * Finding (money views), class guard: the backend assumed every payment coin had 6 decimals (`PAYMENT_TOKEN_DECIMALS
 * = 6`, `BASE_UNITS_PER_CENT = 10_000n`, `* 1000000` in SQL), but coins of 0 to 8 decimals are accepted and each
 * offering pays in the coin it was launched with. No money code may state a coin's decimals or a base-unit scale of
 * its own: decimals come from the coin (`chain_offerings.paymentDecimals`) and conversions from
 * src/core/coin-amounts.ts / src/portfolio/amount-unit.ts. Basis points (`bps`, 10,000 to the whole) are not money and
 * may use 10_000n on a line that says so.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";

const src = join(import.meta.dirname, "..", "src");
/** Where amounts of a payment coin are turned into money figures. */
const MONEY = [
  "portfolio",
  "financials",
  "dashboard",
  "statements",
  "fees",
  "placements",
  "valuations",
  "leases",
  "chain",
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.ts$/.test(e.name) && !/\.test\.ts$|\.fixtures\.ts$/.test(e.name) && !dir.includes("testing")
        ? [join(dir, e.name)]
        : [],
  );
}

const ASSUMED = [
  // a coin's decimals stated as a constant or a literal field
  /\b(?:PAYMENT|TOKEN|COIN|STABLECOIN|USDC?)\w*DECIMALS\s*=\s*\d/,
  /\bdecimals\s*:\s*\d/,
  // a base-unit scale: 10^4 base units per cent, 10^6 per unit, in TypeScript or SQL
  /\bBASE_(?:UNITS_)?PER_CENT\b/,
  /\b(?:10_?000|1_?000_?000)n\b/,
  /\b1e6\b/,
  /10n\s*\*\*\s*(?:6n|4n|BigInt\(\s*[46]\s*\))/,
  /\*\s*1_?000_?000\b/,
];
/** Basis points: 10,000 to the whole, not money. */
const BASIS_POINTS = /\bbps?\b|basis point|quorum/i;

function assumedScales(text: string): string[] {
  return text.split("\n").filter((line) => !BASIS_POINTS.test(line) && ASSUMED.some((p) => p.test(line)));
}

describe("money views (class): no assumed payment-coin decimals in money code", () => {
  it("the guard recognises the shapes of the bug it replaces", () => {
    for (const bug of [
      "export const PAYMENT_TOKEN_DECIMALS = 6;",
      "export const BASE_UNITS_PER_CENT = 10_000n;",
      "const BASE_PER_CENT = 10_000n;",
      "      decimals: 6,",
      "SELECT (COALESCE(SUM(p.amount - p.fees), 0) * 1000000)::numeric(78, 0)::text AS net",
      "const scale = 10n ** 6n;",
      "const usd = amount / 1_000_000n;",
    ])
      assert.deepEqual(assumedScales(bug), [bug], bug);
    for (const fine of [
      "const bp = (units * 10_000n) / supply;",
      "((BigInt(supply) * BigInt(quorumBps) + 9_999n) / 10_000n).toString();",
      "return rescale(amount, decimals, MINOR_UNIT_DECIMALS);",
      "decimals: unit.decimals,",
    ])
      assert.deepEqual(assumedScales(fine), [], fine);
  });

  it("no money source states a coin's decimals or a base-unit scale", () => {
    const found = MONEY.flatMap((dir) => sources(join(src, dir))).flatMap((file) =>
      assumedScales(readFileSync(file, "utf8")).map((line) => `${relative(src, file)}: ${line.trim()}`),
    );
    assert.deepEqual(found, []);
  });
});
