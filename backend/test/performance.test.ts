/**
 * GET /me/performance, hand-computed: a subscription, a secondary buy, rent, a partial sale and NAV on irregular
 * dates, from the stored chain events (written as the sync writes them), and who sees what.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { npv } from "@freehold/finance";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API } from "./support/fixtures.ts";
import { SyntheticToken, tradingStory, valuedProperty } from "./support/chain-ledger.ts";
import { myPerformance } from "../src/portfolio/performance.ts";
import { walletLedger } from "../src/portfolio/ledger.ts";

/** 1 unit of currency in payment-token base units (6 decimals). */
const U = 1_000_000n;

describe("16 position performance", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser, investor: TestUser, other: TestUser, stranger: TestUser;
  let propertyId: string;
  let token: SyntheticToken;

  before(async () => {
    t = await createTestContext();
    [manager, officer, investor, other, stranger] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    // Valuation 600,000.00 with no liabilities over 100 units: NAV per unit 6,000.00.
    ({ propertyId } = await valuedProperty(t, manager, officer, { amount: "600000.00", valuedOn: "2025-12-31" }));

    token = new SyntheticToken(t.db, t.config.siwe.chainId);
    await token.launch(propertyId, manager.address, 5_000n * U);
    await tradingStory(token, investor.address, other.address, {
      subscribe: "2025-01-01T00:00:00Z",
      claim: "2025-01-15T00:00:00Z",
      buy: "2025-03-01T00:00:00Z",
      rent: "2025-06-30T00:00:00Z",
      sell: "2025-09-10T00:00:00Z",
    });
  });
  after(async () => t?.close());

  it("16 a buy, a secondary buy, rent and a partial sale: average cost, realized and unrealized gain, IRR", async () => {
    const asOf = new Date("2026-01-01T00:00:00Z");
    const p = await myPerformance(t.db, t.config.siwe.chainId, investor, asOf);
    assert.equal(p.positions.length, 1);
    const [row] = p.positions;
    // Units 10 + 5 − 6 = 9 of 100. Cost 50,000 + 27,500 = 77,500 for 15; the sale of 6 removes 77,500 × 6/15 =
    // 31,000, realizing 36,000 − 31,000 = 5,000; 46,500 stays. At NAV 6,000: 54,000, unrealized 7,500.
    assert.deepEqual(
      {
        units: row!.units,
        supply: row!.supply,
        ownershipPercent: row!.ownershipPercent,
        costBasis: row!.costBasis,
        incomeReceived: row!.incomeReceived,
        realizedGain: row!.realizedGain,
        navPerUnit: row!.navPerUnit,
        valueAtNav: row!.valueAtNav,
        unrealizedGain: row!.unrealizedGain,
        pendingSubscription: row!.pendingSubscription,
        propertyId: row!.propertyId,
        currency: row!.currency,
      },
      {
        units: "9",
        supply: "100",
        ownershipPercent: "9.00",
        costBasis: (46_500n * U).toString(),
        incomeReceived: (1_200n * U).toString(),
        realizedGain: (5_000n * U).toString(),
        navPerUnit: (6_000n * U).toString(),
        valueAtNav: (54_000n * U).toString(),
        unrealizedGain: (7_500n * U).toString(),
        pendingSubscription: "0",
        propertyId,
        currency: "EUR",
      },
    );
    // IRR of −50,000 (2025-01-01), −27,500 (03-01), +1,200 (06-30), +36,000 (09-10), +54,000 (2026-01-01):
    // 22.2004 % a year (bisection by hand, actual/365); the NPV at the answer is zero.
    assert.ok(Math.abs(row!.irr! - 0.222004047556) < 1e-9, String(row!.irr));
    const flows = [
      { at: new Date("2025-01-01T00:00:00Z"), amount: -50_000n * U },
      { at: new Date("2025-03-01T00:00:00Z"), amount: -27_500n * U },
      { at: new Date("2025-06-30T00:00:00Z"), amount: 1_200n * U },
      { at: new Date("2025-09-10T00:00:00Z"), amount: 36_000n * U },
      { at: asOf, amount: 54_000n * U },
    ];
    assert.ok(Math.abs(npv(row!.irr!, flows)) < 1e-3);
    assert.deepEqual(p.totals, [
      {
        currency: "EUR",
        paymentToken: row!.paymentToken,
        coins: [row!.paymentToken],
        costBasis: row!.costBasis,
        incomeReceived: row!.incomeReceived,
        realizedGain: row!.realizedGain,
        capitalReturned: "0",
        valueAtNav: row!.valueAtNav,
        unredeemed: null,
        unrealizedGain: row!.unrealizedGain,
        irr: row!.irr,
      },
    ]);
    assert.equal(p.amountUnit.decimals, 6);
  });

  it("16 the other side of the trades: bought 90 + 6, sold 5", async () => {
    const asOf = new Date("2026-01-01T00:00:00Z");
    const p = await myPerformance(t.db, t.config.siwe.chainId, other, asOf);
    const [row] = p.positions;
    // 450,000 for 90 (5,000 each); sale of 5 for 27,500 removes 25,000 (realized 2,500); buy of 6 for 36,000:
    // 85 units cost 425,000 + 36,000 = 461,000, 91 units.
    assert.deepEqual([row!.units, row!.costBasis, row!.realizedGain], ["91", `${461_000n * U}`, `${2_500n * U}`]);
    assert.equal(row!.unrealizedGain, `${91n * 6_000n * U - 461_000n * U}`);
  });

  it("16 the route: your own positions only; nothing held gives an empty list; anonymous is refused", async () => {
    const mine = await t.as(investor).get(`${API}/me/performance`);
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.body.wallet, investor.address);
    assert.deepEqual(
      mine.body.positions.map((r: { units: string }) => r.units),
      ["9"],
    );
    const theirs = await t.as(stranger).get(`${API}/me/performance`);
    assert.equal(theirs.status, 200, theirs.text);
    assert.deepEqual([theirs.body.positions, theirs.body.totals], [[], []]);
    assert.equal((await t.anonymous.get(`${API}/me/performance`)).status, 401);
  });

  it("16 a gift in and out is priced at zero; a refund is money back; rent follows the units held", async () => {
    const asOf = new Date("2026-01-01T00:00:00Z");
    const g = await t.user("INVESTOR");
    await token.subscribe(g.address, 2n, 10_000n * U, "2025-10-01T00:00:00Z");
    await token.refund(g.address, 10_000n * U, "2025-10-02T00:00:00Z");
    await token.transfer(other.address, g.address, 3n, "2025-10-03T00:00:00Z");
    await token.rentClaimed(g.address, 30n * U, "2025-11-01T00:00:00Z");
    await token.transfer(g.address, other.address, 1n, "2025-11-02T00:00:00Z");
    const [row] = (await myPerformance(t.db, t.config.siwe.chainId, g, asOf)).positions;
    assert.deepEqual(
      [row!.units, row!.costBasis, row!.realizedGain, row!.incomeReceived, row!.pendingSubscription],
      ["2", "0", "0", `${30n * U}`, "0"],
    );
    assert.equal(row!.unrealizedGain, `${2n * 6_000n * U}`);
  });

  it("19 capital returned by a refinance lowers the cost basis by exactly its amount and is not income", async () => {
    const asOf = new Date("2026-01-01T00:00:00Z");
    const holder = await t.user("INVESTOR");
    const own = new SyntheticToken(t.db, t.config.siwe.chainId, 2_000_000);
    await own.launch(propertyId, manager.address, 5_000n * U, "CAP");
    // 10 units of 100 for 50,000; 100,000 of capital returned over the 100 units (1,000 a unit: 10,000 for the
    // holder); the claim pays it with 500 of rent. Basis 50,000 − 10,000 = 40,000; income 500; nothing realized.
    await own.subscribe(holder.address, 10n, 50_000n * U, "2025-02-01T00:00:00Z");
    await own.claim(holder.address, 10n, "2025-02-15T00:00:00Z");
    await own.claim(other.address, 90n, "2025-02-15T00:00:00Z");
    await own.capitalDeposited(100_000n * U, 100n, "2025-05-01T00:00:00Z");
    await own.rentClaimed(holder.address, 10_500n * U, "2025-06-01T00:00:00Z");
    const p = await myPerformance(t.db, t.config.siwe.chainId, holder, asOf);
    const [row] = p.positions;
    assert.deepEqual(
      [row!.units, row!.costBasis, row!.capitalReturned, row!.incomeReceived, row!.realizedGain],
      ["10", `${40_000n * U}`, `${10_000n * U}`, `${500n * U}`, "0"],
    );
    const [total] = p.totals;
    assert.deepEqual(
      [total!.costBasis, total!.capitalReturned, total!.incomeReceived, total!.realizedGain],
      [`${40_000n * U}`, `${10_000n * U}`, `${500n * U}`, "0"],
    );
    // The IRR's cash flows are the money that moved: −50,000 paid, +10,500 claimed, the value at NAV on the as-of
    // date; the return of capital changes the basis, not the flows.
    assert.ok(row!.irr !== null);
    const nav = BigInt(row!.valueAtNav!);
    const flows = [
      { at: new Date("2025-02-01T00:00:00Z"), amount: -50_000n * U },
      { at: new Date("2025-06-01T00:00:00Z"), amount: 10_500n * U },
      { at: asOf, amount: nav },
    ];
    assert.ok(Math.abs(npv(row!.irr!, flows)) < 1e-3);
  });

  it("20 a sale with a trade fee: the seller realizes what they received (price minus fee), the buyer's cost is the price", async () => {
    const asOf = new Date("2026-01-01T00:00:00Z");
    const [seller, buyer] = await Promise.all([t.user("INVESTOR"), t.user("INVESTOR")]);
    // 10 units at 5,000 (cost 50,000); 4 sold for 24,000 with a 0.5 % fee of 120: the seller receives 23,880 and
    // gives up a cost of 20,000, realizing 3,880; the buyer's 4 units cost the 24,000 they paid.
    await token.subscribe(seller.address, 10n, 50_000n * U, "2025-10-01T00:00:00Z");
    await token.claim(seller.address, 10n, "2025-10-15T00:00:00Z");
    await token.trade(seller.address, buyer.address, 4n, 24_000n * U, "2025-11-01T00:00:00Z", 120n * U);
    const [sold] = (await myPerformance(t.db, t.config.siwe.chainId, seller, asOf)).positions;
    assert.deepEqual([sold!.units, sold!.costBasis, sold!.realizedGain], ["6", `${30_000n * U}`, `${3_880n * U}`]);
    const sale = (await walletLedger(t.db, t.config.siwe.chainId, seller.address)).find((e) => e.kind === "TRADE_SELL");
    assert.equal(sale?.amount, 23_880n * U);
    const [bought] = (await myPerformance(t.db, t.config.siwe.chainId, buyer, asOf)).positions;
    assert.deepEqual([bought!.units, bought!.costBasis, bought!.realizedGain], ["4", `${24_000n * U}`, "0"]);
  });

  it("20 class: for any fills with any trade fees, the ledger's money is what moved (sellers net of the fee, buyers the price)", async () => {
    const traders = await Promise.all([t.user("INVESTOR"), t.user("INVESTOR"), t.user("INVESTOR")]);
    const book = new SyntheticToken(t.db, t.config.siwe.chainId, 1_000_000);
    await book.launch(propertyId, manager.address, 1_000n * U, "FEE");
    for (const trader of traders) {
      await book.subscribe(trader.address, 1_000n, 1_000_000n * U, "2025-01-01T00:00:00Z");
      await book.claim(trader.address, 1_000n, "2025-01-02T00:00:00Z");
    }
    const fill = fc.record({
      seller: fc.nat({ max: 2 }),
      shift: fc.integer({ min: 1, max: 2 }),
      units: fc.bigInt({ min: 1n, max: 10n }),
      paid: fc.bigInt({ min: 0n, max: 50_000n * U }),
      feeBps: fc.integer({ min: 0, max: 500 }),
    });
    let day = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fill, { minLength: 1, maxLength: 6 }), async (fills) => {
        const received = new Map<string, bigint>();
        const paidOut = new Map<string, bigint>();
        const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
        const since = new Date(Date.UTC(2025, 1, 1) + day * 86_400_000);
        for (const f of fills) {
          const at = new Date(Date.UTC(2025, 1, 1) + day++ * 86_400_000).toISOString();
          const seller = traders[f.seller]!.address;
          const buyer = traders[(f.seller + f.shift) % 3]!.address;
          const fee = (f.paid * BigInt(f.feeBps)) / 10_000n;
          await book.trade(seller, buyer, f.units, f.paid, at, fee);
          add(received, seller, f.paid - fee);
          add(paidOut, buyer, f.paid);
        }
        for (const trader of traders) {
          const entries = (await walletLedger(t.db, t.config.siwe.chainId, trader.address)).filter(
            (e) => e.token === book.token && e.at >= since,
          );
          const sum = (kind: string) => entries.filter((e) => e.kind === kind).reduce((a, e) => a + e.amount, 0n);
          assert.equal(sum("TRADE_SELL"), received.get(trader.address) ?? 0n);
          assert.equal(sum("TRADE_BUY"), paidOut.get(trader.address) ?? 0n);
        }
      }),
      { numRuns: 15 },
    );
  });
});
