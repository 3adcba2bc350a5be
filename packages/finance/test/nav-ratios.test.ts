/** Issue 16: NAV per unit and the ratios, by hand, with their refusals. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { capRate, grossYield, METRICS, navPerUnit, netYield, occupancy } from "@freehold/finance";

describe("16 NAV per unit", () => {
  it("16 (valuation + reserves − liabilities) / units, rounded down to the cent", () => {
    // 1,000,000.00 + 25,000.00 − 300,000.00 = 725,000.00 = 72_500_000 cents; / 3 units = 24_166_666.67 → 24_166_666.
    assert.deepEqual(
      navPerUnit({ valuation: 100_000_000n, cashReserves: 2_500_000n, liabilities: 30_000_000n, units: 3n }),
      { nav: 72_500_000n, perUnit: 24_166_666n },
    );
    // Exact: 500_000 / 1_000 = 500.
    assert.deepEqual(navPerUnit({ valuation: 500_000n, cashReserves: 0n, liabilities: 0n, units: 1_000n }), {
      nav: 500_000n,
      perUnit: 500n,
    });
  });

  it("16 a negative NAV is reported, and rounded down (toward −∞) like any other", () => {
    // 100 + 0 − 200 = −100; −100 / 3 = −33.33… → −34.
    assert.deepEqual(navPerUnit({ valuation: 100n, cashReserves: 0n, liabilities: 200n, units: 3n }), {
      nav: -100n,
      perUnit: -34n,
    });
  });

  it("16 no units, or negative inputs, are refused", () => {
    const ok = { valuation: 1n, cashReserves: 0n, liabilities: 0n, units: 1n };
    for (const bad of [{ units: 0n }, { units: -1n }, { valuation: -1n }, { cashReserves: -1n }, { liabilities: -1n }])
      assert.throws(
        () => navPerUnit({ ...ok, ...bad }),
        RangeError,
        JSON.stringify(bad, (_, v: unknown) => String(v)),
      );
  });

  it("16 property: perUnit × units ≤ nav < (perUnit + 1) × units", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (valuation, cashReserves, liabilities, units) => {
          const { nav, perUnit } = navPerUnit({ valuation, cashReserves, liabilities, units });
          assert.equal(nav, valuation + cashReserves - liabilities);
          assert.ok(perUnit * units <= nav && nav < (perUnit + 1n) * units);
        },
      ),
    );
  });
});

describe("16 ratios", () => {
  it("16 yields and cap rate by hand; null without a base", () => {
    assert.equal(grossYield(6_000_000n, 100_000_000n), 0.06); // 60,000.00 / 1,000,000.00
    assert.equal(netYield(4_500_000n, 100_000_000n), 0.045); // 45,000.00 / 1,000,000.00
    assert.equal(netYield(-1_000_000n, 100_000_000n), -0.01); // a year that lost 10,000.00
    assert.equal(capRate(4_500_000n, 90_000_000n), 0.05); // 45,000.00 / 900,000.00
    assert.equal(grossYield(1n, 0n), null);
    assert.equal(netYield(1n, 0n), null);
    assert.equal(capRate(1n, 0n), null);
    assert.throws(() => grossYield(-1n, 10n), RangeError);
    assert.throws(() => netYield(1n, -10n), RangeError);
  });

  it("16 occupancy: leased / total, null for a property with no units, impossible counts refused", () => {
    assert.equal(occupancy(3, 4), 0.75);
    assert.equal(occupancy(0, 4), 0);
    assert.equal(occupancy(0, 0), null);
    for (const [leased, total] of [
      [5, 4],
      [-1, 4],
      [1.5, 4],
      [1, Number.NaN],
    ] as const)
      assert.throws(() => occupancy(leased, total), RangeError, `${leased}/${total}`);
  });

  it("16 every metric has a label and a sentence", () => {
    assert.deepEqual(Object.keys(METRICS).sort(), [
      "capRate",
      "capitalReturned",
      "costBasis",
      "distributable",
      "grossYield",
      "irr",
      "navPerUnit",
      "netYield",
      "noi",
      "occupancy",
      "unrealizedGain",
    ]);
    for (const { label, definition } of Object.values(METRICS)) {
      assert.ok(label.length > 0);
      assert.match(definition, /^[A-Z].{20,}\.$/);
    }
  });
});
