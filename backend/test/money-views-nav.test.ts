/**
 * Findings of the outside browser test (money views), with the reviewer's numbers:
 * - H3: a sold property (Quayside: proceeds 720,000 tUSD over 600 units at the close, Bob redeemed 250 for 300,000):
 *   the property page read "NAV per unit €2,057.14 – €720,000 over 350 units"; Alice's performance valued her 350 units
 *   at 719,999 (gain 369,999, share 100 %) next to "Your 350 units redeem for 420,000".
 * - H5: Harbour View's NAV per unit was €1,603.60 on the property page (reserves €3,600 included), 1,600 in
 *   performance (reserves left out).
 * - H4: the investor statement labelled tUSD amounts EUR ("Cost basis 930,000.00 EUR", "Rent received 7,645.20 EUR";
 *   CSV currency EUR for amounts paid in tUSD).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { zeroAddress } from "viem";
import { myPerformance } from "../src/portfolio/performance.ts";
import { PerformanceView } from "../src/portfolio/schemas.ts";
import { buildStatement } from "../src/statements/content.ts";
import { csvRecords } from "../src/statements/csv-read.ts";
import { renderCsv } from "../src/statements/csv.ts";
import { textOf } from "../src/statements/pdf-text.ts";
import { renderPdf } from "../src/statements/pdf.ts";
import { yearPeriod } from "../src/statements/periods.ts";
import { API, closedPeriod } from "./support/fixtures.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

/** One tUSD in base units (the synthetic tokens' coin has 6 decimals). */
const U = 1_000_000n;

describe("money views: NAV of sold and reserved properties, coins on statements", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser;
  let block = 1;
  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
  });
  after(() => t?.close());

  const performance = async (who: TestUser) =>
    PerformanceView.parse(await myPerformance(t.db, t.config.siwe.chainId, who));
  const newToken = () => {
    const token = new SyntheticToken(t.db, t.config.siwe.chainId, block);
    block += 1_000;
    return token;
  };

  it("H3 a sold property: each unit is worth what it redeems for, the share is of the units at the close", async () => {
    const [alice, bob] = [await t.user("INVESTOR"), await t.user("INVESTOR")];
    const { propertyId } = await valuedProperty(t, manager, officer, { amount: "720000.00", valuedOn: "2025-01-02" });
    const token = newToken();
    await token.launch(propertyId, manager.address, 1_000n * U);
    await token.subscribe(alice.address, 350n, 350_000n * U, "2025-02-01T00:00:00Z");
    await token.subscribe(bob.address, 250n, 250_000n * U, "2025-02-01T00:00:00Z");
    await token.claim(alice.address, 350n, "2025-02-15T00:00:00Z");
    await token.claim(bob.address, 250n, "2025-02-15T00:00:00Z");
    await token.exitLaunched("2025-06-01T00:00:00Z");
    await token.proceedsDeposited(720_000n * U, 600n, "2025-09-01T00:00:00Z");
    await token.redeemed(bob.address, 250n, 300_000n * U, "2025-09-05T00:00:00Z");

    const nav = await t.anonymous.get(`${API}/properties/${propertyId}/nav`);
    assert.equal(nav.status, 200, nav.text);
    assert.equal(nav.body.perUnit, null, "not €2,057.14: the valuation no longer says what a unit is worth");
    assert.equal(nav.body.sale?.perUnit, (1_200n * U).toString(), "720,000 / 600");
    assert.equal(nav.body.sale?.supplyAtClose, "600");
    assert.equal(nav.body.sale?.paymentToken?.symbol, "tUSD");

    const p = await performance(alice);
    const row = p.positions.find((r) => r.token === token.token)!;
    assert.equal(p.amountUnit.decimals, 6);
    assert.equal(row.navBasis, "sale");
    assert.equal(row.navPerUnit, (1_200n * U).toString());
    assert.equal(row.valueAtNav, (420_000n * U).toString(), "what the units redeem for, not 719,999");
    assert.equal(row.valueAtNav, row.unredeemed);
    assert.equal(row.unrealizedGain, (70_000n * U).toString(), "420,000 − 350,000, not 369,999");
    assert.equal(row.ownershipPercent, "58.33", "350 of the 600 units at the close, not 100 %");
    const [total] = p.totals;
    assert.equal(total?.unredeemed, (420_000n * U).toString());
    assert.equal(total?.valueAtNav, null, "no property valued at NAV: the sold one is in unredeemed");
  });

  it("H5 performance values a position at the property page's NAV per unit, reserves included", async () => {
    const [alice, bob] = [await t.user("INVESTOR"), await t.user("INVESTOR")];
    const { propertyId } = await valuedProperty(t, manager, officer, { amount: "1600000.00", valuedOn: "2025-01-02" });
    const token = newToken();
    await token.launch(propertyId, manager.address, 1_550n * U);
    await token.subscribe(alice.address, 600n, 930_000n * U, "2025-02-01T00:00:00Z");
    await token.claim(alice.address, 600n, "2025-02-15T00:00:00Z");
    await token.transfer(zeroAddress, bob.address, 400n, "2025-02-15T00:00:00Z");
    // €3,600.00 set aside by a closed month.
    await closedPeriod(t, manager, propertyId, {
      year: 2025,
      month: 1,
      reserve: "360000",
      lines: [["INCOME", "PARKING", "1000000"]],
    });

    const nav = await t.anonymous.get(`${API}/properties/${propertyId}/nav`);
    assert.equal(nav.status, 200, nav.text);
    assert.equal(nav.body.perUnit, "1603.60");
    assert.equal(nav.body.sale, null);

    const p = await performance(alice);
    const row = p.positions.find((r) => r.token === token.token)!;
    assert.equal(row.navBasis, "valuation", "in the property's currency");
    assert.equal(row.currency, "EUR");
    assert.equal(row.navPerUnit, "1603600000", "€1,603.60, as on the property page; not 1,600");
    assert.equal(row.valueAtNav, (962_160n * U).toString());
    const total = p.totals.find((x) => x.currency === "EUR")!;
    assert.equal(total.paymentToken?.symbol, "tUSD", "the cost totals name the coin they are in");
    assert.equal(total.valueAtNav, (962_160n * U).toString());
    assert.equal(total.unredeemed, null);
  });

  it("H4 a statement labels what was paid in tUSD as tUSD, and only NAV figures in the property's currency", async () => {
    const alice = await t.user("INVESTOR");
    const { propertyId } = await valuedProperty(t, manager, officer, { amount: "1600000.00", valuedOn: "2025-01-02" });
    const token = newToken();
    await token.launch(propertyId, manager.address, 1_550n * U);
    await token.subscribe(alice.address, 600n, 930_000n * U, "2024-02-01T00:00:00Z");
    await token.claim(alice.address, 600n, "2024-02-15T00:00:00Z");
    await token.transfer(zeroAddress, manager.address, 400n, "2024-02-15T00:00:00Z");
    await token.rentClaimed(alice.address, 7_645_200_000n, "2024-10-10T00:00:00Z");

    const statement = await buildStatement(t.db, t.config.siwe.chainId, alice, yearPeriod(2024, "ANNUAL"));
    const text = (await textOf(await renderPdf(statement))).replace(/\s+/g, " ");
    for (const expected of ["930,000.00 tUSD", "7,645.20 tUSD"])
      assert.ok(text.includes(expected), `${expected} in ${text}`);
    for (const wrong of ["930,000.00 EUR", "7,645.20 EUR"]) assert.ok(!text.includes(wrong), `${wrong} in ${text}`);

    const records = csvRecords(renderCsv(statement).toString());
    const holding = records.find((r) => r["section"] === "holding")!;
    assert.equal(holding["cost_basis"], (930_000n * U).toString());
    assert.equal(holding["coin"], "tUSD", "the amounts' coin");
    const rent = records.find((r) => r["section"] === "transaction" && r["key"] === "RENT_CLAIMED")!;
    assert.equal(rent["coin"], "tUSD");
    const total = records.find((r) => r["section"] === "total")!;
    assert.equal(total["coin"], "tUSD");
  });
});
