/**
 * The chain sync against real PostgreSQL and a real node (anvil): a whole day of platform activity stored
 * exactly once with the cap table equal to the chain's balances, confirmations, a process killed in the middle
 * of a range, and a reorganisation (snapshot, revert, different blocks) rolled back to match the new chain.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { fileURLToPath } from "node:url";
import { propertyOfferingAbi, propertyTokenAbi, rentDistributorAbi } from "@freehold/deployments/abi";
import { getAddress, toHex, zeroHash, type Abi, type PublicClient } from "viem";
import { freshDatabase } from "../../../test/support/harness.ts";
import { createDb, type Db } from "../../db/client.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import {
  actors,
  Chain,
  runScenario,
  SCENARIO_STATEMENT,
  USD,
  type Actors,
  type ScenarioResult,
} from "../testing/scenario.ts";
import { rebuildBalances } from "./balances.ts";
import { ChainSync } from "./chain-sync.ts";
import {
  activityFeed,
  capTable,
  distributionHistory,
  offeringProgress,
  portfolio,
  type CapTableAfter,
  type Holding,
} from "./read-models.ts";

async function chainBalances(
  client: PublicClient,
  token: `0x${string}`,
  holders: readonly string[],
): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (const h of holders) {
    const partitions = (await client.readContract({
      address: token,
      abi: propertyTokenAbi,
      functionName: "partitionsOf",
      args: [getAddress(h)],
    })) as readonly `0x${string}`[];
    for (const p of partitions) {
      const balance = (await client.readContract({
        address: token,
        abi: propertyTokenAbi,
        functionName: "balanceOfByPartition",
        args: [p, getAddress(h)],
      })) as bigint;
      if (balance !== 0n) out.set(`${getAddress(h)}:${p}`, balance);
    }
  }
  return out;
}

/** The pool each test database's sync writes through (set by freshDb): the cap table and portfolio read on it. */
const pools = new Map<Db, pg.Pool>();

/** Every page of the cap table, `limit` rows at a time. */
async function wholeCapTable(db: Db, token: string, limit: number): Promise<Holding[]> {
  const out: Holding[] = [];
  let after: CapTableAfter | undefined;
  for (;;) {
    const page = await capTable(pools.get(db)!, 31337, token, { limit, after });
    out.push(...page.holders);
    if (!page.next) return out;
    after = page.next;
  }
}

async function assertCapTableMatchesChain(
  db: Db,
  client: PublicClient,
  token: `0x${string}`,
  holders: readonly string[],
): Promise<void> {
  const stored = new Map(
    (await wholeCapTable(db, token, 2)).map((h) => [`${h.holder}:${h.partition}`, BigInt(h.balance)]),
  );
  assert.deepEqual(stored, await chainBalances(client, token, holders));
  const supply = (await client.readContract({
    address: token,
    abi: propertyTokenAbi,
    functionName: "totalSupply",
  })) as bigint;
  assert.equal(
    [...stored.values()].reduce((a, b) => a + b, 0n),
    supply,
    "the cap table adds up to the total supply",
  );
}

describe("chain sync", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let chain: Chain;
  let people: Actors;
  let scenario: ScenarioResult;
  let holders: string[];
  let lockup: { token: `0x${string}`; offering: `0x${string}` };
  const LOCKUP = toHex("LOCKUP-12M", { size: 32 });

  const newSync = (db: Db, overrides: { confirmations?: number; blockRange?: number } = {}): ChainSync =>
    new ChainSync({
      db,
      pool: pools.get(db)!,
      client,
      chainId: 31337,
      record: platform.record,
      confirmations: overrides.confirmations ?? 1,
      blockRange: overrides.blockRange ?? 7,
    });

  const freshDb = async (): Promise<{ db: Db; url: string }> => {
    const url = await freshDatabase();
    const db = createDb(url, 4);
    pools.set(db, new pg.Pool({ connectionString: url, max: 2 }));
    return { db, url };
  };

  const followedLogs = async (db: Db): Promise<number> => {
    const contracts = await db.chainContract.findMany();
    const logs = await client.getLogs({
      address: contracts.map((c) => c.address as `0x${string}`),
      fromBlock: 0n,
      toBlock: "latest",
    });
    return logs.length;
  };

  before(async () => {
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = actors(3);
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    chain = new Chain(anvil, client, platform);
    scenario = await runScenario(chain, people);
    holders = [...people.investors.map((i) => i.address), people.manager.address];
    // A second property sold on a named partition (a 12-month lock-up class), then moved by partition.
    const [alice, bob] = people.investors as [(typeof people.investors)[0], (typeof people.investors)[0]];
    lockup = await chain.launch(people.manager, "Canal 7", 10n, undefined, LOCKUP);
    await chain.advance(10);
    await chain.mintAndApprove(alice, 10n * USD, lockup.offering);
    await chain.send(alice, lockup.offering, propertyOfferingAbi as Abi, "subscribe", [10n]);
    await chain.send(people.manager, lockup.offering, propertyOfferingAbi as Abi, "finalize", []);
    await chain.send(alice, lockup.offering, propertyOfferingAbi as Abi, "claim", []);
    await chain.send(alice, lockup.token, propertyTokenAbi as Abi, "transferByPartition", [
      LOCKUP,
      bob.address,
      3n,
      "0x",
    ]);
    // Controller operations (court order, lost wallet) and a redemption.
    await chain.send(people.manager, scenario.token, propertyTokenAbi as Abi, "controllerTransfer", [
      alice.address,
      bob.address,
      2n,
      "0x",
      "0x",
    ]);
    await chain.send(people.manager, lockup.token, propertyTokenAbi as Abi, "controllerRedeem", [
      bob.address,
      1n,
      "0x",
      "0x",
    ]);
    await chain.send(bob, scenario.token, propertyTokenAbi as Abi, "redeem", [1n, "0x"]);
  });

  after(async () => {
    await Promise.all([...pools.values()].map((p) => p.end()));
    await anvil?.stop();
  });

  it("stores the whole day exactly once, and the cap table equals the balances on chain", async () => {
    const { db } = await freshDb();
    try {
      await newSync(db).catchUp();
      await assertCapTableMatchesChain(db, client, scenario.token, holders);
      await assertCapTableMatchesChain(db, client, lockup.token, holders);
      assert.deepEqual(
        (await capTable(pools.get(db)!, 31337, lockup.token, { limit: 10 })).holders.map((h) => [
          h.holder,
          h.partition,
          h.balance,
        ]),
        [
          [getAddress(people.investors[0]!.address), LOCKUP, "7"],
          [getAddress(people.investors[1]!.address), LOCKUP, "2"],
        ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
        "units issued and moved on the named partition stay in it",
      );
      const count = await db.chainEvent.count();
      assert.equal(count, await followedLogs(db), "one row per log of every followed contract");
      const tokens = await db.chainContract.findMany({ where: { propertyId: scenario.propertyId } });
      assert.deepEqual(
        tokens.map((t) => t.kind).sort(),
        ["PropertyOffering", "PropertyToken"],
        "the launched pair was discovered",
      );

      const [alice, bob, carol] = people.investors as [
        (typeof people.investors)[0],
        (typeof people.investors)[0],
        (typeof people.investors)[0],
      ];
      const progress = await offeringProgress(db, 31337, scenario.offering);
      assert.deepEqual(
        { ...progress, token: progress?.token },
        {
          offering: getAddress(scenario.offering),
          token: getAddress(scenario.token),
          investors: 3,
          unitsSubscribed: "100",
          amountPaid: (100n * USD).toString(),
          unitsClaimed: "100",
          amountRefunded: "0",
          outcome: "finalized",
          // Finalize moved no money and nothing was released yet: the whole sale is still in escrow (issue 13).
          unitsRefunded: "0",
          released: { units: "0", amount: "0", fee: "0" },
          escrowHeld: (100n * USD).toString(),
          finalized: { unitsSold: "100", proceeds: (100n * USD).toString(), fee: "0" },
        },
      );
      const rent = await distributionHistory(db, 31337, scenario.token);
      assert.equal(rent.deposits.length, 1);
      // The deposit names the period statement it paid out (issue 16), stored with it and shown as documents are.
      assert.equal(rent.deposits[0]?.statementHash, SCENARIO_STATEMENT.slice(2));
      const stored = await db.chainEvent.findMany({ where: { name: "RentDeposited" } });
      assert.deepEqual(
        stored.map((e) => e.statementHash),
        [SCENARIO_STATEMENT],
      );
      assert.equal(
        await db.chainEvent.count({ where: { statementHash: { not: null }, name: { not: "RentDeposited" } } }),
        0,
        "only deposits carry a statement hash",
      );
      assert.equal(rent.totalDeposited, (1_000n * USD).toString());
      const bobsShare = (1_000n * USD * 40n) / 100n; // 35 subscribed + 5 received before the deposit
      assert.equal(rent.totalClaimed, bobsShare.toString());

      const mine = await portfolio(pools.get(db)!, 31337, carol.address);
      assert.deepEqual(mine.holdings, [{ token: getAddress(scenario.token), partition: zeroHash, balance: "29" }]);
      assert.equal(mine.subscriptions[0]?.units, "25");
      assert.equal(mine.subscriptions[0]?.claimedUnits, "25");
      assert.deepEqual((await portfolio(pools.get(db)!, 31337, bob.address)).rent, [
        {
          token: getAddress(scenario.token),
          claimed: bobsShare.toString(),
          claimable: "0",
          capitalClaimed: "0",
          capitalClaimable: "0",
        },
      ]);
      for (const investor of people.investors) {
        const claimable = await client.readContract({
          address: platform.address("RentDistributor"),
          abi: rentDistributorAbi,
          functionName: "claimableOf",
          args: [scenario.token, investor.address],
        });
        const rent = (await portfolio(pools.get(db)!, 31337, investor.address)).rent.find(
          (r) => r.token === getAddress(scenario.token),
        );
        assert.equal(BigInt(rent?.claimable ?? "0"), claimable, "claimable rent equals the distributor's");
      }
      assert.equal(
        (await portfolio(pools.get(db)!, 31337, alice.address)).rent[0]?.claimable,
        ((1_000n * USD * 35n) / 100n).toString(),
        "alice held 35 at the deposit",
      );
      assert.equal(
        (await portfolio(pools.get(db)!, 31337, alice.address)).holdings.find(
          (h) => h.token === getAddress(scenario.token),
        )?.balance,
        "29",
        "31 after the trade, 2 moved by the controller",
      );

      const feed = await activityFeed(db, 31337, scenario.token, { limit: 500 });
      const order = feed.map((e) => e.blockNumber * 10_000 + e.logIndex);
      assert.deepEqual(
        order,
        [...order].sort((x, y) => y - x),
        "newest first",
      );
      assert.equal(feed[0]?.name, "Redeemed", "the last thing that happened: bob's redemption");
      assert.ok(
        feed.some((e) => e.name === "ControllerTransfer"),
        "controller operations are in the feed",
      );
      assert.ok(
        feed.some((e) => e.name === "OrderFilled" && e.contract === "Settlement"),
        "fills are attributed to the token via their order",
      );
      assert.ok(
        feed.some((e) => e.name === "Subscribed") &&
          feed.some((e) => e.name === "RentDeposited") &&
          feed.some((e) => e.name === "PropertyLaunched"),
      );

      assert.equal((await newSync(db).tick()).kind, "idle", "nothing new");
      assert.equal(await db.chainEvent.count(), count);
    } finally {
      await db.$disconnect();
    }
  });

  it("reads only blocks with enough confirmations", async () => {
    const { db } = await freshDb();
    try {
      const sync = newSync(db, { confirmations: 3, blockRange: 1_000 });
      await sync.catchUp();
      const head = Number(await client.getBlockNumber());
      assert.equal((await db.chainCursor.findUniqueOrThrow({ where: { chainId: 31337 } })).blockNumber, head - 2);
      await chain.send(people.investors[1]!, scenario.token, propertyTokenAbi as Abi, "transfer", [
        people.investors[2]!.address,
        1n,
      ]);
      await sync.catchUp();
      const last = await db.chainEvent.findFirst({ orderBy: { blockNumber: "desc" } });
      assert.ok(last!.blockNumber <= head - 1, "the new transfer is not stored yet");
      await anvil.rpc("evm_mine", []);
      await anvil.rpc("evm_mine", []);
      await sync.catchUp();
      await assertCapTableMatchesChain(db, client, scenario.token, holders);
    } finally {
      await db.$disconnect();
    }
  });

  it("loses and duplicates nothing when the process is killed in the middle of a range", async () => {
    const { db, url } = await freshDb();
    try {
      const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", fileURLToPath(new URL("../testing/sync-process.ts", import.meta.url))],
          {
            env: {
              ...process.env,
              DATABASE_URL: url,
              CHAIN_RPC_URL: anvil.url,
              RECORD_DIR: platform.recordDir,
              KILL_AFTER_EVENTS: "20",
              BLOCK_RANGE: "5",
            },
            stdio: ["ignore", "ignore", "pipe"],
          },
        );
        child.once("error", reject);
        child.once("exit", (_c, s) => resolve(s));
      });
      assert.equal(signal, "SIGKILL");
      const partial = await db.chainEvent.count();
      const cursor = await db.chainCursor.findUniqueOrThrow({ where: { chainId: 31337 } });
      assert.ok(partial > 0 && partial <= 20, `only committed ranges are stored (${partial})`);
      const beyond = await db.chainEvent.count({ where: { blockNumber: { gt: cursor.blockNumber } } });
      assert.equal(beyond, 0, "nothing past the cursor");
      assert.equal(
        await db.chainOffering.count(),
        await db.chainContract.count({ where: { kind: "PropertyOffering" } }),
        "an offering is stored with its discovery or not at all",
      );

      await newSync(db, { blockRange: 5 }).catchUp();
      assert.equal(await db.chainEvent.count(), await followedLogs(db));
      await assertCapTableMatchesChain(db, client, scenario.token, holders);
      const offerings = await db.chainOffering.findMany({ orderBy: { discoveredBlock: "asc" } });
      assert.deepEqual(
        offerings.map((o) => o.address),
        [getAddress(scenario.offering), getAddress(lockup.offering)],
      );
      for (const o of offerings) {
        const sold = await client.readContract({
          address: o.address as `0x${string}`,
          abi: propertyOfferingAbi,
          functionName: "unitsSold",
        });
        assert.equal(
          o.unitsSold.toFixed(0),
          sold.toString(),
          "units sold equal the contract's after the crash and the resume",
        );
        assert.equal(o.outcome, "finalized");
      }
    } finally {
      await db.$disconnect();
    }
  });

  it("rolls back a reorganisation and ends matching the new chain", async () => {
    const { db } = await freshDb();
    try {
      const sync = newSync(db, { blockRange: 1_000 });
      await sync.catchUp();
      const [alice, bob, carol] = people.investors as [
        (typeof people.investors)[0],
        (typeof people.investors)[0],
        (typeof people.investors)[0],
      ];
      const snapshot = await anvil.rpc<string>("evm_snapshot", []);
      const orphaned = [
        await chain.send(alice, scenario.token, propertyTokenAbi as Abi, "transfer", [bob.address, 3n]),
        await chain.send(bob, scenario.token, propertyTokenAbi as Abi, "transfer", [alice.address, 1n]),
      ];
      await sync.catchUp();
      assert.equal(await db.chainEvent.count({ where: { txHash: { in: orphaned } } }), 2);

      assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
      await anvil.rpc("evm_increaseTime", [7]);
      await chain.send(alice, scenario.token, propertyTokenAbi as Abi, "transfer", [carol.address, 6n]);
      await anvil.rpc("evm_mine", []);
      await anvil.rpc("evm_mine", []);

      const outcome = await sync.tick();
      assert.equal(outcome.kind, "reorg");
      await sync.catchUp();
      assert.equal(
        await db.chainEvent.count({ where: { txHash: { in: orphaned } } }),
        0,
        "the orphaned branch is gone",
      );
      assert.equal(await db.chainEvent.count(), await followedLogs(db));
      await assertCapTableMatchesChain(db, client, scenario.token, holders);
      const cursor = await db.chainCursor.findUniqueOrThrow({ where: { chainId: 31337 } });
      assert.equal(cursor.blockHash, (await client.getBlock({ blockNumber: BigInt(cursor.blockNumber) })).hash);
    } finally {
      await db.$disconnect();
    }
  });
  it("keeps the cap table equal to the chain's balances through random transfers and a reorganisation", async () => {
    const { db } = await freshDb();
    try {
      const sync = newSync(db, { blockRange: 1_000 });
      await sync.catchUp();
      const wallets = people.investors;
      const transfer = fc.record({
        from: fc.nat(wallets.length - 1),
        to: fc.nat(wallets.length - 1),
        units: fc.integer({ min: 1, max: 3 }),
      });
      /** Sends the transfers the sender can afford on the default partition (the others would revert). */
      const send = async (moves: readonly { from: number; to: number; units: number }[]): Promise<void> => {
        for (const m of moves) {
          const from = wallets[m.from]!;
          const held = (await client.readContract({
            address: scenario.token,
            abi: propertyTokenAbi,
            functionName: "balanceOfByPartition",
            args: [zeroHash, from.address],
          })) as bigint;
          if (m.from === m.to || held < BigInt(m.units)) continue;
          await chain.send(from, scenario.token, propertyTokenAbi as Abi, "transfer", [
            wallets[m.to]!.address,
            BigInt(m.units),
          ]);
        }
      };
      await fc.assert(
        fc.asyncProperty(
          fc.array(transfer, { maxLength: 3 }),
          fc.array(transfer, { minLength: 1, maxLength: 4 }),
          fc.array(transfer, { maxLength: 3 }),
          async (kept, orphaned, replacement) => {
            await send(kept);
            const snapshot = await anvil.rpc<string>("evm_snapshot", []);
            await send(orphaned);
            await anvil.rpc("evm_mine", []);
            await sync.catchUp();
            await assertCapTableMatchesChain(db, client, scenario.token, holders);
            assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
            await anvil.rpc("evm_increaseTime", [5]);
            await send(replacement);
            for (let i = 0; i < 3; i++) await anvil.rpc("evm_mine", []);
            await sync.catchUp();
            await assertCapTableMatchesChain(db, client, scenario.token, holders);
          },
        ),
        { numRuns: 5 },
      );
      assert.equal(await db.chainEvent.count(), await followedLogs(db), "no orphaned event left");
      const kept = await wholeCapTable(db, scenario.token, 100);
      const sql = await pools.get(db)!.connect();
      try {
        await rebuildBalances(sql, 31337);
      } finally {
        sql.release();
      }
      assert.deepEqual(
        await wholeCapTable(db, scenario.token, 100),
        kept,
        "kept balances equal a rebuild from the events",
      );
    } finally {
      await db.$disconnect();
    }
  });
});
