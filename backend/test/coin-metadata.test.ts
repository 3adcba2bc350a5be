/**
 * Finding (money correctness, review): a coin's symbol and decimals were known only through the stored offerings
 * launched in it, so a coin named only by a settlement order (`OrderPosted.paymentToken`) or by an exit
 * (`ExitLaunched.paymentToken`) had unknown decimals, and the whole position of a holder who traded or redeemed in it
 * went unpriced. And an exit's payouts were booked in the token's offering coin, although the exit names its own.
 *
 * The chain sync now reads `symbol()` and `decimals()` of every payment coin it meets once (`chain_coins`,
 * src/chain/sync/coins.ts) and the ledger reads them there; each exit entry is in the exit's coin.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ContractFunctionZeroDataError, getAddress, type PublicClient } from "viem";
import { backfillCoins, coinsOfRange, storeCoins } from "../src/chain/sync/coins.ts";
import { myPerformance } from "../src/portfolio/performance.ts";
import { walletLedger } from "../src/portfolio/ledger.ts";
import type { Db } from "../src/db/client.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

const U6 = 1_000_000n;
const U2 = 100n;
const newAddress = () => getAddress(`0x${randomBytes(20).toString("hex")}`);

/** A coin as the chain sync stores what it read of it (null: did not answer). */
export async function coinRead(
  db: Db,
  chainId: number,
  coin: { address: string; symbol: string | null; decimals: number | null },
) {
  await db.chainCoin.create({ data: { chainId, ...coin } });
}

describe("payment coins known from orders and exits", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser, buyer: TestUser, seller: TestUser, holder: TestUser, silent: TestUser;
  let propertyId: string;
  const asOf = new Date("2026-01-01T00:00:00Z");

  before(async () => {
    t = await createTestContext();
    [manager, officer, buyer, seller, holder, silent] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    ({ propertyId } = await valuedProperty(t, manager, officer, { amount: "600000.00", valuedOn: "2025-12-31" }));
  });
  after(async () => t?.close());

  it("coin-metadata: a position bought in a coin only a settlement order names is priced with the coin the sync read", async () => {
    const chainId = t.config.siwe.chainId;
    const token = new SyntheticToken(t.db, chainId, 100);
    await token.launch(propertyId, manager.address, 5_000n * U6, "ORD", { symbol: "tUSD", decimals: 6 });
    const eurs = { address: newAddress(), symbol: "EURS", decimals: 2 };
    await coinRead(t.db, chainId, eurs);
    await token.subscribe(seller.address, 10n, 50_000n * U6, "2025-01-01T00:00:00Z");
    await token.claim(seller.address, 10n, "2025-01-15T00:00:00Z");
    await token.trade(seller.address, buyer.address, 2n, 11_000n * U2, "2025-03-01T00:00:00Z", 0n, eurs.address);

    const buy = (await walletLedger(t.db, chainId, buyer.address)).find((e) => e.kind === "TRADE_BUY");
    assert.deepEqual(buy?.coin, eurs);
    const p = await myPerformance(t.db, chainId, buyer, asOf);
    assert.deepEqual(p.unpriced, []);
    const [row] = p.positions;
    assert.equal(row?.costBasis, (11_000n * 10n ** BigInt(p.amountUnit.decimals)).toString());
    assert.equal(row?.paymentToken?.symbol, "EURS");
  });

  it("coin-metadata: a coin that did not answer decimals() leaves the position unpriced", async () => {
    const chainId = t.config.siwe.chainId;
    const token = new SyntheticToken(t.db, chainId, 200);
    await token.launch(propertyId, manager.address, 5_000n * U6, "SIL", { symbol: "tUSD", decimals: 6 });
    const mute = { address: newAddress(), symbol: null, decimals: null };
    await coinRead(t.db, chainId, mute);
    await token.subscribe(seller.address, 10n, 50_000n * U6, "2025-01-01T00:00:00Z");
    await token.claim(seller.address, 10n, "2025-01-15T00:00:00Z");
    await token.trade(seller.address, silent.address, 1n, 5_000n, "2025-03-01T00:00:00Z", 0n, mute.address);
    const p = await myPerformance(t.db, chainId, silent, asOf);
    assert.deepEqual(p.positions, []);
    assert.deepEqual(
      p.unpriced.map((u) => u.token),
      [token.token],
    );
  });

  it("coin-metadata: an exit's payout is booked in the exit's own coin, and the units left are worth the sale in it", async () => {
    const chainId = t.config.siwe.chainId;
    const token = new SyntheticToken(t.db, chainId, 300);
    await token.launch(propertyId, manager.address, 5_000n * U6, "EXT", { symbol: "tUSD", decimals: 6 });
    const exitCoin = { address: newAddress(), symbol: "XCHF", decimals: 4 };
    await coinRead(t.db, chainId, exitCoin);
    await token.subscribe(holder.address, 10n, 50_000n * U6, "2025-01-01T00:00:00Z");
    await token.claim(holder.address, 10n, "2025-01-15T00:00:00Z");
    await token.exitLaunched("2025-05-01T00:00:00Z", exitCoin.address);
    // Sold for 60,000.0000 XCHF over the 10 units outstanding: 6,000 a unit. The holder redeems 10 units.
    await token.proceedsDeposited(60_000n * 10_000n, 10n, "2025-06-01T00:00:00Z");
    await token.redeemed(holder.address, 10n, 60_000n * 10_000n, "2025-06-02T00:00:00Z");
    const redeemed = (await walletLedger(t.db, chainId, holder.address)).find((e) => e.kind === "EXIT_REDEEMED");
    assert.deepEqual(redeemed?.coin, exitCoin);
    assert.equal(redeemed?.amount, 60_000n * 10_000n);
    const p = await myPerformance(t.db, chainId, holder, asOf);
    const [row] = p.positions;
    const scale = 10n ** BigInt(p.amountUnit.decimals);
    // Paid 50,000 tUSD, received 60,000 XCHF: 10,000 realized, counting each coin 1:1 (was 60,000.0000 read as 600.000000 tUSD).
    assert.equal(row?.realizedGain, (10_000n * scale).toString());
    assert.deepEqual(
      row?.coins.map((c) => c.symbol),
      ["tUSD", "XCHF"],
    );
  });

  it("coin-metadata: the sync reads each coin an order or an exit names once, a mute one as unknown, asked again at start", async () => {
    const chainId = t.config.siwe.chainId;
    const answers = new Map<string, { symbol: string; decimals: number }>();
    const asked: string[] = [];
    const client = {
      readContract: async ({ address, functionName }: { address: string; functionName: "symbol" | "decimals" }) => {
        asked.push(`${address}.${functionName}`);
        const a = answers.get(address);
        if (!a) throw new ContractFunctionZeroDataError({ functionName });
        return a[functionName];
      },
    } as unknown as PublicClient;
    const [order, exit, mute] = [newAddress(), newAddress(), newAddress()];
    answers.set(order, { symbol: "EURS", decimals: 2 });
    answers.set(exit, { symbol: "XCHF", decimals: 4 });
    const events = [
      { name: "OrderPosted", args: { paymentToken: order.toLowerCase() } },
      { name: "OrderPosted", args: { paymentToken: mute } },
      { name: "ExitLaunched", args: { paymentToken: exit } },
      { name: "OrderFilled", args: { paymentToken: newAddress() } },
    ];
    const hash = `0x${"ab".repeat(32)}` as const;
    await storeCoins(t.pool, chainId, await coinsOfRange(t.pool, client, chainId, [], events, hash));
    const stored = await t.db.chainCoin.findMany({ where: { chainId, address: { in: [order, exit, mute] } } });
    assert.deepEqual(
      new Set(stored.map((c) => `${c.address}:${c.symbol}:${c.decimals}`)),
      new Set([`${order}:EURS:2`, `${exit}:XCHF:4`, `${mute}:null:null`]),
    );
    // Met again: the answered coins are not read again, the mute one is.
    asked.length = 0;
    await storeCoins(t.pool, chainId, await coinsOfRange(t.pool, client, chainId, [], events, hash));
    assert.deepEqual(asked.sort(), [`${mute}.decimals`, `${mute}.symbol`]);
    // It answers later: the sync's next start reads it (and no answered coin); an answer is never replaced by null.
    answers.set(mute, { symbol: "LATE", decimals: 8 });
    asked.length = 0;
    await backfillCoins(t.pool, client, chainId, hash);
    assert.ok(!asked.some((a) => a.startsWith(order) || a.startsWith(exit)));
    const late = await t.db.chainCoin.findUnique({ where: { chainId_address: { chainId, address: mute } } });
    assert.deepEqual([late?.symbol, late?.decimals], ["LATE", 8]);
    await storeCoins(t.pool, chainId, [{ address: order, symbol: null, decimals: null }]);
    const kept = await t.db.chainCoin.findUnique({ where: { chainId_address: { chainId, address: order } } });
    assert.equal(kept?.decimals, 2);
  });
});
