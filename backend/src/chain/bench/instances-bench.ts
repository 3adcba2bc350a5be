/**
 * `npm run bench:instances`: the backend scaled out. The real entry point (`src/main.ts`, production settings,
 * chain sync and compliance agent on) runs as two processes on the same database, behind a round-robin proxy
 * (http-proxy-3 through the dev-kit's server) that sends requests to the first one, then to both, in interleaved
 * rounds; autocannon (50 connections) requests the first two pages of the uncached property list (BENCH_PROPERTIES,
 * default 2,000, seeded by bench/seed.ts) through the proxy while identity approvals (outbox rows, as a KYC approval
 * writes them) wait to be written on chain and events to be synced.
 * Writes bench/results/instances.json: per setup the median rps, the CPU the serving processes used (cores, from
 * /proc/<pid>/stat) and rps per core, the CPU they use with no request to answer (idleCores: the sync's and the
 * agent's polling) and rps per core above it, two over one per core (the median of the rounds' ratios), and the
 * counts that must hold: one registry write per approved wallet, one stored transaction per nonce the agent used,
 * each followed log stored once. Timings are never asserted; the counts are (exit code 1 when one fails).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePorts } from "@freehold/dev-kit/ports";
import pg from "pg";
import { getAddress, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { load, loadAverage, medianRun, type Run } from "../../../bench/measure.ts";
import { benchDatabase } from "../../../bench/seed.ts";
import { SERVER_NODE_FLAGS } from "../../config/node-flags.ts";
import { startEmbeddedPostgres } from "../../db/embedded.ts";
import { createChainClient } from "../index.ts";
import { startAnvil, TEST_KEYS } from "../testing/anvil.ts";
import { registryWrites } from "../testing/registry-writes.ts";
import { deployTestPlatform } from "../testing/platform.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, "..", "..", "..", "..", "bench", "results", "instances.json");
const PROPERTIES = Number(process.env["BENCH_PROPERTIES"] ?? 2_000);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 6);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const APPROVALS_PER_RUN = 60;
const AGENT = privateKeyToAccount(TEST_KEYS[1]);
const TICKS = 100; // clock ticks per second (Linux USER_HZ)
const IDLE_SECONDS = 5;

/** CPU seconds (user + system) a process used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

const anvil = await startAnvil();
const database = await startEmbeddedPostgres({ ephemeral: true });
const children: ChildProcess[] = [];
try {
  const platform = await deployTestPlatform(anvil.url, { complianceAgent: AGENT.address });
  const chainClient = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
  console.log(`seeding ${PROPERTIES} properties ...`);
  const { url } = await benchDatabase(database, PROPERTIES);
  const storageDir = mkdtempSync(path.join(os.tmpdir(), "freehold-instances-"));
  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    FIRST_ADMIN_ADDRESS: "0x000000000000000000000000000000000000dEaD",
    KYC_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    WEB_ORIGIN: "http://localhost:5173",
    SIWE_DOMAIN: "localhost:5173",
    SIWE_CHAIN_ID: "31337",
    STORAGE_DIR: storageDir,
    AUDIT_CHECKPOINT_DIR: path.join(storageDir, "audit-checkpoints"),
    AUDIT_CHECKPOINT_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    LOG_LEVEL: "warn",
    // the list as signed-in users get it: every request queries PostgreSQL (with the public response cache on, the
    // anonymous requests below were answered from each instance's memory)
    PUBLIC_CACHE_TTL_MS: "0",
    CHAIN_RPC_URL: anvil.url,
    CHAIN_ID: "31337",
    COMPLIANCE_AGENT_KEY: TEST_KEYS[1],
    ALLOW_PLAIN_AGENT_KEY: "true",
    CHAIN_CONFIRMATIONS: "1",
    CHAIN_POLL_MS: "200",
    AGENT_BATCH_SIZE: "10",
    CHAIN_DEPLOYMENTS_DIR: platform.recordDir,
  };
  const startInstance = async (port: number): Promise<ChildProcess> => {
    const child = spawn(
      process.execPath,
      [...SERVER_NODE_FLAGS, "--import", "tsx", path.join(here, "..", "..", "main.ts")],
      {
        env: { ...env, PORT: String(port) },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    children.push(child);
    for (let i = 0; i < 600; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/api/v1/properties?limit=1`).catch(() => null);
      if (up?.ok) return child;
      if (child.exitCode !== null) throw new Error(`instance on ${port} exited (${child.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`instance on ${port} did not start`);
  };
  const ports = await freePorts(2);
  const instances: { child: ChildProcess; origin: string }[] = [];
  for (const port of ports) instances.push({ child: await startInstance(port), origin: `http://127.0.0.1:${port}` });
  // Both processes run throughout (their chain sync and agent compete for the same work, as in production); the
  // proxy (a process of its own) sends requests to the first `serving` of them.
  const proxy = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "proxy-process.ts"), ...instances.map((i) => i.origin)],
    { stdio: ["ignore", "ignore", "inherit", "ipc"] },
  );
  children.push(proxy);
  const fromProxy = <T>(): Promise<T> => new Promise((resolve) => proxy.once("message", (m) => resolve(m as T)));
  const { url: proxyUrl } = await fromProxy<{ url: string }>();
  const setServing = async (count: number): Promise<void> => {
    const echo = fromProxy<{ serving: number }>();
    proxy.send({ serving: count });
    await echo;
  };
  const sql = new pg.Pool({ connectionString: url, max: 2 });
  const wallets: string[] = [];
  const approve = async (run: number): Promise<void> => {
    const batch = Array.from({ length: APPROVALS_PER_RUN }, (_, i) =>
      getAddress(keccak256(toHex(`instances-${run}-${i}`)).slice(0, 42)),
    );
    wallets.push(...batch);
    await sql.query(
      `INSERT INTO onchain_identity_changes (id, wallet, kind, identity, country, "kycExpiry", accredited, reason)
       SELECT gen_random_uuid(), w, 'REGISTER', w, 250, now() + interval '1 year', false, 'bench approval' FROM unnest($1::text[]) AS w`,
      [batch],
    );
  };

  /** CPU seconds each instance used so far, and the cores the first `count` of them used since such a reading. */
  const cpuNow = (): number[] => instances.map((i) => cpuSeconds(i.child.pid!));
  const coresSince = (from: number[], seconds: number, count: number): number =>
    cpuNow()
      .slice(0, count)
      .reduce((sum, used, i) => sum + used - from[i]!, 0) / seconds;

  // the first page and the next one, as a signed-in user scrolling the marketplace reads them (keyset cursor)
  const first = `${proxyUrl}/api/v1/properties?limit=20`;
  const { nextCursor } = (await (await fetch(first)).json()) as { nextCursor: string };
  const target = { urls: [first, `${first}&cursor=${encodeURIComponent(nextCursor)}`] };
  await setServing(2);
  await load(target, 6); // warm-up of both (JIT, pools, prepared statements)
  // what each instance uses with no request to answer: the chain sync's and the agent's polling, the change feed
  const idleFrom = cpuNow();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const idle = (count: number) => coresSince(idleFrom, IDLE_SECONDS, count);
  const idleCores = { 1: idle(1), 2: idle(2) };

  // Interleaved rounds (one serving and two serving, ROUNDS times): the machine's load drifts between runs by more than
  // the difference measured, so each setup is measured across the same stretch of time and the median is kept.
  type Measured = Run & { backendCores: number; rpsPerCore: number };
  const rounds: { oneInstance: Measured; twoInstances: Measured }[] = [];
  const loadBefore = loadAverage();
  for (let round = 0; round < ROUNDS; round++) {
    const measured = {} as { oneInstance: Measured; twoInstances: Measured };
    // one then two, two then one, ...: a steady drift of the machine's load favours neither setup
    for (const count of round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) {
      await setServing(count);
      await approve(round * 2 + count);
      const cpuBefore = cpuNow();
      const started = performance.now();
      const run = await load(target, SECONDS);
      const cores = coresSince(cpuBefore, (performance.now() - started) / 1000, count);
      measured[count === 1 ? "oneInstance" : "twoInstances"] = {
        ...run,
        backendCores: cores,
        rpsPerCore: run.rps / cores,
      };
    }
    const { oneInstance: one, twoInstances: two } = measured;
    console.log(
      `round ${round + 1}: one serving ${one.rps} rps on ${one.backendCores.toFixed(2)} cores -> ${Math.round(one.rpsPerCore)} per core; two ${two.rps} rps on ${two.backendCores.toFixed(2)} cores -> ${Math.round(two.rpsPerCore)} per core (${((100 * two.rpsPerCore) / one.rpsPerCore).toFixed(0)}%)`,
    );
    rounds.push(measured);
  }
  const loadAfter = loadAverage();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summary = (key: "oneInstance" | "twoInstances", count: 1 | 2) => {
    const runsOf = rounds.map((r) => r[key]);
    const cores = median(runsOf.map((r) => r.backendCores));
    const rpsPerCore = median(runsOf.map((r) => r.rpsPerCore));
    return {
      ...medianRun(runsOf),
      backendCores: Number(cores.toFixed(2)),
      rpsPerCore: Math.round(rpsPerCore),
      idleCores: Number(idleCores[count].toFixed(3)),
      rpsPerCoreAboveIdle: Math.round(median(runsOf.map((r) => r.rps / (r.backendCores - idleCores[count])))),
    };
  };
  const runs = {
    oneInstance: summary("oneInstance", 1),
    twoInstances: summary("twoInstances", 2),
    // per round, the two-instance rps per core over the one-instance figure of the same round; the median of them
    twoPerOnePerCore: Number(
      median(rounds.map((r) => r.twoInstances.rpsPerCore / r.oneInstance.rpsPerCore)).toFixed(3),
    ),
    loadAverage: { before: loadBefore, after: loadAfter },
  };
  console.log(
    `median: one ${runs.oneInstance.rpsPerCore} rps per core, two ${runs.twoInstances.rpsPerCore}; two over one per round, median ${runs.twoPerOnePerCore} (load ${loadBefore.join(" ")} -> ${loadAfter.join(" ")})`,
  );

  // The counts: every approval written once, no nonce used twice, each followed log stored once.
  const deadline = Date.now() + 180_000;
  const registry = getAddress(platform.address("IdentityRegistry"));
  for (;;) {
    const { rows } = await sql.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM onchain_identity_changes WHERE status <> 'CONFIRMED'`,
    );
    const head = Number(await chainClient.getBlockNumber());
    const cursor = await sql.query<{ blockNumber: number }>(`SELECT "blockNumber" FROM chain_cursors`);
    if (rows[0]!.open === 0 && (cursor.rows[0]?.blockNumber ?? 0) >= head) break;
    if (Date.now() > deadline) throw new Error(`not settled: ${rows[0]!.open} changes open`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const writes = await registryWrites(chainClient, registry);
  const writtenOnce = wallets.filter((w) => writes.get(w) === 1).length;
  const confirmed = (
    await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM chain_transactions WHERE status = 'CONFIRMED'`)
  ).rows[0]!.n;
  const nonces = await chainClient.getTransactionCount({ address: AGENT.address });
  const followed = (await sql.query<{ address: string }>(`SELECT address FROM chain_contracts`)).rows;
  const head = (await sql.query<{ blockNumber: number }>(`SELECT "blockNumber" FROM chain_cursors`)).rows[0]!
    .blockNumber;
  const logs = await chainClient.getLogs({
    address: followed.map((c) => c.address as `0x${string}`),
    fromBlock: 0n,
    toBlock: BigInt(head),
  });
  const stored = (
    await sql.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT ("blockNumber", "logIndex"))::int AS distinct FROM chain_events WHERE "blockNumber" <= $1`,
      [head],
    )
  ).rows[0]!;
  await sql.end();
  const counts = {
    approvals: wallets.length,
    registryWritesExactlyOnce: writtenOnce,
    agentTransactionsConfirmed: confirmed,
    agentNoncesUsed: nonces,
    followedLogsOnChain: logs.length,
    eventsStored: stored.n,
    eventsStoredDistinct: stored.distinct,
  };
  const ok =
    writtenOnce === wallets.length && confirmed === nonces && stored.n === logs.length && stored.distinct === stored.n;
  const result = {
    ...runs,
    counts,
    countsHold: ok,
    cores: os.cpus().length,
    setup: `src/main.ts in production mode with the chain sync and compliance agent, 2 processes on one embedded PostgreSQL 17 (both syncing and running the agent throughout), behind a round-robin http-proxy-3 proxy (a process of its own, keep-alive connections to the backends) sending to the first one, then to both, in ${ROUNDS} interleaved rounds (alternating which goes first; medians; CPU counted for the serving processes); autocannon 50 connections for ${SECONDS} s per run on the first two pages of the uncached property list (${PROPERTIES} properties) through the proxy; ${APPROVALS_PER_RUN} approvals queued per run; anvil automine. The machine is shared: read the figures against the load average.`,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(counts), ok ? "counts hold" : "COUNTS FAIL", "->", RESULTS);
  if (!ok) process.exitCode = 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const c of children) c.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await anvil.stop();
  await database.stop();
}
