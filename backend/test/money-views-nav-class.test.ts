/**
 * The class of H3 / H5 / H4 (money-views-nav.test.ts): a view that values a position by its own reading of what a
 * unit is worth, or labels an amount by something other than what it is in. Over generated properties (coins of 0..8
 * decimals, valuations, reserves set aside by a closed month, sold or not, redemptions by the investor and by another
 * holder), the property page's NAV, the investor's performance and their statement agree with a model: before a sale,
 * (valuation + reserves) / units rounded down to the cent, in the property's currency; after it, what the units
 * redeem for (units x proceeds / supply at the close, rounded down in the coin's base units, as the exit pays), the
 * share of the units at the close; every amount paid is labelled with its coin.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { zeroAddress } from "viem";
import { myPerformance } from "../src/portfolio/performance.ts";
import { PerformanceView } from "../src/portfolio/schemas.ts";
import { buildStatement } from "../src/statements/content.ts";
import { yearPeriod } from "../src/statements/periods.ts";
import { API, closedPeriod } from "./support/fixtures.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

const percent = (units: bigint, supply: bigint) => {
  const bp = (units * 10_000n) / supply; // basis points of the supply
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, "0")}`;
};

describe("money views, class: one NAV for page, performance and statement, sold or not, in the right unit", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser;
  let block = 1;
  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
  });
  after(() => t?.close());

  it("matches the model over coins, valuations, reserves, sales and redemptions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          decimals: fc.integer({ min: 0, max: 8 }),
          mine: fc.bigInt({ min: 1n, max: 60n }),
          theirs: fc.bigInt({ min: 1n, max: 60n }),
          valuation: fc.bigInt({ min: 1_000n, max: 5_000_000n }),
          reserveCents: fc.option(fc.bigInt({ min: 1n, max: 99_999_999n }), { nil: null }),
          sale: fc.option(
            fc.record({
              // Proceeds in the coin's base units: any, so the per-unit price is often not whole.
              proceeds: fc.bigInt({ min: 1n, max: 10n ** 12n }),
              iRedeem: fc.bigInt({ min: 0n, max: 60n }),
              theyRedeem: fc.boolean(),
            }),
            { nil: null },
          ),
        }),
        async (g) => {
          const me = await t.user("INVESTOR");
          const them = await t.user("INVESTOR");
          const { propertyId } = await valuedProperty(t, manager, officer, {
            amount: `${g.valuation}.00`,
            valuedOn: "2025-01-02",
          });
          const token = new SyntheticToken(t.db, t.config.siwe.chainId, block);
          block += 1_000;
          const coin = { symbol: `C${g.decimals}`, decimals: g.decimals };
          await token.launch(propertyId, manager.address, 10n ** BigInt(g.decimals), "GEN", coin);
          await token.subscribe(me.address, g.mine, g.mine * 10n ** BigInt(g.decimals), "2025-02-01T00:00:00Z");
          await token.claim(me.address, g.mine, "2025-02-15T00:00:00Z");
          await token.transfer(zeroAddress, them.address, g.theirs, "2025-02-15T00:00:00Z");
          if (g.reserveCents !== null)
            await closedPeriod(t, manager, propertyId, {
              year: 2025,
              month: 1,
              reserve: g.reserveCents.toString(),
              lines: [["INCOME", "PARKING", (g.reserveCents + 100n).toString()]],
            });
          const supply = g.mine + g.theirs;
          let held = g.mine;
          const pays = (units: bigint) => (units * g.sale!.proceeds) / supply;
          if (g.sale) {
            await token.exitLaunched("2025-06-01T00:00:00Z");
            await token.proceedsDeposited(g.sale.proceeds, supply, "2025-09-01T00:00:00Z");
            if (g.sale.theyRedeem) await token.redeemed(them.address, g.theirs, pays(g.theirs), "2025-09-02T00:00:00Z");
            const mine = g.sale.iRedeem > g.mine ? g.mine : g.sale.iRedeem;
            if (mine > 0n) await token.redeemed(me.address, mine, pays(mine), "2025-09-03T00:00:00Z");
            held -= mine;
          }

          // The model.
          const unitDecimals = Math.max(2, g.decimals);
          const fromCoin = 10n ** BigInt(unitDecimals - g.decimals);
          const fromCents = 10n ** BigInt(unitDecimals - 2);
          const navCents = (g.valuation * 100n + (g.reserveCents ?? 0n)) / (g.sale?.theyRedeem ? g.mine : supply);

          const page = await t.anonymous.get(`${API}/properties/${propertyId}/nav`);
          assert.equal(page.status, 200, page.text);
          const p = PerformanceView.parse(await myPerformance(t.db, t.config.siwe.chainId, me));
          assert.equal(p.amountUnit.decimals, unitDecimals);
          const row = p.positions.find((r) => r.token === token.token)!;
          const statement = await buildStatement(t.db, t.config.siwe.chainId, me, yearPeriod(2026, "ANNUAL"));
          const holding = statement.holdings.find((h) => h.token === token.token);
          assert.equal(statement.amountDecimals, unitDecimals);
          if (g.sale) {
            const perUnit = g.sale.proceeds / supply;
            assert.equal(page.body.perUnit, null);
            assert.equal(page.body.sale.perUnit, perUnit.toString());
            assert.equal(row.navBasis, "sale");
            assert.equal(row.navPerUnit, (perUnit * fromCoin).toString());
            assert.equal(row.valueAtNav, (pays(held) * fromCoin).toString());
            assert.equal(row.unredeemed, row.valueAtNav);
            assert.equal(row.ownershipPercent, percent(held, supply));
            assert.equal(BigInt(row.unrealizedGain!), pays(held) * fromCoin - BigInt(row.costBasis));
          } else {
            assert.equal(page.body.sale, null);
            const cents = BigInt(page.body.perUnit.replace(".", ""));
            assert.equal(cents, navCents, "the page's NAV per unit: (valuation + reserves) / units");
            assert.equal(row.navBasis, "valuation");
            assert.equal(row.navPerUnit, (cents * fromCents).toString(), "performance reads the page's NAV");
            assert.equal(row.valueAtNav, (held * cents * fromCents).toString());
            assert.equal(row.ownershipPercent, percent(held, supply));
          }
          assert.equal(row.paymentToken?.symbol, coin.symbol);
          // The statement as of the end of this year: the same figures, amounts named by their coin.
          if (held > 0n) {
            assert.ok(holding, "held at the end");
            assert.equal(holding.navBasis, row.navBasis);
            assert.equal(holding.navPerUnit?.toString(), row.navPerUnit);
            assert.equal(holding.valueAtNav?.toString(), row.valueAtNav);
            assert.equal(holding.ownershipPercent, row.ownershipPercent);
          }
          assert.ok(statement.transactions.every((l) => l.coin === coin.symbol && l.currency === "EUR"));
          assert.ok(statement.totals.every((x) => x.coin === coin.symbol));
        },
      ),
      { numRuns: 14 },
    );
  });
});
