// @vitest-environment node
/**
 * Review 2026-12 finding 2 (class guard): an amount already paid into an offering (a subscriber's escrow, a refund,
 * the money raised, the proceeds) is read from the offering's books (`paidBy`, `escrowOwed`, released amounts), never
 * recomputed as units x the public price: an invitation's buyer paid the invitation's price. No source of the app
 * multiplies units sold or subscribed by a price. A quote of units not yet bought (a new subscription, an order, a
 * launch's "if sold out") is not an amount paid and may.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

/** A quantity already bought (sold, subscribed, pending, held in escrow) times a price, or through `costOf`. */
const BOOKED = String.raw`[\w.!?]*(?:[sS]old|[sS]ubscri\w*|[pP]ending|[eE]scrow\w*)[\w.!?]*`;
const PAID_RECOMPUTED = [
  new RegExp(String.raw`costOf\(\s*${BOOKED}\s*,`),
  new RegExp(String.raw`${BOOKED}\s*\*\s*[\w.!?]*[pP]rice`),
  new RegExp(String.raw`[\w.!?]*[pP]rice[\w.!?]*\s*\*\s*${BOOKED}`),
];

function recomputedPayments(text: string): string[] {
  return text.split("\n").filter((line) => PAID_RECOMPUTED.some((pattern) => pattern.test(line)));
}

describe("finding 2 (class): amounts paid come from the offering's books", () => {
  it("the guard recognises the shapes of the bug it replaces", () => {
    expect(recomputedPayments("paid: money(costOf(data.mySubscribed, price)),")).toHaveLength(1);
    expect(recomputedPayments("{formatMoney(sold * price, coin)}")).toHaveLength(1);
    expect(recomputedPayments("split={splitFee(costOf(sold.data, terms.data.pricePerUnit), fee)}")).toHaveLength(1);
    expect(recomputedPayments("const cost = costOf(units, price);")).toEqual([]);
    expect(recomputedPayments("split={splitFee(costOf(hardCap.value, price.value), bps)}")).toEqual([]);
  });

  it("no source multiplies units bought by a price", () => {
    const found = sources(src).flatMap((file) =>
      recomputedPayments(readFileSync(file, "utf8")).map((line) => `${relative(src, file)}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
