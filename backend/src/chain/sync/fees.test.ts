/**
 * Issue 20: fee revenue synced from the chain. On a real node (anvil) with the platform deployed by the deploy
 * script at a 1.5 % primary fee, the rent and trade fees raised through PlatformFees (announced, in effect 12 weeks
 * later), a property launched by its manager sold, released, paid rent on and traded (with a per-token override),
 * then: the schedule the API gives equals the contract's views; every fee paid is stored once, equal to the fee
 * events and to the collector's balance, and the admin revenue route sums them; a reorganisation rolls payments
 * and schedule back; re-syncing in single-block ranges and a backfill from stored events give the same rows.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { erc20Abi, platformFeesAbi, propertyOfferingAbi, settlementAbi } from "@freehold/deployments/abi";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { decodeEventLog, getAddress, parseAbi, type Abi, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createTestContext, freshDatabase, type TestContext, type TestUser } from "../../../test/support/harness.ts";
import { API, createProperty } from "../../../test/support/fixtures.ts";
import { createDb } from "../../db/client.ts";
import { FEE_KINDS, MAX_FEE_BPS } from "../../fees/service.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { actors, Chain, runScenario, USD, type ScenarioResult } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";
import { backfillFees } from "./fees.ts";

const TWELVE_WEEKS = 12 * 7 * 86_400;
/** FeeKind indexes (PlatformFees). */
const [RENT, TRADE, EXIT] = [1, 2, 3] as const;

interface Payment {
  kind: string;
  token: string;
  propertyId: string | null;
  paymentToken: string | null;
  collector: string | null;
  amount: string;
  blockNumber: number;
  logIndex: number;
  txHash: string;
}

describe("20 fee revenue synced from the chain", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let chain: Chain;
  let manager: TestUser;
  let pool: pg.Pool;
  let sync: ChainSync;
  let scenario: ScenarioResult;
  let propertyId: string;
  let buyer: PrivateKeyAccount;
  const admin = privateKeyToAccount(TEST_KEYS[0]);
  const collector = privateKeyToAccount(generatePrivateKey()).address;

  const fees = (fn: string, args: readonly unknown[]) =>
    chain.send(admin, platform.address("PlatformFees"), platformFeesAbi as Abi, fn, args);
  const newSync = (db: ReturnType<typeof createDb>, sqlPool: pg.Pool, blockRange = 1_000) =>
    new ChainSync({
      db,
      pool: sqlPool,
      client,
      chainId: 31337,
      record: platform.record,
      confirmations: 1,
      blockRange,
    });
  const payments = async (sqlPool: pg.Pool): Promise<Payment[]> =>
    (
      await sqlPool.query<Payment>(
        `SELECT kind, token, "propertyId", "paymentToken", collector, amount::text, "blockNumber", "logIndex", "txHash"
         FROM chain_fee_payments WHERE "chainId" = 31337 ORDER BY "blockNumber", "logIndex"`,
      )
    ).rows;
  /** The fees the chain says were paid: every fee event of the platform's contracts and the launched offerings. */
  const feeLogs = async (): Promise<{ kind: string; amount: bigint; collector: string | null; txHash: string }[]> => {
    const events = parseAbi([
      "event ProceedsReleased(uint256 units, uint256 amount, uint256 fee)",
      "event RentFeeCharged(address indexed token, uint256 indexed depositId, address indexed collector, uint256 fee)",
      "event TradeFeeCharged(uint256 indexed orderId, address indexed token, address indexed collector, uint256 fee)",
    ]);
    const logs = await client.getLogs({
      address: [scenario.offering, platform.address("RentDistributor"), platform.address("Settlement")],
      events,
      fromBlock: 0n,
      toBlock: "latest",
    });
    return logs
      .map((l) => {
        const d = decodeEventLog({ abi: events, data: l.data, topics: l.topics });
        const kind =
          d.eventName === "ProceedsReleased" ? "PRIMARY" : d.eventName === "RentFeeCharged" ? "RENT" : "TRADE";
        return {
          kind,
          amount: d.args.fee,
          collector: "collector" in d.args ? getAddress(d.args.collector) : null,
          txHash: l.transactionHash,
        };
      })
      .filter((f) => f.amount > 0n);
  };
  const collectorBalance = () =>
    client.readContract({
      address: platform.address("TestStablecoin"),
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [collector],
    });

  before(async () => {
    t = await createTestContext();
    manager = await t.user("PROPERTY_MANAGER");
    propertyId = (await createProperty(t, manager, { name: "Rue de Rivoli 12" })).id;
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    const people = { ...actors(3), manager: manager.account };
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [manager.address],
      feeBps: 150,
      feeRecipient: collector,
    });
    chain = new Chain(anvil, client, platform);
    await chain.fund(manager.account);
    // Rent 1 % and trade 0.5 %, announced and in effect 12 weeks later; an exit fee announced and still pending.
    await fees("announceIncrease", [RENT, 100]);
    await fees("announceIncrease", [TRADE, 50]);
    await chain.advance(TWELVE_WEEKS + 1);
    await fees("applyIncrease", [RENT]);
    await fees("announceIncrease", [EXIT, 200]);
    scenario = await runScenario(chain, people, [40n, 35n, 25n], propertyIdToBytes32(propertyId));
    await chain.send(people.manager, scenario.offering, propertyOfferingAbi as Abi, "releaseProceeds", []);
    await chain.advance(60); // the last fill a minute later: a revenue window can hold it alone
    // The property trades at 0.2 % from now on (an override, lower than the platform's 0.5 %).
    await fees("setOverride", [TRADE, scenario.token, 20]);
    buyer = people.investors[2]!;
    await chain.mintAndApprove(buyer, 6n * USD, platform.address("Settlement"));
    await chain.send(buyer, platform.address("Settlement"), settlementAbi as Abi, "fill", [scenario.orderId, 3n]);
    pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    sync = newSync(t.db, pool);
    await sync.catchUp();
  });
  after(async () => {
    await pool?.end();
    await anvil?.stop();
    await t?.close();
  });

  it("gives the schedule the contract gives: fee in effect, maximum, collector, pending increase, overrides", async () => {
    const res = await t.anonymous.get(`${API}/fees`);
    assert.equal(res.status, 200, res.text);
    const fromChain = await Promise.all(
      FEE_KINDS.map(async (kind, i) => {
        const [bps, to] = await client.readContract({
          address: platform.address("PlatformFees"),
          abi: platformFeesAbi,
          functionName: "platformFeeOf",
          args: [i],
        });
        const [pendingBps, effectiveAt] = await client.readContract({
          address: platform.address("PlatformFees"),
          abi: platformFeesAbi,
          functionName: "pendingIncrease",
          args: [i],
        });
        return {
          kind,
          bps,
          maxBps: MAX_FEE_BPS,
          collector: to,
          pending:
            effectiveAt === 0n
              ? null
              : { bps: pendingBps, effectiveAt: new Date(Number(effectiveAt) * 1000).toISOString() },
        };
      }),
    );
    assert.deepEqual(res.body.kinds, fromChain);
    assert.deepEqual(
      fromChain.map((k) => [k.kind, k.bps, k.pending?.bps ?? null]),
      [
        ["PRIMARY", 150, null],
        ["RENT", 100, null],
        // in effect since its effectiveAt, though nobody called applyIncrease: the contract counts it already
        ["TRADE", 50, null],
        ["EXIT", 0, 200],
      ],
    );
    const max = await client.readContract({
      address: platform.address("PlatformFees"),
      abi: platformFeesAbi,
      functionName: "MAX_FEE_BPS",
    });
    assert.equal(max, MAX_FEE_BPS, "the maximum the API states is the contract's");
    assert.deepEqual(res.body.overrides, [{ kind: "TRADE", token: getAddress(scenario.token), propertyId, bps: 20 }]);
  });

  it("stores every fee paid once, equal to the fee events and to the collector's balance", async () => {
    const stored = await payments(pool);
    const logs = await feeLogs();
    assert.deepEqual(
      stored.map((p) => [p.kind, p.amount, p.txHash]),
      logs.map((l) => [l.kind, l.amount.toString(), l.txHash]),
    );
    assert.deepEqual(
      stored.map((p) => p.kind),
      ["RENT", "TRADE", "PRIMARY", "TRADE"],
      "each kind charged today: rent deposit, fill, release, fill",
    );
    // 1 % of 1,000 USD of rent; 0.5 % of 4 units at 2 USD; 1.5 % of 100 units at 1 USD; 0.2 % of 3 units at 2 USD.
    assert.deepEqual(
      stored.map((p) => BigInt(p.amount)),
      [
        (1_000n * USD * 100n) / 10_000n,
        (8n * USD * 50n) / 10_000n,
        (100n * USD * 150n) / 10_000n,
        (6n * USD * 20n) / 10_000n,
      ],
    );
    const total = stored.reduce((s, p) => s + BigInt(p.amount), 0n);
    assert.equal(total, await collectorBalance(), "the collector holds exactly the fees stored");
    for (const p of stored) {
      assert.equal(p.token, getAddress(scenario.token));
      assert.equal(p.propertyId, propertyId);
      assert.equal(p.paymentToken, getAddress(platform.address("TestStablecoin")));
      assert.equal(p.collector, getAddress(collector));
    }
  });

  it("sums the revenue per kind and per property for admins, and refuses a range that ends before it starts", async () => {
    const res = await t.as(t.admin).get(`${API}/admin/fees/revenue`);
    assert.equal(res.status, 200, res.text);
    const stored = await payments(pool);
    const sum = (kind: string) =>
      stored
        .filter((p) => p.kind === kind)
        .reduce((s, p) => s + BigInt(p.amount), 0n)
        .toString();
    const coin = getAddress(platform.address("TestStablecoin"));
    assert.deepEqual(res.body.totals, [
      { kind: "PRIMARY", paymentToken: coin, amount: sum("PRIMARY"), payments: 1 },
      { kind: "RENT", paymentToken: coin, amount: sum("RENT"), payments: 1 },
      { kind: "TRADE", paymentToken: coin, amount: sum("TRADE"), payments: 2 },
    ]);
    assert.deepEqual(
      res.body.properties.map((p: Record<string, unknown>) => [
        p.propertyId,
        p.propertyName,
        p.kind,
        p.amount,
        p.payments,
      ]),
      [
        [propertyId, "Rue de Rivoli 12", "PRIMARY", sum("PRIMARY"), 1],
        [propertyId, "Rue de Rivoli 12", "RENT", sum("RENT"), 1],
        [propertyId, "Rue de Rivoli 12", "TRADE", sum("TRADE"), 2],
      ],
    );
    // A window after the last fee: nothing; a window around the second fill only: that fill.
    const last = await t.db.chainFeePayment.findFirstOrThrow({ orderBy: { blockNumber: "desc" } });
    const after = new Date(last.blockTime.getTime() + 1000).toISOString();
    const none = await t.as(t.admin).get(`${API}/admin/fees/revenue?from=${after}`);
    assert.deepEqual([none.status, none.body.totals, none.body.properties], [200, [], []]);
    const only = await t.as(t.admin).get(`${API}/admin/fees/revenue?from=${last.blockTime.toISOString()}&to=${after}`);
    assert.deepEqual(only.body.totals, [
      { kind: "TRADE", paymentToken: coin, amount: last.amount.toString(), payments: 1 },
    ]);
    const backwards = await t
      .as(t.admin)
      .get(`${API}/admin/fees/revenue?from=${after}&to=${last.blockTime.toISOString()}`);
    assert.equal(backwards.status, 400);
    assert.match(backwards.headers.get("content-type") ?? "", /application\/problem\+json/);
  });

  it("shows the manager the primary fee fixed in the offering's terms", async () => {
    const res = await t.as(manager).get(`${API}/chain/properties/${propertyId}/offering`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.terms.feeBps, res.body.terms.feeRecipient], [150, getAddress(collector)]);
    assert.equal(res.body.released.fee, (await payments(pool))[2]!.amount, "the fee paid on the released proceeds");
  });

  it("rolls a reorganised fee payment and schedule change back, and ends equal to the new chain", async () => {
    const before = await payments(pool);
    const schedule = (await t.anonymous.get(`${API}/fees`)).body;
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    await fees("decreaseFee", [RENT, 40]);
    await fees("removeOverride", [TRADE, scenario.token]);
    await chain.mintAndApprove(buyer, 2n * USD, platform.address("Settlement"));
    await chain.send(buyer, platform.address("Settlement"), settlementAbi as Abi, "fill", [scenario.orderId, 1n]);
    await sync.catchUp();
    assert.equal((await payments(pool)).length, before.length + 1, "the orphaned fill's fee was stored");
    const changed = (await t.anonymous.get(`${API}/fees`)).body;
    assert.equal(changed.kinds[RENT].bps, 40);
    assert.deepEqual(changed.overrides, []);

    assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
    await anvil.rpc("evm_increaseTime", [7]);
    await anvil.rpc("evm_mine", []);
    await anvil.rpc("evm_mine", []);
    assert.equal((await sync.tick()).kind, "reorg");
    await sync.catchUp();
    assert.deepEqual(await payments(pool), before, "the orphaned fee is gone");
    const restored = (await t.anonymous.get(`${API}/fees`)).body;
    assert.deepEqual([restored.kinds, restored.overrides], [schedule.kinds, schedule.overrides]);
    assert.equal(
      (await payments(pool)).reduce((s, p) => s + BigInt(p.amount), 0n),
      await collectorBalance(),
      "still the collector's balance on the new chain",
    );
  });

  it("gives the same rows synced block by block, and rebuilt from the stored events (exactly once)", async () => {
    const url = await freshDatabase();
    const db = createDb(url, 2);
    const other = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const slow = newSync(db, other, 1);
      await slow.catchUp();
      const expected = await payments(pool);
      assert.deepEqual(await payments(other), expected);
      // A second instance over the same database, and a rebuild of the fee tables, add nothing and lose nothing.
      await newSync(db, other).catchUp();
      const sql = await other.connect();
      try {
        await sql.query("DELETE FROM chain_fee_payments");
        await sql.query("DELETE FROM chain_fee_schedules");
        await backfillFees(sql, 31337);
        await backfillFees(sql, 31337);
      } finally {
        sql.release();
      }
      assert.deepEqual(await payments(other), expected);
      const schedule = async (p: pg.Pool) =>
        (
          await p.query(
            `SELECT kind, bps, collector, "pendingBps", "pendingEffectiveAt" FROM chain_fee_schedules ORDER BY kind`,
          )
        ).rows;
      assert.deepEqual(await schedule(other), await schedule(pool));
    } finally {
      await other.end();
      await db.$disconnect();
    }
  });
});
