/**
 * `npm run bench:api`: real PostgreSQL (embedded) holding BENCH_PROPERTIES (default 12,000) properties, the
 * servers in a child process, autocannon with 50 connections. Writes bench/results/api.json (repository root):
 * bare.rps (bare Express handler, the ceiling), list.rps / list.p99ms (20 properties with filters),
 * detail.rps / detail.p99ms (one property with its title and documents). Targets: list.rps >= 40% of bare.rps,
 * list.p99ms < 50. Bare, list and detail run interleaved in BENCH_ROUNDS (5) rounds; the medians are reported,
 * with the load average at start and end (the machine is shared: read the figures against it).
 */
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { seed } from "./seed.ts";
import { startBenchServers } from "./servers-process.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env["BENCH_PROPERTIES"] ?? 12_000);
const DURATION = Number(process.env["BENCH_SECONDS"] ?? 6);
/** Rounds of bare/list/detail, interleaved, so a burst of load from other processes hits all three alike. */
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const CONNECTIONS = 50;
/** 2 x cores: more PostgreSQL backends than that only take CPU from the API process on a 2-core machine. */
const POOL_SIZE = process.env["BENCH_POOL_SIZE"] ?? String(2 * os.cpus().length);

interface Run {
  rps: number;
  p99ms: number;
  p50ms: number;
  errors: number;
  non2xx: number;
}

async function load(url: string | string[]): Promise<Run> {
  const urls = Array.isArray(url) ? url : [url];
  const first = new URL(urls[0]!);
  const result = await autocannon({
    url: first.origin,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: urls.map((u) => ({ method: "GET", path: new URL(u).pathname + new URL(u).search })),
  });
  return { rps: Math.round(result.requests.average), p99ms: result.latency.p99, p50ms: result.latency.p50, errors: result.errors, non2xx: result.non2xx };
}

const db = await startEmbeddedPostgres();
const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-bench-"));
let child: ChildProcess | undefined;
try {
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE freehold_bench");
  await admin.end();
  const url = db.urlFor("freehold_bench");
  await migrate(url);
  const started = Date.now();
  const { detailIds } = await seed(url, COUNT);
  console.log(`seeded ${COUNT} properties in ${Date.now() - started} ms`);
  // BENCH_CPU_PROF=<dir>: the servers write a V8 CPU profile there on exit (node --cpu-prof).
  const profile = process.env["BENCH_CPU_PROF"] ? ["--cpu-prof", "--cpu-prof-dir", process.env["BENCH_CPU_PROF"]] : [];
  const { barePort, apiPort } = await startBenchServers({
    databaseUrl: url,
    storageDir,
    poolSize: POOL_SIZE,
    nodeArgs: profile,
    onSpawn: (c) => (child = c),
  });
  const api = `http://127.0.0.1:${apiPort}/api/v1`;
  const listUrl = `${api}/properties?status=VERIFIED&country=PT&type=RESIDENTIAL&sort=valuation&order=desc&limit=20`;
  const check = await fetch(listUrl);
  const listed = (await check.json()) as { items: unknown[] };
  if (check.status !== 200 || listed.items.length !== 20) throw new Error(`list check failed: ${check.status} ${listed.items.length}`);
  const detail = await fetch(`${api}/properties/${detailIds[0]}`);
  const detailBody = (await detail.json()) as { title: unknown; documents: unknown[] };
  if (detail.status !== 200 || !detailBody.title || detailBody.documents.length < 1) throw new Error("detail check failed");

  const detailUrls = detailIds.slice(0, 20).map((id) => `${api}/properties/${id}`);
  await load(`http://127.0.0.1:${barePort}/bare`); // warm-up (JIT, pools, prepared statements)
  await load(listUrl);
  await load(detailUrls);
  const loadAtStart = os.loadavg().map((v) => Number(v.toFixed(2)));
  const rounds: { bare: Run; list: Run; detail: Run }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const round = { bare: await load(`http://127.0.0.1:${barePort}/bare`), list: await load(listUrl), detail: await load(detailUrls) };
    console.log(`round ${i + 1}`, JSON.stringify(round));
    rounds.push(round);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const pick = (k: "bare" | "list" | "detail"): Run => ({
    rps: median(rounds.map((r) => r[k].rps)),
    p99ms: median(rounds.map((r) => r[k].p99ms)),
    p50ms: median(rounds.map((r) => r[k].p50ms)),
    errors: rounds.reduce((s, r) => s + r[k].errors, 0),
    non2xx: rounds.reduce((s, r) => s + r[k].non2xx, 0),
  });
  const bare = pick("bare");
  const list = pick("list");
  const detailRun = pick("detail");
  const loadAverage = os.loadavg().map((v) => Number(v.toFixed(2)));
  console.log(`load average at start ${loadAtStart.join(" ")}, at end ${loadAverage.join(" ")}`);
  const results = {
    measuredAt: new Date().toISOString(),
    environment: { cpus: os.cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage, databasePoolSize: Number(POOL_SIZE), node: process.version, postgres: "embedded 17", properties: COUNT, connections: CONNECTIONS, durationSeconds: DURATION, rounds: ROUNDS, aggregate: "median of rounds" },
    bare: { rps: bare.rps, p99ms: bare.p99ms },
    list: { rps: list.rps, p99ms: list.p99ms, p50ms: list.p50ms, errors: list.errors + list.non2xx, url: listUrl.replace(api, "/api/v1") },
    detail: { rps: detailRun.rps, p99ms: detailRun.p99ms, p50ms: detailRun.p50ms, errors: detailRun.errors + detailRun.non2xx },
    rounds,
    targets: { listRpsShareOfBare: Number((list.rps / bare.rps).toFixed(3)), listRpsAtLeast40PercentOfBare: list.rps >= 0.4 * bare.rps, listP99Under50ms: list.p99ms < 50 },
  };
  const out = path.resolve(here, "..", "..", "bench", "results", "api.json");
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(results, null, 2) + "\n");
  console.log(`wrote ${out}`);
  console.log(JSON.stringify(results.targets));
} finally {
  child?.kill("SIGTERM");
  await db.stop();
  await rm(storageDir, { recursive: true, force: true });
}
