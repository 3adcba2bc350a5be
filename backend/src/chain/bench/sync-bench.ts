/**
 * `npm run bench:sync`: how many events per second the chain sync stores. Generates >= 10,000 events on a local
 * node (anvil) with the real platform (identity registrations in batches of 200, plus a full day of token,
 * offering, rent and settlement activity), then syncs them from scratch into a real PostgreSQL (embedded) and
 * writes bench/results/sync.json (`eventsPerSecond`). Target: >= 1,000.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { createDb } from "../../db/client.ts";
import { startEmbeddedPostgres } from "../../db/embedded.ts";
import { migrate } from "../../db/migrate.ts";
import { createChainClient } from "../index.ts";
import { ChainSync } from "../sync/chain-sync.ts";
import { startAnvil } from "../testing/anvil.ts";
import { deployTestPlatform } from "../testing/platform.ts";
import { actors, Chain, runScenario } from "../testing/scenario.ts";

const TARGET_EVENTS = 10_000;
const BATCH = 200;
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "bench", "results", "sync.json");

const anvil = await startAnvil();
const database = await startEmbeddedPostgres({ ephemeral: true });
try {
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE freehold_bench_sync");
  await admin.end();
  const url = database.urlFor("freehold_bench_sync");
  await migrate(url);

  const people = actors(3);
  const platform = await deployTestPlatform(anvil.url, {
    complianceAgent: people.agent.address,
    propertyManagers: [people.manager.address],
  });
  const client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
  const chain = new Chain(anvil, client, platform);
  console.log("generating events on the local node ...");
  await runScenario(chain, people);
  for (let registered = 0; registered < TARGET_EVENTS; registered += BATCH) {
    const wallets = Array.from({ length: BATCH }, () => privateKeyToAccount(generatePrivateKey()).address);
    await chain.register(people.agent, wallets);
  }
  const head = Number(await client.getBlockNumber());

  const db = createDb(url, 4);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const sync = new ChainSync({
    db,
    pool,
    client,
    chainId: 31337,
    record: platform.record,
    confirmations: 1,
    blockRange: 2_000,
  });
  console.log(`syncing ${head} blocks ...`);
  const started = performance.now();
  await sync.catchUp();
  const seconds = (performance.now() - started) / 1000;
  const events = await db.chainEvent.count();
  await db.$disconnect();
  await pool.end();
  if (events < TARGET_EVENTS) throw new Error(`only ${events} events were generated`);

  const result = {
    eventsPerSecond: Math.round(events / seconds),
    events,
    blocks: head,
    seconds: Number(seconds.toFixed(3)),
    target: 1_000,
    setup:
      "anvil 1.7.1 (automine) and embedded PostgreSQL 17 on this machine; sync from an empty database, block range 2,000, 1 confirmation",
    mix: "10,000 IdentityRegistered (batches of 200) + a full platform day: launch, subscriptions, finalize, claims, transfers, rent deposit and claim, settlement order and fill",
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + "\n");
  console.log(
    `${events} events in ${result.seconds} s: ${result.eventsPerSecond} events/s (target >= 1,000) -> ${RESULTS}`,
  );
  if (result.eventsPerSecond < result.target) process.exitCode = 1;
} finally {
  await anvil.stop();
  await database.stop();
}
