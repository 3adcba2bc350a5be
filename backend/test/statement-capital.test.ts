/**
 * Capital returned by a refinance (issue 19) in the money view: claimed with the rent, it lowers the cost basis by
 * its amount (the excess over the basis is realized) and is not income, in the statements as in GET
 * /me/performance. Hand-computed on a history written as the chain sync stores it, then over generated histories of
 * subscriptions, trades (with fees), gifts, capital deposits and claims: the statements of the year and of its
 * quarters agree with the performance view, and paid = basis + capital returned + proceeds − realized for every
 * holder.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";
import { myPerformance } from "../src/portfolio/performance.ts";
import { buildStatement } from "../src/statements/content.ts";
import { csvRecords } from "../src/statements/csv-read.ts";
import { quarterPeriod, yearPeriod } from "../src/statements/periods.ts";
import { textOf } from "../src/statements/pdf-text.ts";
import { renderStatement } from "../src/statements/service.ts";

/** 1 unit of currency in payment-token base units (6 decimals). */
const U = 1_000_000n;
const YEAR = 2025;
const END = new Date(Date.UTC(YEAR + 1, 0, 1));

describe("19 capital returned in the statements and the performance view", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser;
  let propertyId: string;
  /** Each token writes its own block numbers. */
  let nextBlock = 5_000_000;
  const newToken = async (symbol: string, price: bigint) => {
    const token = new SyntheticToken(t.db, t.config.siwe.chainId, nextBlock);
    nextBlock += 100_000;
    await token.launch(propertyId, manager.address, price, symbol);
    return token;
  };

  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
    let valuationId: string;
    ({ propertyId, valuationId } = await valuedProperty(t, manager, officer, {
      amount: "600000.00",
      valuedOn: "2025-01-01",
    }));
    await t.db.valuation.update({ where: { id: valuationId }, data: { decidedAt: new Date("2025-01-02T00:00:00Z") } });
  });
  after(async () => t?.close());

  it("19 a holder's statements: capital returned lowers the cost basis at the end and is not income", async () => {
    const [holder, rest] = await Promise.all([t.user("INVESTOR"), t.user("INVESTOR")]);
    const token = await newToken("CAP", 5_000n * U);
    // 10 units of 100 for 50,000; in Q2 100,000 of capital is returned over the 100 units (1,000 a unit: 10,000 for
    // the holder), claimed in Q2 with 500 of rent. Q2: basis 50,000 − 10,000 = 40,000, capital returned 10,000,
    // income 500. Q3 (nothing happens): basis 40,000, capital returned 0.
    await token.subscribe(holder.address, 10n, 50_000n * U, "2025-02-01T00:00:00Z");
    await token.claim(holder.address, 10n, "2025-02-15T00:00:00Z");
    await token.claim(rest.address, 90n, "2025-02-15T00:00:00Z");
    await token.capitalDeposited(100_000n * U, 100n, "2025-05-01T00:00:00Z");
    await token.rentClaimed(holder.address, 10_500n * U, "2025-06-01T00:00:00Z");

    const q2 = await renderStatement(t.db, t.config.siwe.chainId, holder, quarterPeriod(YEAR, 2));
    const [h] = q2.content.holdings;
    assert.deepEqual(
      [h!.units, h!.costBasis, h!.capitalReturnedInPeriod, h!.incomeInPeriod, h!.realizedInPeriod],
      [10n, 40_000n * U, 10_000n * U, 500n * U, 0n],
    );
    const [total] = q2.content.totals;
    assert.deepEqual(
      [total!.costBasis, total!.capitalReturnedInPeriod, total!.incomeInPeriod, total!.realizedInPeriod],
      [40_000n * U, 10_000n * U, 500n * U, 0n],
    );
    const recs = csvRecords(q2.csv.toString("utf8"));
    for (const section of ["holding", "total"]) {
      const [row] = recs.filter((r) => r["section"] === section);
      assert.deepEqual(
        [row!["cost_basis"], row!["capital_returned"], row!["income"]],
        [`${40_000n * U}`, `${10_000n * U}`, `${500n * U}`],
        section,
      );
    }
    const text = await textOf(q2.pdf);
    assert.match(text, /Capital returned/);
    assert.match(text, /10,000\.00/);

    const q3 = await renderStatement(t.db, t.config.siwe.chainId, holder, quarterPeriod(YEAR, 3));
    const [later] = q3.content.holdings;
    assert.deepEqual([later!.costBasis, later!.capitalReturnedInPeriod], [40_000n * U, 0n]);
  });

  it("19 class: for generated histories, the statements agree with /me/performance and paid = basis + capital returned + proceeds − realized", async () => {
    const HOLDERS = 3;
    const PRICE = 100n * U;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("trade" as const),
        from: fc.nat({ max: HOLDERS - 1 }),
        shift: fc.integer({ min: 1, max: HOLDERS - 1 }),
        units: fc.bigInt({ min: 1n, max: 20n }),
        paid: fc.bigInt({ min: 0n, max: 5_000n * U }),
        feeBps: fc.integer({ min: 0, max: 300 }),
      }),
      fc.record({
        kind: fc.constant("gift" as const),
        from: fc.nat({ max: HOLDERS - 1 }),
        shift: fc.integer({ min: 1, max: HOLDERS - 1 }),
        units: fc.bigInt({ min: 1n, max: 20n }),
      }),
      fc.record({
        kind: fc.constant("capital" as const),
        // Per unit: up to 3 times the price, so some returns exceed the basis.
        perUnit: fc.bigInt({ min: 1n, max: 300n * U }),
      }),
      fc.record({
        kind: fc.constant("claim" as const),
        holder: fc.nat({ max: HOLDERS - 1 }),
        rent: fc.bigInt({ min: 0n, max: 1_000n * U }),
      }),
    );
    const history = fc.record({
      subscribed: fc.array(fc.bigInt({ min: 1n, max: 40n }), { minLength: HOLDERS, maxLength: HOLDERS }),
      ops: fc.array(op, { minLength: 1, maxLength: 12 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(history, async ({ subscribed, ops }) => {
        const holders = await Promise.all(subscribed.map(() => t.user("INVESTOR")));
        const token = await newToken(`G${++run}`, PRICE);
        // The model: units, what each holder paid and received, the capital owed until claimed.
        const units = subscribed.slice();
        const paid = subscribed.map((u) => u * PRICE);
        const proceeds = subscribed.map(() => 0n);
        const rent = subscribed.map(() => 0n);
        const capital = subscribed.map(() => 0n);
        const owed = subscribed.map(() => 0n);
        for (const [i, h] of holders.entries()) {
          await token.subscribe(h.address, subscribed[i]!, subscribed[i]! * PRICE, "2025-01-02T00:00:00Z");
          await token.claim(h.address, subscribed[i]!, "2025-01-03T00:00:00Z");
        }
        // One operation every 25 days from mid-January: they spread over the year's quarters.
        for (const [n, o] of ops.entries()) {
          const at = new Date(Date.UTC(YEAR, 0, 15 + 25 * n)).toISOString();
          if (o.kind === "trade" || o.kind === "gift") {
            const to = (o.from + o.shift) % HOLDERS;
            const moved = units[o.from]! === 0n ? 0n : ((o.units - 1n) % units[o.from]!) + 1n;
            if (moved === 0n) continue;
            units[o.from]! -= moved;
            units[to]! += moved;
            if (o.kind === "trade") {
              const fee = (o.paid * BigInt(o.feeBps)) / 10_000n;
              await token.trade(holders[o.from]!.address, holders[to]!.address, moved, o.paid, at, fee);
              proceeds[o.from]! += o.paid - fee;
              paid[to]! += o.paid;
            } else await token.transfer(holders[o.from]!.address, holders[to]!.address, moved, at);
          } else if (o.kind === "capital") {
            const supply = units.reduce((a, b) => a + b, 0n);
            await token.capitalDeposited(o.perUnit * supply, supply, at);
            units.forEach((u, i) => (owed[i]! += u * o.perUnit));
          } else {
            // A claim pays everything owed: the capital accrued since the last claim and rent.
            await token.rentClaimed(holders[o.holder]!.address, owed[o.holder]! + o.rent, at);
            capital[o.holder]! += owed[o.holder]!;
            rent[o.holder]! += o.rent;
            owed[o.holder] = 0n;
          }
        }

        for (const [i, h] of holders.entries()) {
          const performance = await myPerformance(t.db, t.config.siwe.chainId, h, END);
          const position = performance.positions.find((p) => p.token === token.token)!;
          const money = (v: string) => BigInt(v);
          // The performance view against the model: income is the rent only, the capital is what was claimed.
          assert.equal(position.units, units[i]!.toString());
          assert.equal(money(position.incomeReceived), rent[i]);
          assert.equal(money(position.capitalReturned), capital[i]);
          assert.ok(money(position.costBasis) >= 0n);
          assert.equal(
            money(position.costBasis) + money(position.capitalReturned) + proceeds[i]! - money(position.realizedGain),
            paid[i],
            "paid = basis + capital returned + proceeds − realized",
          );

          // The year's statement says the same; its quarters add up to it and end on the same basis.
          const year = await buildStatement(t.db, t.config.siwe.chainId, h, yearPeriod(YEAR, "ANNUAL"));
          const held = year.holdings.find((x) => x.token === token.token)!;
          assert.deepEqual(
            [held.units, held.costBasis, held.capitalReturnedInPeriod, held.incomeInPeriod, held.realizedInPeriod],
            [
              BigInt(position.units),
              money(position.costBasis),
              money(position.capitalReturned),
              money(position.incomeReceived),
              money(position.realizedGain),
            ],
          );
          const sums = { capital: 0n, income: 0n, realized: 0n };
          let basis = 0n;
          for (let q = 1; q <= 4; q++) {
            const quarter = await buildStatement(t.db, t.config.siwe.chainId, h, quarterPeriod(YEAR, q));
            const line = quarter.holdings.find((x) => x.token === token.token);
            sums.capital += line?.capitalReturnedInPeriod ?? 0n;
            sums.income += line?.incomeInPeriod ?? 0n;
            sums.realized += line?.realizedInPeriod ?? 0n;
            basis = line?.costBasis ?? 0n;
          }
          assert.deepEqual(
            [sums.capital, sums.income, sums.realized, basis],
            [held.capitalReturnedInPeriod, held.incomeInPeriod, held.realizedInPeriod, held.costBasis],
            "the quarters add up to the year",
          );
        }
      }),
      { numRuns: 8 },
    );
  });
});
