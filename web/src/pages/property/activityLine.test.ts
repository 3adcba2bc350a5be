import fc from "fast-check";
import { getAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { activityLine, type ActivityItem } from "./activityLine";

const COIN = { symbol: "tUSD", decimals: 6 };
const alice = getAddress("0x00000000000000000000000000000000000a11ce");
const bob = getAddress("0x0000000000000000000000000000000000000b0b");
const at = { at: 1_760_000_000, block: 10n, hash: "0x01", key: "k" };

describe("a property's public activity lines", () => {
  it("names no wallet (security review 2026-12-06: the public property page listed every subscriber's and holder's wallet)", () => {
    expect(activityLine({ ...at, kind: "subscribed", investor: alice, units: 10n }, COIN, undefined)).toBe(
      "10 units subscribed",
    );
    expect(activityLine({ ...at, kind: "moved", from: alice, to: bob, units: 5n }, COIN, undefined)).toBe(
      "5 units changed hands",
    );
  });

  it("says 'you' for the viewer's own movements", () => {
    expect(activityLine({ ...at, kind: "subscribed", investor: alice, units: 10n }, COIN, alice)).toBe(
      "10 units subscribed by you",
    );
    expect(activityLine({ ...at, kind: "moved", from: alice, to: bob, units: 5n }, COIN, bob)).toBe(
      "5 units received by you",
    );
  });

  it("class: whatever happened and whoever looks, no line carries an address, in any case or length", () => {
    const wallet = fc
      .uint8Array({ minLength: 20, maxLength: 20 })
      .map((b) => getAddress(`0x${Buffer.from(b).toString("hex")}`) as Address);
    const activity: fc.Arbitrary<ActivityItem> = fc
      .oneof(
        fc.record({ kind: fc.constant("rent" as const), amount: fc.bigInt({ min: 0n, max: 10n ** 15n }) }),
        fc.record({
          kind: fc.constant("subscribed" as const),
          investor: wallet,
          units: fc.bigInt({ min: 1n, max: 10n ** 9n }),
        }),
        fc.record({ kind: fc.constant("issued" as const), to: wallet, units: fc.bigInt({ min: 1n, max: 10n ** 9n }) }),
        fc.record({
          kind: fc.constant("moved" as const),
          from: wallet,
          to: wallet,
          units: fc.bigInt({ min: 1n, max: 10n ** 9n }),
        }),
      )
      .map((a) => ({ ...at, ...a }) as ActivityItem);
    fc.assert(
      fc.property(activity, fc.option(wallet, { nil: undefined }), (a, viewer) => {
        const line = activityLine(a, COIN, viewer);
        expect(line).not.toMatch(/0x[0-9a-f]{4}/i);
        // Nor a bare run of hex, letters and digits mixed (amounts are digits only).
        const hexRuns = (line.match(/[0-9a-f]{6,}/gi) ?? []).filter((r) => /[a-f]/i.test(r) && /\d/.test(r));
        expect(hexRuns).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
