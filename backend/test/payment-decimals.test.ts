/**
 * Finding (money views): every backend money figure assumed a 6-decimal payment coin, but the deploy accepts coins of
 * 0 to 8 decimals and the factory launches each offering (and its token's rent book) in the coin named at launch. An
 * offering launched in a 2- or 8-decimal coin read off by a power of ten in the manager dashboard's raised, a
 * distribution's distributedMinor, a position's cost basis and totals, and the investor statement's lines.
 *
 * Regression tests (one property in a 2-decimal and one in an 8-decimal coin: each figure reads the true amount), then
 * the class: over coins of 0..8 decimals, two properties side by side in coins of different decimals, the real views
 * (dashboard, financial period, performance, statement) against a model that works in cents; and a coin that did not
 * answer decimals() gives no figure, never a guessed one.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { zeroAddress } from "viem";
import { DashboardView } from "../src/dashboard/schemas.ts";
import { myPerformance } from "../src/portfolio/performance.ts";
import { PerformanceView } from "../src/portfolio/schemas.ts";
import { buildStatement } from "../src/statements/content.ts";
import { renderCsv } from "../src/statements/csv.ts";
import { formatAmount } from "../src/statements/format.ts";
import { yearPeriod } from "../src/statements/periods.ts";
import { API, closedPeriod } from "./support/fixtures.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

/** `cents` of the currency as base units of a coin with `decimals` (exact for the amounts used here). */
const inCoin = (cents: bigint, decimals: number) =>
  decimals >= 2 ? cents * 10n ** BigInt(decimals - 2) : cents / 10n ** BigInt(2 - decimals);
/** An amount of the views' reply unit (10^-decimals of the currency) as cents, exactly (throws when not whole cents). */
const cents = (amount: string, decimals: number) => {
  const scale = 10n ** BigInt(decimals - 2);
  assert.equal(BigInt(amount) % scale, 0n, `${amount} at ${decimals} decimals is whole cents`);
  return BigInt(amount) / scale;
};

describe("money views: each amount in its own coin's decimals", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser, investor: TestUser;
  let block = 1;
  before(async () => {
    t = await createTestContext();
    [manager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
  });
  after(() => t?.close());

  /**
   * A property valued 10,000.00 whose offering sells units at `priceCents` in a coin of `decimals`: the investor buys
   * `units` and claims them in 2025, and one closed month (distributable 1,575.00) is paid out by a deposit.
   */
  async function launchedIn(
    decimals: number | null,
    p: { priceCents: bigint; units: bigint; year: number; rentCents?: bigint; buyer?: TestUser },
  ): Promise<{ propertyId: string; token: SyntheticToken; periodId: string }> {
    const buyer = p.buyer ?? investor;
    const rent = p.rentCents ?? 157_500n;
    const { propertyId } = await valuedProperty(t, manager, officer, { amount: "10000.00", valuedOn: "2025-01-02" });
    const token = new SyntheticToken(t.db, t.config.siwe.chainId, block);
    block += 1_000;
    const d = decimals ?? 6; // what the chain pays in; the views are told `decimals` only
    await token.launch(propertyId, manager.address, inCoin(p.priceCents, d), "SYN", {
      symbol: decimals === null ? null : `C${decimals}`,
      decimals,
    });
    const paid = inCoin(p.priceCents * p.units, d);
    await token.subscribe(buyer.address, p.units, paid, "2025-02-01T00:00:00Z");
    await token.claim(buyer.address, p.units, "2025-02-15T00:00:00Z");
    await token.transfer(zeroAddress, manager.address, 100n - p.units, "2025-02-15T00:00:00Z");
    await t.db.chainOffering.updateMany({
      where: { token: token.token },
      data: { unitsSold: p.units.toString(), paid: paid.toString(), outcome: "finalized" },
    });
    const period = await closedPeriod(t, manager, propertyId, {
      year: p.year,
      month: 1,
      reserve: "0",
      lines: [["INCOME", "PARKING", rent.toString()]],
    });
    await token.rentDeposited(inCoin(rent, d), `0x${period.statementSha256}`, "2025-03-05T10:00:00Z");
    return { propertyId, token, periodId: period.id };
  }

  const dashboard = async (propertyId: string) => {
    const res = await t.as(manager).get(`${API}/properties/${propertyId}/dashboard`);
    assert.equal(res.status, 200, res.text);
    return DashboardView.parse(res.body);
  };
  const performance = async (who = investor) =>
    PerformanceView.parse(await myPerformance(t.db, t.config.siwe.chainId, who));

  for (const decimals of [2, 8]) {
    it(`a ${decimals}-decimal coin: raised, distributed, cost basis and the statement line read the true amount`, async () => {
      // 4 units at 12.50: 50.00 paid.
      const { propertyId, token } = await launchedIn(decimals, {
        priceCents: 1_250n,
        units: 4n,
        year: 2010 + decimals,
      });
      const d = await dashboard(propertyId);
      assert.equal(d.offering.decimals, decimals);
      assert.equal(d.offering.paymentToken?.decimals, decimals);
      assert.equal(BigInt(d.offering.raised!), inCoin(5_000n, decimals), "raised: 50.00 in the coin's base units");
      assert.equal(d.noiTrend[0]!.distributedMinor, "157500", "distributed: 1,575.00");
      assert.equal(d.nextDistribution, null);

      const period = await t.as(manager).get(`${API}/financial-periods/${d.noiTrend[0]!.periodId}`);
      assert.equal(period.status, 200, period.text);
      assert.equal(period.body.distributedMinor, "157500");
      assert.equal(period.body.distribution.decimals, decimals);

      const p = await performance();
      const row = p.positions.find((r) => r.token === token.token)!;
      assert.equal(cents(row.costBasis, p.amountUnit.decimals), 5_000n, "cost basis: 50.00");
      assert.equal(row.paymentToken?.decimals, decimals);

      const statement = await buildStatement(t.db, t.config.siwe.chainId, investor, yearPeriod(2025, "ANNUAL"));
      const holding = statement.holdings.find((h) => h.token === token.token)!;
      assert.equal(formatAmount(holding.costBasis, statement.amountDecimals), "50.00");
      const paidLine = statement.transactions.find((l) => l.kind === "SUBSCRIPTION_PAID" && l.symbol === "SYN")!;
      assert.ok(paidLine);
      assert.ok(
        statement.transactions
          .filter((l) => l.kind === "SUBSCRIPTION_PAID")
          .some((l) => formatAmount(l.amount, statement.amountDecimals) === "50.00"),
      );
      assert.match(renderCsv(statement).toString(), new RegExp(`meta,amount_decimals,${statement.amountDecimals},`));
    });
  }

  it("a coin that did not answer decimals(): no figure in its coin, never a guessed one", async () => {
    const buyer = await t.user("INVESTOR");
    const { propertyId, token } = await launchedIn(null, { priceCents: 1_000n, units: 3n, year: 2019, buyer });
    const d = await dashboard(propertyId);
    assert.equal(d.offering.decimals, null);
    assert.equal(d.noiTrend[0]!.distributedMinor, null, "unknown, not a figure in an assumed unit");
    assert.equal(d.nextDistribution, null, "paid all the same: the deposit names the statement");
    const p = await performance(buyer);
    assert.ok(!p.positions.some((r) => r.token === token.token), "no position figures in an unknown unit");
    assert.ok(p.unpriced.some((u) => u.token === token.token && u.units === "3"));
    assert.ok(!p.totals.some((x) => x.currency === "EUR"), "no totals of a currency missing a position");
    const statement = await buildStatement(t.db, t.config.siwe.chainId, buyer, yearPeriod(2025, "ANNUAL"));
    assert.ok(statement.unpriced.some((u) => u.token === token.token));
    assert.ok(!statement.holdings.some((h) => h.token === token.token));
    assert.deepEqual(statement.totals, []);
  });

  it("class: two properties side by side in coins of 0..8 decimals read as the model in cents in every view", async () => {
    let year = 2000;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 })),
        // Whole currency amounts, so a 0- or 1-decimal coin holds them exactly too.
        fc.tuple(fc.bigInt({ min: 1n, max: 5_000n }), fc.bigInt({ min: 1n, max: 5_000n })),
        fc.tuple(fc.bigInt({ min: 1n, max: 40n }), fc.bigInt({ min: 1n, max: 40n })),
        fc.tuple(fc.bigInt({ min: 1n, max: 9_000n }), fc.bigInt({ min: 1n, max: 9_000n })),
        async (coins, prices, units, rents) => {
          const buyer = await t.user("INVESTOR");
          const model = [0, 1].map((i) => ({
            decimals: coins[i]!,
            paidCents: prices[i]! * 100n * units[i]!,
            rentCents: rents[i]! * 100n,
          }));
          const launchedAll: Awaited<ReturnType<typeof launchedIn>>[] = [];
          for (const [i, m] of model.entries())
            launchedAll.push(
              await launchedIn(m.decimals, {
                priceCents: prices[i]! * 100n,
                units: units[i]!,
                year: year++,
                rentCents: m.rentCents,
                buyer,
              }),
            );
          for (const [i, m] of model.entries()) {
            const d = await dashboard(launchedAll[i]!.propertyId);
            assert.equal(d.offering.decimals, m.decimals);
            assert.equal(BigInt(d.offering.raised!), inCoin(m.paidCents, m.decimals));
            assert.equal(d.noiTrend[0]!.distributedMinor, m.rentCents.toString());
          }
          const p = await performance(buyer);
          for (const [i, m] of model.entries()) {
            const row = p.positions.find((r) => r.token === launchedAll[i]!.token.token)!;
            assert.equal(cents(row.costBasis, p.amountUnit.decimals), m.paidCents);
          }
          // Totals are per currency and coin: one per coin here (each launch pays in its own), together the two.
          const eur = p.totals.filter((x) => x.currency === "EUR");
          assert.equal(eur.length, 2);
          assert.equal(
            eur.reduce((sum, x) => sum + cents(x.costBasis, p.amountUnit.decimals), 0n),
            model[0]!.paidCents + model[1]!.paidCents,
          );
          const statement = await buildStatement(t.db, t.config.siwe.chainId, buyer, yearPeriod(2025, "ANNUAL"));
          assert.equal(
            formatAmount(
              statement.totals.reduce((sum, x) => sum + x.costBasis, 0n),
              statement.amountDecimals,
            ),
            formatAmount(model[0]!.paidCents + model[1]!.paidCents, 2),
          );
        },
      ),
      { numRuns: 8 },
    );
  });
});
