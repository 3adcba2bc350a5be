/**
 * Finding (money correctness, review): each settlement order names its own payment coin (`OrderPosted.paymentToken`),
 * which may differ from the coin the token's offering was launched with; the ledger booked every TRADE_BUY /
 * TRADE_SELL amount as base units of the token's offering coin. A trade paid in a coin of other decimals read off by
 * powers of ten, under the other coin's name, in the cost basis, the realized gain, the totals and the statements.
 *
 * Regression tests (a token launched in a 6-decimal coin, traded in a 2-decimal one), then the class: over ledgers
 * mixing coins of 0..8 decimals, every entry's amount is read in its own coin, and no total under a coin's name adds
 * an amount of another coin. The ledgers include coins the sync knows only as an order's or an exit's (chain_coins, no
 * offering pays in them) and exit payouts in the exit's own coin (test/coin-metadata.test.ts has their regressions).
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { getAddress } from "viem";
import { myPerformance } from "../src/portfolio/performance.ts";
import { walletLedger } from "../src/portfolio/ledger.ts";
import { buildStatement } from "../src/statements/content.ts";
import { renderPdf } from "../src/statements/pdf.ts";
import { textOf } from "../src/statements/pdf-text.ts";
import { yearPeriod } from "../src/statements/periods.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

/** 1 unit of currency in base units of a 6-decimal coin (tUSD) and of a 2-decimal coin (EURS). */
const U6 = 1_000_000n;
const U2 = 100n;

describe("settlement trades in the order's own coin", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser, investor: TestUser, seller: TestUser, marketOnly: TestUser;
  let token: SyntheticToken;
  /** A second property's token, launched in the 2-decimal coin: the sync read that coin's symbol and decimals. */
  let other: SyntheticToken;
  let propertyId: string;
  const asOf = new Date("2026-01-01T00:00:00Z");

  before(async () => {
    t = await createTestContext();
    [manager, officer, investor, seller, marketOnly] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    ({ propertyId } = await valuedProperty(t, manager, officer, { amount: "600000.00", valuedOn: "2025-12-31" }));
    token = new SyntheticToken(t.db, t.config.siwe.chainId);
    await token.launch(propertyId, manager.address, 5_000n * U6, "SYN", { symbol: "tUSD", decimals: 6 });
    const second = await valuedProperty(t, manager, officer, { amount: "100000.00", valuedOn: "2025-12-31" });
    other = new SyntheticToken(t.db, t.config.siwe.chainId, 10_000);
    await other.launch(second.propertyId, manager.address, 100n * U2, "OTH", { symbol: "EURS", decimals: 2 });

    await token.subscribe(investor.address, 10n, 50_000n * U6, "2025-01-01T00:00:00Z");
    await token.subscribe(seller.address, 90n, 450_000n * U6, "2025-01-02T00:00:00Z");
    await token.claim(investor.address, 10n, "2025-01-15T00:00:00Z");
    await token.claim(seller.address, 90n, "2025-01-15T00:00:00Z");
    // 5 units for 27,500.00 EURS, paid in the 2-decimal coin, not the token's tUSD.
    await token.trade(
      seller.address,
      investor.address,
      5n,
      27_500n * U2,
      "2025-03-01T00:00:00Z",
      0n,
      other.paymentToken,
    );
    // 2 units bought on the market only, in EURS.
    await token.trade(
      seller.address,
      marketOnly.address,
      2n,
      11_000n * U2,
      "2025-04-01T00:00:00Z",
      0n,
      other.paymentToken,
    );
  });
  after(async () => t?.close());

  it("trade-coin: a fill's ledger entry carries the order's coin, as the sync read it", async () => {
    const entries = await walletLedger(t.db, t.config.siwe.chainId, investor.address);
    const buy = entries.find((e) => e.kind === "TRADE_BUY");
    assert.deepEqual(buy?.coin, { address: other.paymentToken, symbol: "EURS", decimals: 2 });
    assert.equal(buy?.amount, 27_500n * U2);
    const claimed = entries.find((e) => e.kind === "UNITS_CLAIMED");
    assert.deepEqual(claimed?.coin, { address: token.paymentToken, symbol: "tUSD", decimals: 6 });
    const sold = (await walletLedger(t.db, t.config.siwe.chainId, seller.address)).find((e) => e.kind === "TRADE_SELL");
    assert.equal(sold?.coin?.address, other.paymentToken);
  });

  it("trade-coin: a position bought in two coins converts each with its own decimals and says it is mixed", async () => {
    const p = await myPerformance(t.db, t.config.siwe.chainId, investor, asOf);
    assert.equal(p.amountUnit.decimals, 6);
    const [row] = p.positions;
    // 50,000.00 tUSD + 27,500.00 EURS: 77,500.00 of the currency, counting each coin 1:1 (was 50,000.000000 +
    // 2,750,000 tUSD base units = 50,002.75).
    assert.equal(row!.costBasis, (77_500n * U6).toString());
    assert.equal(row!.paymentToken, null, "not one coin's figure");
    assert.deepEqual(
      row!.coins.map((c) => c.symbol),
      ["tUSD", "EURS"],
    );
    assert.deepEqual(
      p.totals.map((x) => [x.paymentToken, x.coins.map((c) => c.symbol), x.costBasis]),
      [[null, ["tUSD", "EURS"], (77_500n * U6).toString()]],
    );
  });

  it("trade-coin: a position bought in one other coin is in that coin, and totalled apart from the token's coin", async () => {
    const p = await myPerformance(t.db, t.config.siwe.chainId, marketOnly, asOf);
    const [row] = p.positions;
    assert.equal(row!.costBasis, (11_000n * 10n ** BigInt(p.amountUnit.decimals)).toString());
    assert.equal(row!.paymentToken?.address, other.paymentToken);
    assert.equal(row!.paymentToken?.symbol, "EURS");
    assert.deepEqual(
      p.totals.map((x) => x.paymentToken?.symbol),
      ["EURS"],
    );
  });

  it("trade-coin: the statement's trade line is in the order's coin, read with its decimals", async () => {
    const s = await buildStatement(t.db, t.config.siwe.chainId, investor, yearPeriod(2025, "ANNUAL"));
    const line = s.transactions.find((l) => l.kind === "TRADE_BUY");
    assert.equal(line?.coin, "EURS");
    assert.equal(line?.amount, 27_500n * 10n ** BigInt(s.amountDecimals));
    const subscribed = s.transactions.find((l) => l.kind === "SUBSCRIPTION_PAID");
    assert.equal(subscribed?.coin, "tUSD");
    // The seller sold 7 units for EURS, out of a basis in tUSD: the disposal and the totals say both coins.
    const sold = await buildStatement(t.db, t.config.siwe.chainId, seller, yearPeriod(2025, "ANNUAL"));
    const proceeds = sold.transactions.filter((l) => l.kind === "TRADE_SELL").map((l) => [l.coin, l.amount]);
    assert.deepEqual(proceeds, [
      ["EURS", 27_500n * 10n ** BigInt(sold.amountDecimals)],
      ["EURS", 11_000n * 10n ** BigInt(sold.amountDecimals)],
    ]);
    // 450,000 for 90; 7 sold remove 35,000 of basis for 38,500 of proceeds: a gain of 3,500 counting each coin 1:1.
    const scale = 10n ** BigInt(sold.amountDecimals);
    assert.deepEqual(
      sold.disposals.map((d) => [d.coin, d.proceeds, d.costRemoved, d.gain]),
      [
        ["tUSD+EURS", 27_500n * scale, 25_000n * scale, 2_500n * scale],
        ["tUSD+EURS", 11_000n * scale, 10_000n * scale, 1_000n * scale],
      ],
    );
    assert.deepEqual(
      sold.totals.map((x) => x.coin),
      ["tUSD+EURS"],
    );
    // The PDF names the coins with each amount and says how a holding in several coins adds them.
    assert.equal(sold.severalCoins, true);
    const text = (await textOf(await renderPdf(sold))).replace(/\s+/g, " ");
    assert.match(text, /27,500\.00 EURS/);
    assert.match(text, /tUSD\+EURS/);
    assert.match(text, /traded in several coins/);
  });

  it("trade-coin class: over ledgers mixing coins of 0..8 decimals, each amount is read in its own coin and no total adds coins under one coin's name", async () => {
    const chainId = t.config.siwe.chainId;
    // One coin per decimals 0..8, each known to the sync through an offering launched in it (no events of its own).
    const pool: { address: string; symbol: string; decimals: number }[] = [];
    for (let d = 0; d <= 8; d++) {
      const coin = { address: getAddress(`0x${randomBytes(20).toString("hex")}`), symbol: `C${d}`, decimals: d };
      await new SyntheticToken(t.db, chainId, 0).launch(propertyId, manager.address, 1n, `R${d}`, coin);
      pool.push(coin);
    }
    // And one per decimals known to the sync only as a coin an order or an exit named (chain_coins), no offering's.
    const named: typeof pool = [];
    for (let d = 0; d <= 8; d++) {
      const coin = { address: getAddress(`0x${randomBytes(20).toString("hex")}`), symbol: `N${d}`, decimals: d };
      await t.db.chainCoin.create({ data: { chainId, ...coin } });
      named.push(coin);
    }
    const op = fc.record({
      buy: fc.boolean(),
      units: fc.bigInt({ min: 1n, max: 5n }),
      paid: fc.bigInt({ min: 0n, max: 10n ** 9n }),
      feeBps: fc.integer({ min: 0, max: 500 }),
      /** The order's coin: its decimals, or null for the token's own offering coin. */
      coin: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
      /** Whether that coin is known only as one an order named (no offering pays in it). */
      namedOnly: fc.boolean(),
    });
    const story = fc.record({
      offeringDecimals: fc.integer({ min: 0, max: 8 }),
      price: fc.bigInt({ min: 1n, max: 10n ** 8n }),
      units: fc.bigInt({ min: 1n, max: 20n }),
      trades: fc.array(op, { maxLength: 6 }),
      rent: fc.bigInt({ min: 0n, max: 10n ** 8n }),
      /** The property sold: the exit's coin (its decimals; null for the token's offering coin) and its proceeds. */
      exit: fc.option(
        fc.record({
          coin: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
          proceeds: fc.bigInt({ min: 0n, max: 10n ** 9n }),
        }),
        { nil: null },
      ),
    });
    let block = 1_000_000;
    let hour = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(story, { minLength: 1, maxLength: 2 }), async (stories) => {
        const me = { id: randomUUID(), address: getAddress(`0x${randomBytes(20).toString("hex")}`), roles: [] };
        const them = getAddress(`0x${randomBytes(20).toString("hex")}`);
        const at = () => new Date(Date.UTC(2025, 0, 1) + hour++ * 3_600_000).toISOString();
        /** What the model booked: per token, its money per coin (buys minus sells, income) and each trade's coin. */
        const model: {
          token: string;
          coins: Set<string>;
          net: { raw: bigint; decimals: number }[];
          income: { raw: bigint; decimals: number }[];
          trades: { coin: (typeof pool)[number]; raw: bigint }[];
          redeemed?: { coin: (typeof pool)[number]; raw: bigint };
        }[] = [];
        for (const s of stories) {
          const token = new SyntheticToken(t.db, chainId, (block += 1_000));
          const own = pool[s.offeringDecimals]!;
          await token.launch(propertyId, manager.address, s.price, "MIX", own);
          const m = {
            token: token.token,
            coins: new Set<string>(),
            net: [],
            income: [],
            trades: [],
          } as (typeof model)[number];
          model.push(m);
          await token.subscribe(me.address, s.units, s.units * s.price, at());
          await token.subscribe(them, 50n, 50n * s.price, at());
          await token.claim(me.address, s.units, at());
          await token.claim(them, 50n, at());
          m.coins.add(own.address);
          m.net.push({ raw: s.units * s.price, decimals: own.decimals });
          let mine = s.units;
          let theirs = 50n;
          for (const o of s.trades) {
            if (o.buy ? theirs < o.units : mine < o.units) continue;
            const coin = o.coin === null ? own : (o.namedOnly ? named : pool)[o.coin]!;
            const fee = (o.paid * BigInt(o.feeBps)) / 10_000n;
            const [seller, buyer] = o.buy ? [them, me.address] : [me.address, them];
            await token.trade(seller, buyer, o.units, o.paid, at(), fee, coin.address);
            mine += o.buy ? o.units : -o.units;
            theirs += o.buy ? -o.units : o.units;
            const raw = o.buy ? o.paid : o.paid - fee;
            if (raw !== 0n) m.coins.add(coin.address);
            m.net.push({ raw: o.buy ? raw : -raw, decimals: coin.decimals });
            m.trades.push({ coin, raw });
          }
          if (s.rent > 0n) {
            await token.rentClaimed(me.address, s.rent, at());
            m.coins.add(own.address);
            m.income.push({ raw: s.rent, decimals: own.decimals });
          }
          if (s.exit) {
            // The exit names its own coin; I redeem all my units for my share of the proceeds, in that coin.
            const coin = s.exit.coin === null ? own : named[s.exit.coin]!;
            await token.exitLaunched(at(), coin.address);
            const supply = mine + theirs;
            await token.proceedsDeposited(s.exit.proceeds, supply, at());
            const payout = (mine * s.exit.proceeds) / supply;
            if (mine > 0n) {
              await token.redeemed(me.address, mine, payout, at());
              if (payout !== 0n) m.coins.add(coin.address);
              m.net.push({ raw: -payout, decimals: coin.decimals });
              m.redeemed = { coin, raw: payout };
            }
          }
        }
        const decimals = Math.max(2, ...model.flatMap((m) => [...m.net, ...m.income].map((x) => x.decimals)));
        const inUnit = (xs: { raw: bigint; decimals: number }[]) =>
          xs.reduce((sum, x) => sum + x.raw * 10n ** BigInt(decimals - x.decimals), 0n);

        // The ledger: each trade in its order's coin, as the sync read it, in that coin's base units.
        const ledger = await walletLedger(t.db, chainId, me.address);
        for (const m of model) {
          const trades = ledger.filter(
            (e) => e.token === m.token && (e.kind === "TRADE_BUY" || e.kind === "TRADE_SELL"),
          );
          assert.deepEqual(
            trades.map((e) => [e.coin, e.amount]),
            m.trades.map((x) => [x.coin, x.raw]),
          );
          // An exit's payout in the exit's own coin.
          const redeemed = ledger.filter((e) => e.token === m.token && e.kind === "EXIT_REDEEMED");
          assert.deepEqual(
            redeemed.map((e) => [e.coin, e.amount]),
            m.redeemed ? [[m.redeemed.coin, m.redeemed.raw]] : [],
          );
        }

        // The figures: every amount converted with its own coin's decimals (basis − realized = paid − received).
        const p = await myPerformance(t.db, chainId, me, asOf);
        assert.equal(p.amountUnit.decimals, decimals);
        assert.equal(p.positions.length, model.length);
        for (const m of model) {
          const row = p.positions.find((x) => x.token === m.token)!;
          assert.equal(BigInt(row.costBasis) - BigInt(row.realizedGain), inUnit(m.net), "basis − realized");
          assert.equal(BigInt(row.incomeReceived), inUnit(m.income), "income");
          assert.deepEqual(new Set(row.coins.map((c) => c.address)), m.coins);
          assert.equal(row.paymentToken?.address ?? null, m.coins.size === 1 ? [...m.coins][0] : null);
        }
        // The totals partition the positions: one per coin of the positions in that coin alone, and one (no coin)
        // of those in several; a total under a coin's name adds only that coin's amounts.
        for (const total of p.totals) {
          const rows = p.positions.filter((x) =>
            total.paymentToken === null ? x.coins.length > 1 : x.paymentToken?.address === total.paymentToken.address,
          );
          assert.ok(rows.length > 0);
          assert.equal(total.costBasis, rows.reduce((sum, x) => sum + BigInt(x.costBasis), 0n).toString());
          assert.equal(total.realizedGain, rows.reduce((sum, x) => sum + BigInt(x.realizedGain), 0n).toString());
          assert.deepEqual(
            new Set(total.coins.map((c) => c.address)),
            new Set(rows.flatMap((x) => x.coins.map((c) => c.address))),
          );
        }
        assert.equal(
          p.totals.length,
          new Set(p.positions.map((x) => (x.coins.length > 1 ? "several" : x.paymentToken!.address))).size,
        );

        // The statement: each trade line named with its own coin and its amount in that coin's decimals.
        const year = await buildStatement(t.db, chainId, me, yearPeriod(2025, "ANNUAL"));
        assert.equal(year.amountDecimals, decimals);
        for (const m of model) {
          const lines = year.transactions.filter(
            (l) =>
              l.symbol === "MIX" &&
              (l.kind === "TRADE_BUY" || l.kind === "TRADE_SELL") &&
              ledger.some((e) => e.txHash === l.txHash && e.token === m.token),
          );
          assert.deepEqual(
            lines.map((l) => [l.coin, l.amount]),
            m.trades.map((x) => [x.coin.symbol, x.raw * 10n ** BigInt(decimals - x.coin.decimals)]),
          );
        }
      }),
      { numRuns: 12 },
    );
  });
});
