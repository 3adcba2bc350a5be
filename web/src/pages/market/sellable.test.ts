import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sellable } from "./sellable";

const holding = (token: string, closed: boolean, partitions: string[]) => ({
  token: token as `0x${string}`,
  closed,
  units: BigInt(partitions.length),
  partitions: partitions.map((partition) => ({ partition: partition as `0x${string}`, units: 1n, lockUntil: 0 })),
});

describe("the Sell form's holdings", () => {
  it("leaves out a sold property, and names it (review 2026-12-06 M2: Quayside's units were offered for sale)", () => {
    const { options, sold } = sellable([holding("0xquay", true, ["0x01"]), holding("0xharb", false, ["0x01"])]);
    expect(options.map((o) => o.key)).toEqual(["0xharb:0x01"]);
    expect(sold.map((h) => h.token)).toEqual(["0xquay"]);
  });

  it("class: an option for exactly every partition of every token that still trades", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.array(fc.constantFrom("0x01", "0x02", "0x03"), { maxLength: 3 })), {
          maxLength: 5,
        }),
        (spec) => {
          const holdings = spec.map(([closed, parts], i) => holding(`0x${i}`, closed, [...new Set(parts)]));
          const { options } = sellable(holdings);
          const expected = holdings
            .filter((h) => !h.closed)
            .flatMap((h) => h.partitions.map((p) => `${h.token}:${p.partition}`));
          expect(options.map((o) => o.key)).toEqual(expected);
          expect(options.every((o) => !o.h.closed)).toBe(true);
        },
      ),
    );
  });
});
