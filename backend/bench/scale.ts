/**
 * `npm run bench:scale`: how the cost of every paged read grows with the data (issue 17). At 1x, 10x and 100x
 * (properties 1k/10k/100k, cap table holders 100/1k/10k, KYC applications 500/5k/50k, audit entries
 * 10k/100k/1M; the portfolio's 50 holdings among a growing event table) it seeds a database as bench:api does,
 * starts the servers on it and measures each read without the public cache (every request queries PostgreSQL):
 * `listUncached` (the marketplace's filtered pages), `search` (full-text `q`), `listDeep` and `searchDeep` (the
 * same lists' pages halfway along, after the cursor a reader paging through gets: bench/deep-pages.ts), and the
 * signed-in `portfolio`, `capTable`, `kycQueue` and `audit` with real session cookies, 50 connections,
 * BENCH_ROUNDS (3) rounds of BENCH_SECONDS (4) each, medians. Writes bench/results/scale.json (per measure and
 * size: rps, p50, p99, ratios to 1x), bench/results/scale.svg (p99 by size) and prints the table. Target: p99
 * grows at most 2x to 100x.
 * BENCH_SCALE_BASE=0.1 shrinks every size (a quick check of the pipeline, not a measurement).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseKeyRing } from "../src/crypto/key-ring.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { CONNECTIONS, loadAverage, measureRounds, type Run, type Target } from "./measure.ts";
import { scaleReport, scaleTable, writeScale, type ScaleSize } from "./scale-report.ts";
import { halfwayPages } from "./deep-pages.ts";
import { benchDatabase, LIST_PATHS } from "./seed.ts";
import { startBenchServers } from "./servers-process.ts";
import { checkPages, seedSignedIn, signedInTarget, type SignedInPage } from "./signed-in.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = Number(process.env["BENCH_SCALE_BASE"] ?? 1);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 4);
const FACTORS = [1, 10, 100];
const POOL_SIZE = process.env["BENCH_POOL_SIZE"] ?? String(2 * os.cpus().length);
const rows = (factor: number) => {
  const n = (base: number) => Math.max(1, Math.round(base * BASE * factor));
  return { properties: n(1_000), holders: n(100), kyc: n(500), audit: n(10_000) };
};

const loadBefore = loadAverage();
const db = await startEmbeddedPostgres();
const sizes: ScaleSize[] = [];
const runs: Record<string, Run>[] = [];
try {
  for (const factor of FACTORS) {
    const size = rows(factor);
    const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-scale-"));
    let child: ChildProcess | undefined;
    try {
      const started = Date.now();
      const { url } = await benchDatabase(db, size.properties, `freehold_scale_${factor}`);
      const kycKeys = `bench:${randomBytes(32).toString("base64")}`;
      const pages = await seedSignedIn(url, size, parseKeyRing(kycKeys, "bench"));
      console.log(`${factor}x: seeded ${JSON.stringify(size)} in ${Date.now() - started} ms`);
      const { uncachedPort } = await startBenchServers({
        databaseUrl: url,
        storageDir,
        poolSize: POOL_SIZE,
        kycKeys,
        onSpawn: (c) => (child = c),
      });
      const api = `http://127.0.0.1:${uncachedPort}/api/v1`;
      await checkPages(api, pages);
      const signedIn = (page: SignedInPage): Target => signedInTarget(page, api);
      const filtered = LIST_PATHS.filter((p) => !p.includes("q="));
      const searches = LIST_PATHS.filter((p) => p.includes("q="));
      const targets = {
        listUncached: { urls: filtered.map((p) => `${api}/properties${p}`) },
        search: { urls: searches.map((p) => `${api}/properties${p}`) },
        listDeep: { urls: await halfwayPages(api, filtered) },
        searchDeep: { urls: await halfwayPages(api, searches) },
        portfolio: signedIn(pages.portfolio),
        capTable: signedIn(pages.capTable),
        kycQueue: signedIn(pages.kycQueue),
        audit: signedIn(pages.audit),
      };
      const measured = await measureRounds(targets, ROUNDS, SECONDS, (line) => console.log(`${factor}x ${line}`));
      sizes.push({ factor, rows: size });
      runs.push(measured.median);
    } finally {
      child?.kill("SIGTERM");
      await rm(storageDir, { recursive: true, force: true });
    }
  }
  const loadAfter = loadAverage();
  const report = scaleReport(sizes, runs, {
    cpus: os.cpus().length,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    databasePoolSize: Number(POOL_SIZE),
    node: process.version,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    rounds: ROUNDS,
    aggregate: "median of rounds",
    cache: "off: every request queries PostgreSQL",
  });
  console.log(scaleTable(report));
  console.log(`load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  const written = await writeScale(path.resolve(here, "..", "..", "bench", "results"), report);
  console.log(`wrote ${written.json} and ${written.svg}`);
  console.log(JSON.stringify(report.targets));
} finally {
  await db.stop();
}
