/**
 * `npm run bench:sync`: how many events per second the chain sync stores when it catches up. Generates >= 200,000
 * events of the real contracts on a local node (anvil): a full platform day (launch, subscriptions, finalize,
 * claims, transfer, rent, settlement), then identity registrations and token issues to the registered wallets
 * (`events.ts`); then syncs them from an empty real PostgreSQL (embedded) and writes bench/results/sync.json:
 * `eventsPerSecond`, `events`, `peakRssMb` (the highest resident memory of this process while it syncs, sampled
 * every 100 ms) and the machine's load average before and after. Target: >= 10,000 events/s (never asserted: the
 * machine is shared, the figure is noisy).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "../../db/client.ts";
import { startEmbeddedPostgres } from "../../db/embedded.ts";
import { migrate } from "../../db/migrate.ts";
import { createChainClient } from "../index.ts";
import { ChainSync } from "../sync/chain-sync.ts";
import { startAnvil } from "../testing/anvil.ts";
import { deployTestPlatform } from "../testing/platform.ts";
import { actors, Chain, runScenario } from "../testing/scenario.ts";
import { generateEvents } from "./events.ts";

const TARGET_EVENTS = Number(process.env["BENCH_SYNC_EVENTS"] ?? 200_000);
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "bench", "results", "sync.json");
const load = (): number[] => loadavg().map((l) => Number(l.toFixed(2)));
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

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
  console.log(`generating >= ${TARGET_EVENTS} events on the local node ...`);
  const generating = performance.now();
  const day = await runScenario(chain, people);
  await generateEvents(chain, people, day.token, TARGET_EVENTS);
  const head = Number(await client.getBlockNumber());
  console.log(`generated in ${((performance.now() - generating) / 1000).toFixed(1)} s`);

  const db = createDb(url, 4);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => undefined); // idle connections closed when the database stops
  const sync = new ChainSync({
    db,
    pool,
    client,
    chainId: 31337,
    record: platform.record,
    confirmations: 1,
    blockRange: 2_000,
  });
  const loadBefore = load();
  console.log(`syncing ${head} blocks (load ${loadBefore.join(" ")}) ...`);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  await sync.catchUp();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const loadAfter = load();
  const events = await db.chainEvent.count();
  await db.$disconnect();
  await pool.end();
  if (events < TARGET_EVENTS) throw new Error(`only ${events} events were generated`);

  const result = {
    eventsPerSecond: Math.round(events / seconds),
    events,
    blocks: head,
    seconds: Number(seconds.toFixed(3)),
    peakRssMb: mb(peakRss),
    target: 10_000,
    loadAverage: { before: loadBefore, after: loadAfter, cores: (await import("node:os")).cpus().length },
    setup:
      "anvil 1.7.1 (automine) and embedded PostgreSQL 17 on this machine (shared with other engineers' runs); sync from an empty database, adaptive block ranges, 1 confirmation",
    mix: "a full platform day (launch, subscriptions, finalize, claims, transfer, rent deposit and claim, settlement order and fill), then rounds of 100 IdentityRegistered (batchRegisterIdentity) and 100 issues of the launched token to those wallets (IssuedByPartition + Transfer each)",
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + "\n");
  console.log(
    `${events} events in ${result.seconds} s: ${result.eventsPerSecond} events/s (target >= 10,000), peak RSS ${result.peakRssMb} MB, load ${loadBefore.join(" ")} -> ${loadAfter.join(" ")} -> ${RESULTS}`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await anvil.stop();
  await database.stop();
}
