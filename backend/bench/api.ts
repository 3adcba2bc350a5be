/**
 * `npm run bench:api`: real PostgreSQL (embedded) holding BENCH_PROPERTIES (default 12,000) properties, the
 * servers in a child process, autocannon with 50 connections. Writes bench/results/api.json (repository root):
 * bare.rps (bare Express handler, the ceiling), list.rps / list.p99ms (pages of 20 properties, with filters, over
 * a rotation of LIST_PATHS), detail.rps / detail.p99ms (one property with its title and documents). `list` and
 * `detail` are the API as production runs it: anonymous repeats come from the public response cache, dropped on
 * every registry change (src/http/public-cache.ts). `listUncached` / `detailUncached` are the same requests to the
 * same API without that cache: every request queries PostgreSQL. Targets: list.rps >= 40% of bare.rps,
 * list.p99ms < 50. All runs interleave in BENCH_ROUNDS (5) rounds; the medians are reported, with the load
 * average at start and end (the machine is shared: read the figures against it).
 */
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { benchDatabase } from "./seed.ts";
import { startBenchServers } from "./servers-process.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env["BENCH_PROPERTIES"] ?? 12_000);
const DURATION = Number(process.env["BENCH_SECONDS"] ?? 6);
/** Rounds of bare/list/detail, interleaved, so a burst of load from other processes hits all three alike. */
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const CONNECTIONS = 50;
/** Marketplace searches: a page of 20 with filters (status, country, type, city, valuation range, name), each sort. */
const LIST_PATHS = [
  "?status=VERIFIED&country=PT&type=RESIDENTIAL&sort=valuation&order=desc&limit=20",
  "?status=VERIFIED&country=ES&type=COMMERCIAL&sort=createdAt&order=desc&limit=20",
  "?country=DE&sort=valuation&order=asc&limit=20",
  "?type=RETAIL&sort=name&order=asc&limit=20",
  "?status=OFFERING&sort=createdAt&order=desc&limit=20",
  "?country=FR&minValuation=500000&maxValuation=5000000&sort=valuation&order=desc&limit=20",
  "?city=Lisbon&type=MULTIFAMILY&sort=createdAt&order=desc&limit=20",
  "?q=Property%2011&sort=name&order=asc&limit=20",
];
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
  return {
    rps: Math.round(result.requests.average),
    p99ms: result.latency.p99,
    p50ms: result.latency.p50,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

const db = await startEmbeddedPostgres();
const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-bench-"));
let child: ChildProcess | undefined;
try {
  const started = Date.now();
  const { url, detailIds } = await benchDatabase(db, COUNT);
  console.log(`created and seeded ${COUNT} properties in ${Date.now() - started} ms`);
  // BENCH_CPU_PROF=<dir>: the servers write a V8 CPU profile there on exit (node --cpu-prof).
  const profile = process.env["BENCH_CPU_PROF"] ? ["--cpu-prof", "--cpu-prof-dir", process.env["BENCH_CPU_PROF"]] : [];
  const { barePort, apiPort, uncachedPort } = await startBenchServers({
    databaseUrl: url,
    storageDir,
    poolSize: POOL_SIZE,
    nodeArgs: profile,
    onSpawn: (c) => (child = c),
  });
  const api = `http://127.0.0.1:${apiPort}/api/v1`;
  const direct = `http://127.0.0.1:${uncachedPort}/api/v1`;
  const listPaths = LIST_PATHS.map((p) => `/properties${p}`);
  const detailPaths = detailIds.slice(0, 20).map((id) => `/properties/${id}`);
  // The cached API must answer byte for byte what the database answers, on a miss and on a hit.
  for (const p of [...listPaths, ...detailPaths.slice(0, 3)]) {
    const [fresh, miss, hit] = [await fetch(direct + p), await fetch(api + p), await fetch(api + p)];
    const [a, b, c] = [await fresh.text(), await miss.text(), await hit.text()];
    if (fresh.status !== 200 || a !== b || a !== c || hit.headers.get("cache-status") !== "freehold; hit")
      throw new Error(`check failed for ${p}: ${fresh.status} ${hit.headers.get("cache-status")}`);
  }
  const listed = (await (await fetch(api + listPaths[0]!)).json()) as { items: unknown[] };
  if (listed.items.length !== 20) throw new Error(`list check failed: ${listed.items.length} items`);
  const detailBody = (await (await fetch(api + detailPaths[0]!)).json()) as { title: unknown; documents: unknown[] };
  if (!detailBody.title || detailBody.documents.length < 1) throw new Error("detail check failed");

  const runs = {
    bare: [`http://127.0.0.1:${barePort}/bare`],
    list: listPaths.map((p) => api + p),
    listUncached: listPaths.map((p) => direct + p),
    detail: detailPaths.map((p) => api + p),
    detailUncached: detailPaths.map((p) => direct + p),
  };
  type Name = keyof typeof runs;
  const names = Object.keys(runs) as Name[];
  for (const name of names) await load(runs[name]); // warm-up (JIT, pools, prepared statements)
  const loadAtStart = os.loadavg().map((v) => Number(v.toFixed(2)));
  const rounds: Record<Name, Run>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const round = {} as Record<Name, Run>;
    for (const name of names) round[name] = await load(runs[name]);
    console.log(`round ${i + 1}`, JSON.stringify(round));
    rounds.push(round);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const pick = (k: Name): Run => ({
    rps: median(rounds.map((r) => r[k].rps)),
    p99ms: median(rounds.map((r) => r[k].p99ms)),
    p50ms: median(rounds.map((r) => r[k].p50ms)),
    errors: rounds.reduce((s, r) => s + r[k].errors, 0),
    non2xx: rounds.reduce((s, r) => s + r[k].non2xx, 0),
  });
  const bare = pick("bare");
  const list = pick("list");
  const listUncached = pick("listUncached");
  const detailRun = pick("detail");
  const detailUncached = pick("detailUncached");
  const loadAverage = os.loadavg().map((v) => Number(v.toFixed(2)));
  console.log(`load average at start ${loadAtStart.join(" ")}, at end ${loadAverage.join(" ")}`);
  const results = {
    measuredAt: new Date().toISOString(),
    environment: {
      cpus: os.cpus().length,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage,
      databasePoolSize: Number(POOL_SIZE),
      node: process.version,
      postgres: "embedded 17",
      properties: COUNT,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      aggregate: "median of rounds",
    },
    bare: { rps: bare.rps, p99ms: bare.p99ms },
    list: {
      rps: list.rps,
      p99ms: list.p99ms,
      p50ms: list.p50ms,
      errors: list.errors + list.non2xx,
      cache: "public response cache on (production default)",
      paths: listPaths.map((p) => `/api/v1${p}`),
    },
    listUncached: {
      rps: listUncached.rps,
      p99ms: listUncached.p99ms,
      p50ms: listUncached.p50ms,
      errors: listUncached.errors + listUncached.non2xx,
      cache: "off: every request queries PostgreSQL",
    },
    detail: {
      rps: detailRun.rps,
      p99ms: detailRun.p99ms,
      p50ms: detailRun.p50ms,
      errors: detailRun.errors + detailRun.non2xx,
    },
    detailUncached: {
      rps: detailUncached.rps,
      p99ms: detailUncached.p99ms,
      p50ms: detailUncached.p50ms,
      errors: detailUncached.errors + detailUncached.non2xx,
    },
    rounds,
    targets: {
      listRpsShareOfBare: Number((list.rps / bare.rps).toFixed(3)),
      listRpsAtLeast40PercentOfBare: list.rps >= 0.4 * bare.rps,
      listP99Under50ms: list.p99ms < 50,
      listUncachedRpsShareOfBare: Number((listUncached.rps / bare.rps).toFixed(3)),
    },
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
