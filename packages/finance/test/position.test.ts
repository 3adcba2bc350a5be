/** Issue 16: an investor's position by the average-cost method, by hand and as properties. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { position, unrealizedGain, type PositionEntry } from "@freehold/finance";

const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n));

describe("16 position", () => {
  it("16 cost basis after a partial sale, income, and the gain at NAV", () => {
    const entries: PositionEntry[] = [
      { kind: "BUY", at: day(0), units: 10n, amount: 100_000n }, // 10 units for 1,000.00
      { kind: "BUY", at: day(10), units: 5n, amount: 65_000n }, // 5 more for 650.00 → 15 units, basis 1,650.00
      { kind: "INCOME", at: day(30), units: 0n, amount: 1_250n },
      // Sell 4 of 15 for 600.00: removed basis = 165_000 × 4 / 15 = 44_000; kept 121_000 for 11 units;
      // realized = 60_000 − 44_000 = 16_000.
      { kind: "SELL", at: day(40), units: 4n, amount: 60_000n },
      { kind: "INCOME", at: day(60), units: 0n, amount: 1_250n },
    ];
    const held = position(entries);
    assert.deepEqual(held, {
      units: 11n,
      costBasis: 121_000n,
      realizedGain: 16_000n,
      incomeReceived: 2_500n,
      capitalReturned: 0n,
    });
    // 11 units × 125.00 = 1,375.00 − 1,210.00 basis = 165.00.
    assert.equal(unrealizedGain(held, 12_500n), 16_500n);
    assert.equal(unrealizedGain(held, 10_000n), -11_000n);
  });

  it("16 rounding never loses a cent: 3 units for 1.00 sold one at a time", () => {
    const buy: PositionEntry = { kind: "BUY", at: day(0), units: 3n, amount: 100n };
    const sell = (n: number): PositionEntry => ({ kind: "SELL", at: day(n), units: 1n, amount: 0n });
    // 100 × 1/3 = 33.3 → 33 removed, 67 kept; 67 × 1/2 = 33.5 → 34 removed (half up), 33 kept; the last removes 33.
    assert.equal(position([buy, sell(1)]).costBasis, 67n);
    assert.equal(position([buy, sell(1), sell(2)]).costBasis, 33n);
    assert.deepEqual(position([buy, sell(1), sell(2), sell(3)]), {
      units: 0n,
      costBasis: 0n,
      realizedGain: -100n,
      incomeReceived: 0n,
      capitalReturned: 0n,
    });
  });

  it("19 capital returned by a refinance lowers the basis by exactly its amount and is not income", () => {
    const buy: PositionEntry = { kind: "BUY", at: day(0), units: 10n, amount: 100_000n }; // 10 units for 1,000.00
    const rent: PositionEntry = { kind: "INCOME", at: day(5), units: 0n, amount: 1_000n };
    const capital: PositionEntry = { kind: "RETURN_OF_CAPITAL", at: day(10), units: 0n, amount: 30_000n };
    // 1,000.00 − 300.00 returned = 700.00 of basis for the same 10 units; income is the rent only.
    assert.deepEqual(position([buy, rent, capital]), {
      units: 10n,
      costBasis: 70_000n,
      realizedGain: 0n,
      incomeReceived: 1_000n,
      capitalReturned: 30_000n,
    });
    // Selling 4 of 10 for 400.00 afterwards removes 700.00 × 4 / 10 = 280.00: realized 120.00.
    const sell: PositionEntry = { kind: "SELL", at: day(20), units: 4n, amount: 40_000n };
    assert.deepEqual(position([buy, rent, capital, sell]), {
      units: 6n,
      costBasis: 42_000n,
      realizedGain: 12_000n,
      incomeReceived: 1_000n,
      capitalReturned: 30_000n,
    });
  });

  it("19 capital returned beyond the basis: the basis stops at zero and the rest is a realized gain", () => {
    const gift: PositionEntry = { kind: "BUY", at: day(0), units: 5n, amount: 10_000n }; // 5 units for 100.00
    const capital: PositionEntry = { kind: "RETURN_OF_CAPITAL", at: day(1), units: 0n, amount: 25_000n };
    // 250.00 returned on 100.00 of basis: 100.00 of it lowers the basis to 0, 150.00 is realized.
    assert.deepEqual(position([gift, capital]), {
      units: 5n,
      costBasis: 0n,
      realizedGain: 15_000n,
      incomeReceived: 0n,
      capitalReturned: 25_000n,
    });
    // With nothing held any more (claimed after selling everything): all of it is realized.
    const sold: PositionEntry = { kind: "SELL", at: day(1), units: 5n, amount: 10_000n };
    assert.deepEqual(position([gift, sold, { ...capital, at: day(2) }]), {
      units: 0n,
      costBasis: 0n,
      realizedGain: 25_000n,
      incomeReceived: 0n,
      capitalReturned: 25_000n,
    });
  });

  it("16 refused: selling more than held, entries out of order, negative amounts, zero units, a bad date", () => {
    const buy: PositionEntry = { kind: "BUY", at: day(1), units: 2n, amount: 10n };
    const refused: PositionEntry[][] = [
      [buy, { kind: "SELL", at: day(2), units: 3n, amount: 10n }],
      [{ kind: "SELL", at: day(0), units: 1n, amount: 1n }],
      [buy, { kind: "BUY", at: day(0), units: 1n, amount: 1n }],
      [{ ...buy, amount: -1n }],
      [{ ...buy, units: 0n }],
      [buy, { kind: "SELL", at: day(2), units: -1n, amount: 0n }],
      [{ ...buy, at: new Date(Number.NaN) }],
      [{ ...buy, kind: "GIFT" as "BUY" }],
    ];
    for (const entries of refused) assert.throws(() => position(entries), RangeError);
  });

  it("16 property: basis is conserved over any buy/sell sequence, and each sale removes its share to the cent", () => {
    const step = fc.record({
      buy: fc.boolean(),
      units: fc.bigInt({ min: 1n, max: 1_000n }),
      amount: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const entries: PositionEntry[] = [];
        let held = 0n;
        for (const [i, s] of steps.entries()) {
          // A sale takes at most what is held (a sale of nothing becomes a buy).
          const units = s.buy || held === 0n ? s.units : ((s.units - 1n) % held) + 1n;
          const kind = s.buy || held === 0n ? "BUY" : "SELL";
          held += kind === "BUY" ? units : -units;
          entries.push({ kind, at: day(i), units, amount: s.amount });
        }
        let paid = 0n;
        let proceeds = 0n;
        let before = position([]);
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i]!;
          const after = position(entries.slice(0, i + 1));
          if (e.kind === "BUY") {
            paid += e.amount;
            assert.equal(after.costBasis, before.costBasis + e.amount);
          } else {
            proceeds += e.amount;
            const removed = before.costBasis - after.costBasis;
            // Kept + removed = previous basis exactly, and removed is the exact share to within half a cent.
            assert.equal(after.costBasis + removed, before.costBasis);
            const error = removed * before.units - before.costBasis * e.units;
            assert.ok(2n * (error < 0n ? -error : error) <= before.units, `sale ${i}: ${removed}`);
            assert.equal(after.realizedGain - before.realizedGain, e.amount - removed);
          }
          // Conservation: what was paid is either still in the basis or was matched against a sale.
          assert.equal(after.costBasis + proceeds - after.realizedGain, paid);
          assert.ok(after.costBasis >= 0n);
          if (after.units === 0n) assert.equal(after.costBasis, 0n);
          before = after;
        }
        assert.equal(before.units, held);
      }),
    );
  });

  it("19 property: over any buys, sells, rent and returns of capital, the basis is never negative, income is the rent only, and paid = basis + capital returned + proceeds − realized", () => {
    const step = fc.record({
      kind: fc.constantFrom("BUY", "SELL", "INCOME", "RETURN_OF_CAPITAL"),
      units: fc.bigInt({ min: 1n, max: 1_000n }),
      // Small amounts too, so that returns of capital both fit under the basis and exceed it.
      amount: fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 10n ** 9n })),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let held = 0n;
        const entries: PositionEntry[] = steps.map((s, i) => {
          // A sale takes at most what is held (a sale of nothing becomes a buy); rent and capital move no units.
          const kind = s.kind === "SELL" && held === 0n ? "BUY" : s.kind;
          const units = kind === "BUY" ? s.units : kind === "SELL" ? ((s.units - 1n) % held) + 1n : 0n;
          held += kind === "BUY" ? units : kind === "SELL" ? -units : 0n;
          return { kind, at: day(i), units, amount: s.amount };
        });
        const total = (kind: PositionEntry["kind"], upTo: number) =>
          entries.slice(0, upTo).reduce((t, e) => (e.kind === kind ? t + e.amount : t), 0n);
        let before = position([]);
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i]!;
          const after = position(entries.slice(0, i + 1));
          // The identity: what was paid for the units is still in the basis, was given back as capital, or was
          // matched against proceeds of sales (the difference being the realized gain).
          assert.equal(
            after.costBasis + after.capitalReturned + total("SELL", i + 1) - after.realizedGain,
            total("BUY", i + 1),
            `entry ${i}`,
          );
          assert.ok(after.costBasis >= 0n, `entry ${i}: basis ${after.costBasis}`);
          if (after.units === 0n) assert.equal(after.costBasis, 0n);
          assert.equal(after.incomeReceived, total("INCOME", i + 1));
          assert.equal(after.capitalReturned, total("RETURN_OF_CAPITAL", i + 1));
          if (e.kind === "RETURN_OF_CAPITAL") {
            // The basis falls by the amount, capped at the basis; the rest is realized; units and income stay.
            const lowered = e.amount < before.costBasis ? e.amount : before.costBasis;
            assert.equal(after.costBasis, before.costBasis - lowered);
            assert.equal(after.realizedGain, before.realizedGain + e.amount - lowered);
            assert.equal(after.units, before.units);
            assert.equal(after.incomeReceived, before.incomeReceived);
          }
          before = after;
        }
        assert.equal(before.units, held);
      }),
      { numRuns: 300 },
    );
  });
});
