/** Issue 16: IRR of irregular cash flows, by hand and as a property (NPV at the rate found is zero). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { npv, xirr, type CashFlow } from "@freehold/finance";

const on = (iso: string, amount: bigint): CashFlow => ({ at: new Date(`${iso}T00:00:00Z`), amount });

/** NPV written out independently of the package: Σ a / (1 + r)^(days / 365). */
function presentValue(rate: number, flows: CashFlow[]): { value: number; scale: number } {
  const start = Math.min(...flows.map((f) => f.at.getTime()));
  let value = 0;
  let scale = 0;
  for (const f of flows) {
    const factor = Math.pow(1 + rate, (f.at.getTime() - start) / 86_400_000 / 365);
    value += Number(f.amount) / factor;
    scale += Math.abs(Number(f.amount)) / factor;
  }
  return { value, scale };
}

/** NPV is zero at the rate: a tiny share of the flows' size, or it changes sign across the doubles around it. */
function zeroAt(rate: number, flows: CashFlow[]): boolean {
  const { value, scale } = presentValue(rate, flows);
  const step = Math.max(1, Math.abs(rate)) * 4 * Number.EPSILON;
  return (
    Math.abs(value) <= 1e-9 * scale ||
    Math.sign(presentValue(rate - step, flows).value) !== Math.sign(presentValue(rate + step, flows).value)
  );
}

describe("16 xirr", () => {
  it("16 irregular flows: −1000 on 2025-01-01, +300 on 2025-07-15, +900 on 2026-03-01", () => {
    // Days from the start: 2025-07-15 is 181 + 14 = 195 (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181);
    // 2026-03-01 is 365 + 31 + 28 = 424. Solve −1000 + 300 / (1 + r)^(195/365) + 900 / (1 + r)^(424/365) = 0:
    // at r = 0.20 the sum is +0.3758, at r = 0.201 it is −0.4496; bisection to 50 digits (Python decimal) gives
    // r = 0.2004550940332156…, where 300 / 1.10252966970714 = 272.10152 and 900 / 1.23643615954850 = 727.89848.
    const flows = [on("2025-01-01", -1000n), on("2025-07-15", 300n), on("2026-03-01", 900n)];
    const rate = xirr(flows);
    assert.ok(rate !== null);
    assert.ok(Math.abs(rate - 0.2004550940332156) < 1e-6, String(rate));
    assert.ok(Math.abs(presentValue(rate, flows).value) < 1e-6);
    // The order of the flows does not matter.
    assert.ok(Math.abs(xirr([...flows].reverse())! - rate) < 1e-12);
  });

  it("16 flows with a closed form: 10 % over two years, a 96.8 % loss, a tenfold gain in half a year", () => {
    // 1000 → 1210 over 730 days: (1210/1000)^(365/730) − 1 = 1.1 − 1 = 0.1.
    assert.ok(Math.abs(xirr([on("2025-01-01", -1000n), on("2027-01-01", 1210n)])! - 0.1) < 1e-9);
    // 1000 → 1 over 730 days: (1/1000)^(1/2) − 1 = −0.968377…
    const loss = xirr([on("2025-01-01", -1000n), on("2027-01-01", 1n)])!;
    assert.ok(Math.abs(loss - (Math.sqrt(0.001) - 1)) < 1e-9, String(loss));
    // 100 → 1000 over 146 days (0.4 year): 10^(1/0.4) − 1 = 10^2.5 − 1 = 315.227766…
    const gain = xirr([on("2025-01-01", -100n), on("2025-05-27", 1000n)])!;
    assert.ok(Math.abs(gain - (10 ** 2.5 - 1)) < 1e-6, String(gain));
  });

  it("16 null when the flows never change sign; a bad date is refused", () => {
    assert.equal(xirr([]), null);
    assert.equal(xirr([on("2025-01-01", -1000n)]), null);
    assert.equal(xirr([on("2025-01-01", -1000n), on("2025-06-01", -5n)]), null);
    assert.equal(xirr([on("2025-01-01", 1000n), on("2025-06-01", 0n)]), null);
    assert.throws(() => xirr([{ at: new Date(Number.NaN), amount: -1n }, on("2025-06-01", 1n)]), RangeError);
  });

  it("16 property: an investment with later returns has a rate, and the NPV at that rate is zero", () => {
    const flow = fc.record({
      days: fc.integer({ min: 1, max: 3_650 }),
      amount: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.array(flow, { minLength: 1, maxLength: 12 }),
        (cost, back) => {
          const start = Date.UTC(2025, 0, 1);
          const flows: CashFlow[] = [
            { at: new Date(start), amount: -cost },
            ...back.map((f) => ({ at: new Date(start + f.days * 86_400_000), amount: f.amount })),
          ];
          const rate = xirr(flows);
          // One sign change: NPV falls strictly from +∞ to −cost, so exactly one rate exists; it must be found unless
          // it lies outside the search (above 1,000,000 % a year, or within 1e-9 of −100 %: 2.00 → 0.01 in a day).
          if (rate === null) {
            const outOfReach = presentValue(1e6, flows).value > 0 || presentValue(-1 + 1e-9, flows).value < 0;
            assert.ok(outOfReach, "a rate within reach was not found");
            return;
          }
          assert.ok(zeroAt(rate, flows), String(rate));
          const { value, scale } = presentValue(rate, flows);
          assert.ok(Math.abs(npv(rate, flows) - value) <= 1e-9 * scale);
        },
      ),
      // Found by this property: 2.79M → 1.49M in 12 days is −99.9999994 % a year, in reach but only to the nearest double.
      { examples: [[279_039_968n, [{ days: 12, amount: 149_388_966n }]]] },
    );
  });

  it("16 property: with several sign changes a rate, when one is given, zeroes the NPV", () => {
    const flow = fc.record({
      days: fc.integer({ min: 0, max: 2_000 }),
      amount: fc.bigInt({ min: -(10n ** 7n), max: 10n ** 7n }),
    });
    fc.assert(
      fc.property(fc.array(flow, { minLength: 2, maxLength: 10 }), (raw) => {
        const flows = raw.map((f) => ({ at: new Date(Date.UTC(2025, 0, 1) + f.days * 86_400_000), amount: f.amount }));
        const rate = xirr(flows);
        if (rate === null) return;
        assert.ok(rate > -1);
        assert.ok(zeroAt(rate, flows), String(rate));
      }),
      // Found by this property: a root within 1e-7 of −100 %, where the nearest double leaves a visible NPV.
      {
        examples: [
          [
            [
              { days: 1041, amount: 2_510_684n },
              { days: 1367, amount: -1n },
              { days: 0, amount: 0n },
            ],
          ],
        ],
      },
    );
  });
});
