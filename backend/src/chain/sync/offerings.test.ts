/**
 * The offering read model (chain_offerings) against real PostgreSQL and a real node (anvil), on offerings
 * launched through the deployed factory: terms equal to the contract's, progress that follows subscriptions,
 * finalization and cancellation, a reorganisation rolled back, offerings discovered before the table existed,
 * and the unhappy paths (unreadable terms, a node failing mid-range, ids that are not ours, bad rows).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { propertyOfferingAbi, propertyTokenFactoryAbi } from "@freehold/deployments/abi";
import { createPublicClient, custom, getAddress, keccak256, toHex, zeroHash, type Abi, type PublicClient } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { freshDatabase } from "../../../test/support/harness.ts";
import { createDb, type Db } from "../../db/client.ts";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import { createChainClient } from "../index.ts";
import { startAnvil, type Anvil } from "../testing/anvil.ts";
import { deployTestPlatform, type DeployedPlatform } from "../testing/platform.ts";
import { actors, Chain, USD, type Actors } from "../testing/scenario.ts";
import { ChainSync } from "./chain-sync.ts";
import { offeringProgress, offeringTerms } from "./read-models.ts";
import { readOfferingTerms, readPaymentCoin } from "./offerings.ts";

interface Launched {
  token: `0x${string}`;
  offering: `0x${string}`;
  block: number;
  symbol: string;
}

interface Row {
  address: string;
  propertyId: string | null;
  token: string;
  tokenSymbol: string;
  partition: string | null;
  paymentToken: string | null;
  pricePerUnit: string | null;
  softCap: string | null;
  hardCap: string | null;
  minTicket: string | null;
  maxTicket: string | null;
  startTime: Date | null;
  endTime: Date | null;
  unitsSold: string;
  investors: number;
  outcome: string;
  discoveredBlock: number;
}

describe("offering read model", () => {
  let anvil: Anvil;
  let client: PublicClient;
  let platform: DeployedPlatform;
  let chain: Chain;
  let people: Actors;
  let alice: PrivateKeyAccount, bob: PrivateKeyAccount, carol: PrivateKeyAccount;
  /** Ours (a registry UUID), distinctive terms, on a named partition: sold and finalized. */
  let ours: Launched;
  const oursId = randomUUID();
  const CLASS_A = toHex("CLASS-A", { size: 32 });
  /** Not ours (an arbitrary bytes32 id): subscribed, then cancelled. */
  let foreign: Launched;
  /** Stays open: subscribed to in the reorganised branch. */
  let open: Launched;
  const openId = randomUUID();

  const pools = new Map<Db, pg.Pool>();
  const newSync = (db: Db, options: { blockRange?: number; client?: PublicClient } = {}): ChainSync =>
    new ChainSync({
      db,
      pool: pools.get(db)!,
      client: options.client ?? client,
      chainId: 31337,
      record: platform.record,
      confirmations: 1,
      blockRange: options.blockRange ?? 1_000,
    });
  const freshDb = async (): Promise<Db> => {
    const url = await freshDatabase();
    const db = createDb(url, 2);
    pools.set(db, new pg.Pool({ connectionString: url, max: 2 }));
    return db;
  };
  const rows = async (db: Db): Promise<Row[]> =>
    (
      await pools.get(db)!.query<Row>(
        `SELECT address, "propertyId", token, "tokenSymbol", partition, "paymentToken", "pricePerUnit"::text, "softCap"::text, "hardCap"::text,
                "minTicket"::text, "maxTicket"::text, "startTime", "endTime", "unitsSold"::text, investors, outcome, "discoveredBlock"
         FROM chain_offerings WHERE "chainId" = 31337 ORDER BY "discoveredBlock", address`,
      )
    ).rows;
  const row = async (db: Db, offering: string): Promise<Row | undefined> =>
    (await rows(db)).find((r) => r.address === getAddress(offering));
  /** What the contract itself says: units sold, and its terms. */
  const onChainUnitsSold = async (offering: `0x${string}`): Promise<bigint> =>
    client.readContract({ address: offering, abi: propertyOfferingAbi, functionName: "unitsSold" });

  async function launch(
    name: string,
    propertyId: `0x${string}`,
    terms: { price: bigint; softCap: bigint; hardCap: bigint; minTicket: bigint; maxTicket: bigint; duration: bigint },
    partition: `0x${string}` = zeroHash,
  ): Promise<Launched> {
    const now = await chain.now();
    const symbol = name.replaceAll(" ", "").slice(0, 5).toUpperCase();
    const params = {
      propertyId,
      name,
      symbol,
      partition,
      paymentToken: platform.address("TestStablecoin"),
      pricePerUnit: terms.price,
      softCap: terms.softCap,
      hardCap: terms.hardCap,
      minTicket: terms.minTicket,
      maxTicket: terms.maxTicket,
      startTime: now + 5n,
      endTime: now + terms.duration,
      treasury: people.manager.address,
    };
    const factory = platform.address("PropertyTokenFactory");
    const { result } = await client.simulateContract({
      account: people.manager,
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "launch",
      args: [params],
    });
    const hash = await chain.send(people.manager, factory, propertyTokenFactoryAbi as Abi, "launch", [params]);
    const receipt = await client.getTransactionReceipt({ hash });
    return { token: result[0], offering: result[1], block: Number(receipt.blockNumber), symbol };
  }

  async function subscribe(
    investor: PrivateKeyAccount,
    offering: Launched,
    units: bigint,
    price: bigint,
  ): Promise<void> {
    await chain.mintAndApprove(investor, units * price, offering.offering);
    await chain.send(investor, offering.offering, propertyOfferingAbi as Abi, "subscribe", [units]);
  }

  before(async () => {
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
    people = actors(3);
    [alice, bob, carol] = people.investors as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount];
    platform = await deployTestPlatform(anvil.url, {
      complianceAgent: people.agent.address,
      propertyManagers: [people.manager.address],
    });
    chain = new Chain(anvil, client, platform);
    for (const i of people.investors) await chain.fund(i);
    await chain.register(
      people.agent,
      people.investors.map((i) => i.address),
    );
    ours = await launch(
      "Quai Voltaire 3",
      propertyIdToBytes32(oursId),
      { price: 1_250_000n, softCap: 20n, hardCap: 80n, minTicket: 2n, maxTicket: 50n, duration: 3_600n },
      CLASS_A,
    );
    foreign = await launch("Elsewhere 9", keccak256(toHex("not a registry id")), {
      price: 3n * USD,
      softCap: 5n,
      hardCap: 40n,
      minTicket: 1n,
      maxTicket: 40n,
      duration: 3_600n,
    });
    open = await launch("Still Open 1", propertyIdToBytes32(openId), {
      price: USD,
      softCap: 10n,
      hardCap: 1_000n,
      minTicket: 1n,
      maxTicket: 1_000n,
      duration: 30n * 86_400n,
    });
    await chain.advance(10);
  });

  after(async () => {
    await Promise.all([...pools.values()].map((p) => p.end()));
    await anvil?.stop();
  });

  it("stores each offering's terms exactly as terms() returns them, with our property id or null", async () => {
    const db = await freshDb();
    try {
      await newSync(db).catchUp();
      const stored = await rows(db);
      assert.equal(stored.length, 3, "one row per launched offering");
      for (const launched of [ours, foreign, open]) {
        const t = await client.readContract({
          address: launched.offering,
          abi: propertyOfferingAbi,
          functionName: "terms",
        });
        assert.deepEqual(await row(db, launched.offering), {
          address: getAddress(launched.offering),
          propertyId: launched === ours ? oursId : launched === open ? openId : null,
          token: getAddress(launched.token),
          tokenSymbol: launched.symbol,
          partition: t.partition,
          paymentToken: getAddress(t.paymentToken),
          pricePerUnit: t.pricePerUnit.toString(),
          softCap: t.softCap.toString(),
          hardCap: t.hardCap.toString(),
          minTicket: t.minTicket.toString(),
          maxTicket: t.maxTicket.toString(),
          startTime: new Date(t.startTime * 1000),
          endTime: new Date(t.endTime * 1000),
          unitsSold: "0",
          investors: 0,
          outcome: "open",
          discoveredBlock: launched.block,
        });
        assert.equal(getAddress(t.token), getAddress(launched.token));
      }
      const mine = (await row(db, ours.offering))!;
      // Stored with the coin; a row stored before the coin was read gains it at the next start (the backfill).
      const coinOf = async () =>
        db.chainOffering.findUniqueOrThrow({
          where: { chainId_address: { chainId: 31337, address: getAddress(ours.offering) } },
          select: { paymentSymbol: true, paymentDecimals: true },
        });
      const storedCoin = await coinOf();
      assert.equal(typeof storedCoin.paymentSymbol, "string");
      assert.equal(typeof storedCoin.paymentDecimals, "number");
      await db.chainOffering.updateMany({ data: { paymentSymbol: null, paymentDecimals: null } });
      await newSync(db).catchUp();
      assert.deepEqual(await coinOf(), storedCoin, "filled again by the backfill at the sync's next start");
      assert.deepEqual(
        [mine.partition, mine.pricePerUnit, mine.softCap, mine.hardCap, mine.minTicket, mine.maxTicket],
        [CLASS_A, "1250000", "20", "80", "2", "50"],
        "the launch parameters, as launched",
      );
      assert.equal(
        (await row(db, foreign.offering))!.propertyId,
        null,
        "a bytes32 id that is not a registry UUID is not linked",
      );
      assert.deepEqual(await offeringTerms(db, 31337, ours.offering), {
        pricePerUnit: "1250000",
        softCap: "20",
        hardCap: "80",
        minTicket: "2",
        maxTicket: "50",
        startTime: mine.startTime,
        endTime: mine.endTime,
        paymentToken: getAddress(platform.address("TestStablecoin")),
        tokenSymbol: ours.symbol,
        // the deploy's primary fee (0 bps) to its collector (the admin), fixed in the terms at launch (issue 20)
        feeBps: 0,
        feeRecipient: getAddress(people.admin.address),
      });
      assert.equal(
        await offeringTerms(db, 31337, platform.address("TestStablecoin")),
        null,
        "not an offering: no terms",
      );
    } finally {
      await db.$disconnect();
    }
  });

  it("finds a property's offerings with an index lookup on (propertyId, chainId)", async () => {
    const db = await freshDb();
    try {
      await newSync(db).catchUp();
      const sql = await pools.get(db)!.connect();
      try {
        await sql.query("BEGIN");
        await sql.query("SET LOCAL enable_seqscan = off");
        const plan = await sql.query<{ "QUERY PLAN": string }>(
          `EXPLAIN SELECT address, "pricePerUnit" FROM chain_offerings WHERE "chainId" = $1 AND "propertyId" = $2`,
          [31337, oursId],
        );
        const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
        assert.match(
          text,
          /Index Scan using "chain_offerings_propertyId_chainId_idx"|Bitmap Index Scan on "chain_offerings_propertyId_chainId_idx"/,
          text,
        );
        assert.doesNotMatch(text, /Filter:/, "both conditions are index conditions");
        await sql.query("ROLLBACK");
      } finally {
        sql.release();
      }
      const found = await pools
        .get(db)!
        .query(`SELECT address FROM chain_offerings WHERE "chainId" = $1 AND "propertyId" = $2`, [31337, oursId]);
      assert.deepEqual(found.rows, [{ address: getAddress(ours.offering) }]);
    } finally {
      await db.$disconnect();
    }
  });

  it("follows subscriptions, finalization and cancellation, range by range", async () => {
    const db = await freshDb();
    try {
      const sync = newSync(db, { blockRange: 3 });
      await sync.catchUp();
      await subscribe(alice, ours, 10n, 1_250_000n);
      await subscribe(bob, ours, 5n, 1_250_000n);
      await subscribe(alice, ours, 8n, 1_250_000n);
      await subscribe(carol, foreign, 4n, 3n * USD);
      await sync.catchUp();
      assert.deepEqual(
        (await rows(db)).map((r) => [r.address, r.unitsSold, r.investors, r.outcome]),
        [
          [getAddress(ours.offering), "23", 2, "open"],
          [getAddress(foreign.offering), "4", 1, "open"],
          [getAddress(open.offering), "0", 0, "open"],
        ],
        "alice twice and bob; carol",
      );
      assert.equal(
        BigInt((await row(db, ours.offering))!.unitsSold),
        await onChainUnitsSold(ours.offering),
        "equal to the contract's unitsSold()",
      );

      await chain.send(people.manager, foreign.offering, propertyOfferingAbi as Abi, "cancel", []);
      await chain.send(carol, foreign.offering, propertyOfferingAbi as Abi, "refund", []);
      await chain.advance(3_600); // past the end: soft cap (20) reached with 23
      await chain.send(people.manager, ours.offering, propertyOfferingAbi as Abi, "finalize", []);
      await chain.send(alice, ours.offering, propertyOfferingAbi as Abi, "claim", []);
      await sync.catchUp();
      assert.deepEqual(
        (await rows(db)).map((r) => [r.address, r.unitsSold, r.investors, r.outcome]),
        [
          [getAddress(ours.offering), "23", 2, "finalized"],
          [getAddress(foreign.offering), "4", 1, "cancelled"],
          [getAddress(open.offering), "0", 0, "open"],
        ],
        "a refund or a claim changes neither units sold nor investors",
      );
      // The read model agrees with the event aggregation the API already serves.
      for (const o of [ours, foreign]) {
        const progress = (await offeringProgress(db, 31337, o.offering))!;
        const r = (await row(db, o.offering))!;
        assert.deepEqual(
          [r.unitsSold, r.investors, r.outcome],
          [progress.unitsSubscribed, progress.investors, progress.outcome],
        );
      }

      // A database synced in one range ends equal to the one synced in ranges of 3 blocks.
      const once = await freshDb();
      try {
        await newSync(once, { blockRange: 10_000 }).catchUp();
        assert.deepEqual(await rows(once), await rows(db));
      } finally {
        await once.$disconnect();
      }
    } finally {
      await db.$disconnect();
    }
  });

  it("gives offerings discovered before the read model existed their row", async () => {
    const db = await freshDb();
    try {
      await newSync(db).catchUp();
      const before = await rows(db);
      assert.ok(
        before.some((r) => r.unitsSold !== "0"),
        "progress to restore",
      );
      await pools.get(db)!.query("DELETE FROM chain_offerings"); // a database synced before chain_offerings existed
      const outcome = await newSync(db).tick();
      assert.equal(outcome.kind, "idle");
      assert.deepEqual(await rows(db), before);
    } finally {
      await db.$disconnect();
    }
  });

  it("stores an offering whose terms() cannot be read without terms, and goes on", async () => {
    const db = await freshDb();
    const factory = platform.address("PropertyTokenFactory");
    const admin = actors(0).admin;
    const tokenImpl = await client.readContract({
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "tokenImplementation",
    });
    const offeringImpl = await client.readContract({
      address: factory,
      abi: propertyTokenFactoryAbi,
      functionName: "offeringImplementation",
    });
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    try {
      // An admin points new launches at a contract that has no terms(): the clone reverts on it.
      await chain.send(admin, factory, propertyTokenFactoryAbi as Abi, "setImplementations", [
        tokenImpl,
        platform.address("TestStablecoin"),
      ]);
      const broken = await launch("Broken 1", propertyIdToBytes32(randomUUID()), {
        price: USD,
        softCap: 1n,
        hardCap: 10n,
        minTicket: 1n,
        maxTicket: 10n,
        duration: 3_600n,
      });
      await chain.send(admin, factory, propertyTokenFactoryAbi as Abi, "setImplementations", [tokenImpl, offeringImpl]);
      const after = await launch("After 1", propertyIdToBytes32(randomUUID()), {
        price: 7n,
        softCap: 1n,
        hardCap: 10n,
        minTicket: 1n,
        maxTicket: 10n,
        duration: 3_600n,
      });
      assert.equal(await readOfferingTerms(client, broken.offering, (await client.getBlock()).hash), null);

      await newSync(db).catchUp();
      const stored = (await row(db, broken.offering))!;
      assert.deepEqual(
        [
          stored.token,
          stored.tokenSymbol,
          stored.partition,
          stored.pricePerUnit,
          stored.startTime,
          stored.unitsSold,
          stored.outcome,
        ],
        [getAddress(broken.token), broken.symbol, null, null, null, "0", "open"],
      );
      assert.equal(await offeringTerms(db, 31337, broken.offering), null);
      assert.equal((await row(db, after.offering))?.pricePerUnit, "7", "the next launch is synced normally");
    } finally {
      assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
      await db.$disconnect();
    }
  });

  it("stores the furthest end time a launch accepts (uint40 max, beyond year 9999)", async () => {
    const db = await freshDb();
    const snapshot = await anvil.rpc<string>("evm_snapshot", []);
    try {
      const MAX = 2n ** 40n - 1n;
      const far = await launch("Far 1", propertyIdToBytes32(randomUUID()), {
        price: USD,
        softCap: 1n,
        hardCap: 10n,
        minTicket: 1n,
        maxTicket: 10n,
        duration: MAX - (await chain.now()),
      });
      await newSync(db).catchUp();
      const {
        rows: [stored],
      } = await pools
        .get(db)!
        .query<{ end: string; iso: string }>(
          `SELECT EXTRACT(EPOCH FROM "endTime")::bigint::text AS "end", to_char("endTime", 'YYYY-MM-DD') AS iso FROM chain_offerings WHERE address = $1`,
          [getAddress(far.offering)],
        );
      assert.deepEqual(
        stored,
        { end: MAX.toString(), iso: "36812-02-20" },
        "stored exactly (PostgreSQL timestamps reach year 294276)",
      );
      const terms = (await offeringTerms(db, 31337, far.offering))!;
      assert.equal(terms.endTime.getTime(), Number(MAX) * 1000, "read back exactly");
      assert.equal(terms.endTime.toISOString(), "+036812-02-20T00:36:15.000Z");
    } finally {
      assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
      await db.$disconnect();
    }
  });

  it("reads terms at the discovery block and refuses what is not an answer from the contract", async () => {
    const head = await client.getBlock();
    const t = await readOfferingTerms(client, ours.offering, head.hash);
    assert.equal(t?.pricePerUnit, 1_250_000n);
    // The payment coin's symbol() and decimals(), as the chain answers them (no assumed 6).
    const coin = platform.address("TestStablecoin");
    const erc20 = [
      { type: "function", name: "symbol", stateMutability: "view", inputs: [], outputs: [{ type: "string" }] },
      { type: "function", name: "decimals", stateMutability: "view", inputs: [], outputs: [{ type: "uint8" }] },
    ] as const;
    assert.deepEqual(
      [t?.paymentSymbol, t?.paymentDecimals],
      [
        await client.readContract({ address: coin, abi: erc20, functionName: "symbol" }),
        await client.readContract({ address: coin, abi: erc20, functionName: "decimals" }),
      ],
    );
    assert.deepEqual(
      await readPaymentCoin(client, getAddress(alice.address), head.hash),
      { paymentSymbol: null, paymentDecimals: null },
      "a coin that does not answer (no code): unknown, never guessed",
    );
    assert.equal(
      await readOfferingTerms(client, platform.address("TestStablecoin"), head.hash),
      null,
      "a contract without terms()",
    );
    assert.equal(await readOfferingTerms(client, alice.address, head.hash), null, "no code at all");
    const before = await client.getBlock({ blockNumber: BigInt(ours.block - 1) });
    assert.equal(
      await readOfferingTerms(client, ours.offering, before.hash),
      null,
      "before its launch the offering has no code",
    );
    await assert.rejects(
      readOfferingTerms(client, ours.offering, `0x${"12".repeat(32)}`),
      "an unknown block is a node error, not missing terms",
    );
  });

  it("stores nothing of a range when the node fails while the terms are read", async () => {
    const db = await freshDb();
    try {
      let failCalls = true;
      const flaky = createPublicClient({
        transport: custom(
          {
            request: async ({ method, params }: { method: string; params?: unknown[] }) => {
              if (method === "eth_call" && failCalls) throw new Error("node unavailable");
              return anvil.rpc(method, params ?? []);
            },
          },
          { retryCount: 0 },
        ),
        cacheTime: 0,
      });
      const sync = newSync(db, { client: flaky as PublicClient });
      await assert.rejects(sync.catchUp(), /node unavailable/);
      assert.equal(
        await db.chainContract.count({ where: { kind: "PropertyOffering" } }),
        0,
        "no discovery without its terms",
      );
      assert.equal(await db.chainOffering.count(), 0);
      const cursor = await db.chainCursor.findUnique({ where: { chainId: 31337 } });
      assert.ok(!cursor || cursor.blockNumber < ours.block, "the cursor stopped before the launch");
      failCalls = false;
      await sync.catchUp();
      assert.equal((await rows(db)).length, 3);
      assert.equal((await row(db, ours.offering))?.pricePerUnit, "1250000");
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses rows the sync never writes", async () => {
    const db = await freshDb();
    try {
      await newSync(db).catchUp();
      const sql = pools.get(db)!;
      const address = getAddress(open.offering);
      await assert.rejects(
        sql.query(`UPDATE chain_offerings SET outcome = 'sold' WHERE address = $1`, [address]),
        /chain_offerings_outcome_check/,
      );
      await assert.rejects(
        sql.query(`UPDATE chain_offerings SET investors = -1 WHERE address = $1`, [address]),
        /chain_offerings_progress_check/,
      );
      await assert.rejects(
        sql.query(`UPDATE chain_offerings SET "pricePerUnit" = NULL WHERE address = $1`, [address]),
        /chain_offerings_terms_check/,
      );
      await assert.rejects(
        sql.query(
          `INSERT INTO chain_offerings ("chainId", address, token, "tokenSymbol", "discoveredBlock") VALUES (31337, '0x0000000000000000000000000000000000000001', 'x', 'X', 1)`,
        ),
        /chain_offerings_chainId_address_fkey/,
        "no row without its followed contract",
      );
      assert.equal((await row(db, open.offering))?.outcome, "open");
    } finally {
      await db.$disconnect();
    }
  });

  it("rolls back offerings discovered past the fork and recomputes the others", async () => {
    const db = await freshDb();
    try {
      const sync = newSync(db);
      await sync.catchUp();
      const kept = await rows(db);
      const snapshot = await anvil.rpc<string>("evm_snapshot", []);
      const orphan = await launch("Orphan 1", propertyIdToBytes32(randomUUID()), {
        price: USD,
        softCap: 1n,
        hardCap: 10n,
        minTicket: 1n,
        maxTicket: 10n,
        duration: 3_600n,
      });
      await chain.advance(10);
      await subscribe(alice, orphan, 3n, USD);
      await subscribe(alice, open, 30n, USD);
      await subscribe(bob, open, 20n, USD);
      await sync.catchUp();
      assert.deepEqual(
        [
          (await row(db, orphan.offering))?.unitsSold,
          (await row(db, open.offering))?.unitsSold,
          (await row(db, open.offering))?.investors,
        ],
        ["3", "50", 2],
      );

      assert.equal(await anvil.rpc<boolean>("evm_revert", [snapshot]), true);
      await anvil.rpc("evm_increaseTime", [7]);
      await subscribe(carol, open, 6n, USD);
      await anvil.rpc("evm_mine", []);
      await anvil.rpc("evm_mine", []);
      await anvil.rpc("evm_mine", []);

      assert.equal((await sync.tick()).kind, "reorg");
      assert.equal(await row(db, orphan.offering), undefined, "the offering launched in the orphaned branch is gone");
      assert.equal(await db.chainContract.count({ where: { address: getAddress(orphan.offering) } }), 0);
      assert.deepEqual(await rows(db), kept, "the others are back to what the fork block had");
      await sync.catchUp();
      const now = (await row(db, open.offering))!;
      assert.deepEqual([now.unitsSold, now.investors, now.outcome], ["6", 1, "open"], "only carol, in the new branch");
      assert.equal(BigInt(now.unitsSold), await onChainUnitsSold(open.offering));
    } finally {
      await db.$disconnect();
    }
  });
});
