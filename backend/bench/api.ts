/**
 * `npm run bench:api`: real PostgreSQL (embedded) holding BENCH_PROPERTIES (default 100,000) properties, the
 * servers in a child process, autocannon with 50 connections. Writes bench/results/api.json (repository root):
 * bare.rps (bare Express handler, the ceiling), list.rps / list.p99ms (pages of 20 properties, with filters and a
 * full-text search, over a rotation of LIST_PATHS), detail.rps / detail.p99ms (one property with its title and
 * documents). `list` and `detail` are the API as production runs it: anonymous repeats come from the public
 * response cache, dropped on every registry change (src/http/public-cache.ts). `listUncached` / `detailUncached`
 * are the same requests without that cache: every request queries PostgreSQL (the property pages asked in one turn of
 * the event loop by one statement: src/properties/read.ts). `listSignedIn` is the marketplace
 * (scope=public) as a signed-in investor: the same answer as anonymous, served from shared cache entries.
 * The signed-in pages (issue 17), each with a real session cookie on the API as production runs it (the session
 * cache on, src/auth/session-cache.ts; `portfolioWithoutSessionCache` is the same page without it, the baseline):
 * `portfolio` (50 investors with 50 holdings each, one per connection),
 * `capTable` (a token with BENCH_HOLDERS, default 10,000, holders, read at ten places), `kycQueue` (the officers' queue over
 * BENCH_KYC, default 50,000, applications, each sort and a status filter), `audit` (BENCH_AUDIT, default
 * 1,000,000, entries, paged and filtered). `plans` holds PostgreSQL's plan of the search, of a search for one
 * property's name (searchRare) and of the uncached list
 * (EXPLAIN ANALYZE): the index each one uses. All runs interleave in BENCH_ROUNDS (5) rounds; the medians are
 * reported, with the load average before seeding and at the end (the machine is shared: read the figures against
 * it). Targets: list >= 40% of bare, listUncached >= 30% of bare and p99 < 50 ms, detailUncached >= 40% of bare,
 * each signed-in page p99 < 50 ms.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { parseKeyRing } from "../src/crypto/key-ring.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { listPageSql } from "../src/properties/read.ts";
import { ListPropertiesQuery } from "../src/properties/schemas.ts";
import { CONNECTIONS, explain, loadAverage, measureRounds, type Run, type Target } from "./measure.ts";
import { benchDatabase, LIST_PATHS } from "./seed.ts";
import { startBenchServers } from "./servers-process.ts";
import {
  checkPages,
  PORTFOLIO_HOLDINGS,
  PORTFOLIO_INVESTORS,
  seedSignedIn,
  signedInTarget,
  type SignedInPage,
} from "./signed-in.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const size = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const COUNT = size("BENCH_PROPERTIES", 100_000);
const SIGNED_IN = {
  holders: size("BENCH_HOLDERS", 10_000),
  kyc: size("BENCH_KYC", 50_000),
  audit: size("BENCH_AUDIT", 1_000_000),
};
const DURATION = size("BENCH_SECONDS", 6);
/** Rounds of every measure, interleaved, so a burst of load from other processes hits all of them alike. */
const ROUNDS = size("BENCH_ROUNDS", 5);
/** The search whose plan the benchmark prints (a word and a prefix), and the uncached list's first page. */
const SEARCH_PATH = LIST_PATHS.at(-1)!;
/** A search for one property's name: a word too rare for the word statistics (migration search_statistics). */
const RARE_SEARCH_PATH = `?q=Property%20${COUNT - 1}&sort=name&order=asc&limit=20`;
/** 2 x cores: more PostgreSQL backends than that only take CPU from the API process on a 2-core machine. */
const POOL_SIZE = process.env["BENCH_POOL_SIZE"] ?? String(2 * os.cpus().length);

/** PostgreSQL's plan of the list statement the API runs for `query` (anonymous caller, the servers' chain id). */
async function listPlan(databaseUrl: string, query: string): Promise<string> {
  const q = ListPropertiesQuery.parse(Object.fromEntries(new URLSearchParams(query)));
  const { sql, args } = listPageSql(null, q, 31337);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await explain(c, sql, args);
  } finally {
    await c.end();
  }
}

const loadBefore = loadAverage();
const db = await startEmbeddedPostgres();
const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-bench-"));
let child: ChildProcess | undefined;
try {
  const started = Date.now();
  const { url, detailIds } = await benchDatabase(db, COUNT);
  const kycKeys = `bench:${randomBytes(32).toString("base64")}`;
  const pages = await seedSignedIn(url, SIGNED_IN, parseKeyRing(kycKeys, "bench"));
  console.log(`created and seeded ${COUNT} properties and ${JSON.stringify(SIGNED_IN)} in ${Date.now() - started} ms`);
  const plans = {
    search: await listPlan(url, SEARCH_PATH),
    searchRare: await listPlan(url, RARE_SEARCH_PATH),
    listUncached: await listPlan(url, LIST_PATHS[0]!),
  };
  for (const [name, plan] of Object.entries(plans)) console.log(`plan of ${name}:\n${plan}`);
  // BENCH_CPU_PROF=<dir>: the servers write a V8 CPU profile there on exit (node --cpu-prof).
  const profile = process.env["BENCH_CPU_PROF"] ? ["--cpu-prof", "--cpu-prof-dir", process.env["BENCH_CPU_PROF"]] : [];
  const { barePort, apiPort, uncachedPort } = await startBenchServers({
    databaseUrl: url,
    storageDir,
    poolSize: POOL_SIZE,
    kycKeys,
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
  const searched = (await (await fetch(api + `/properties${SEARCH_PATH}`)).json()) as { items: unknown[] };
  if (searched.items.length !== 20) throw new Error(`search check failed: ${searched.items.length} items`);
  const detailBody = (await (await fetch(api + detailPaths[0]!)).json()) as { title: unknown; documents: unknown[] };
  if (!detailBody.title || detailBody.documents.length < 1) throw new Error("detail check failed");
  await checkPages(api, pages);
  // The signed-in pages as production serves them: the session cache on (src/auth/session-cache.ts), the page itself
  // from PostgreSQL (none of them is a public cached route). `portfolioWithoutSessionCache` is the portfolio on the
  // server without caches, the same run's baseline for what the session cache saves.
  const signedIn = (page: SignedInPage, base = api): Target => signedInTarget(page, base);
  const targets = {
    bare: { urls: [`http://127.0.0.1:${barePort}/bare`] },
    list: { urls: listPaths.map((p) => api + p) },
    listUncached: { urls: listPaths.map((p) => direct + p) },
    // the marketplace as a signed-in investor sees it (the web asks scope=public): shared cache entries
    listSignedIn: {
      urls: listPaths.map((p) => `${api}${p}&scope=public`),
      headers: { cookie: pages.portfolio.cookies[0]! },
    },
    detail: { urls: detailPaths.map((p) => api + p) },
    detailUncached: { urls: detailPaths.map((p) => direct + p) },
    portfolio: signedIn(pages.portfolio),
    portfolioWithoutSessionCache: signedIn(pages.portfolio, direct),
    capTable: signedIn(pages.capTable),
    kycQueue: signedIn(pages.kycQueue),
    audit: signedIn(pages.audit),
  };
  const measured = await measureRounds(targets, ROUNDS, DURATION);
  const m = measured.median;
  const loadAfter = loadAverage();
  console.log(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  const view = (r: Run) => ({ rps: r.rps, p99ms: r.p99ms, p50ms: r.p50ms, errors: r.errors + r.non2xx });
  const share = (r: Run) => Number((r.rps / m.bare.rps).toFixed(3));
  // a measure in which no request completed (a saturated machine) has no p99: it does not meet the target
  const under50 = (r: Run) => r.rps > 0 && r.p99ms < 50;
  const signedInKeys = ["portfolio", "capTable", "kycQueue", "audit"] as const;
  const results = {
    measuredAt: new Date().toISOString(),
    environment: {
      cpus: os.cpus().length,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      databasePoolSize: Number(POOL_SIZE),
      node: process.version,
      postgres: "embedded",
      properties: COUNT,
      ...SIGNED_IN,
      portfolioHoldings: PORTFOLIO_HOLDINGS,
      portfolioInvestors: PORTFOLIO_INVESTORS,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      aggregate: "median of rounds",
    },
    bare: { rps: m.bare.rps, p99ms: m.bare.p99ms },
    list: {
      ...view(m.list),
      cache: "public response cache on (production default)",
      paths: listPaths.map((p) => `/api/v1${p}`),
    },
    listUncached: { ...view(m.listUncached), cache: "off: every request queries PostgreSQL" },
    listSignedIn: {
      ...view(m.listSignedIn),
      cache: "on: a signed-in investor's marketplace (scope=public) is served shared entries",
    },
    detail: view(m.detail),
    detailUncached: view(m.detailUncached),
    portfolio: {
      ...view(m.portfolio),
      sessionCache: "on (production default)",
      paths: pages.portfolio.paths.map((p) => `/api/v1${p}`),
    },
    portfolioWithoutSessionCache: {
      ...view(m.portfolioWithoutSessionCache),
      sessionCache: "off: every request reads its session from PostgreSQL",
      rpsRatioWithCache: Number((m.portfolio.rps / m.portfolioWithoutSessionCache.rps).toFixed(3)),
    },
    capTable: { ...view(m.capTable), paths: pages.capTable.paths.map((p) => `/api/v1${p}`) },
    kycQueue: { ...view(m.kycQueue), paths: pages.kycQueue.paths.map((p) => `/api/v1${p}`) },
    audit: { ...view(m.audit), paths: pages.audit.paths.map((p) => `/api/v1${p}`) },
    plans: Object.fromEntries(Object.entries(plans).map(([k, v]) => [k, v.split("\n")])),
    rounds: measured.rounds,
    targets: {
      listRpsShareOfBare: share(m.list),
      listRpsAtLeast40PercentOfBare: m.list.rps >= 0.4 * m.bare.rps,
      listP99Under50ms: under50(m.list),
      listUncachedRpsShareOfBare: share(m.listUncached),
      listUncachedAtLeast30PercentOfBare: m.listUncached.rps >= 0.3 * m.bare.rps,
      listUncachedP99Under50ms: under50(m.listUncached),
      detailUncachedRpsShareOfBare: share(m.detailUncached),
      detailUncachedAtLeast40PercentOfBare: m.detailUncached.rps >= 0.4 * m.bare.rps,
      // the search reads an index (the GIN index, or a sort index walked with the words as a filter), never the table
      searchUsesIndex: plans.search.includes("Index Scan") && !/Seq Scan on properties/.test(plans.search),
      // a word in one property is found through the GIN index, not by walking the name index past every row
      rareSearchUsesGinIndex: plans.searchRare.includes("Bitmap Index Scan on properties_search_idx"),
      listSignedInRpsShareOfBare: share(m.listSignedIn),
      ...Object.fromEntries(signedInKeys.map((k) => [`${k}P99Under50ms`, under50(m[k])])),
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
