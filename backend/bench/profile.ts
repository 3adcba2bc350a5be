/**
 * Profiles one endpoint of the API under load: `npx tsx bench/profile.ts list|detail|bare|<signed-in page>
 * [seconds]` (the API without the public response cache: every request queries PostgreSQL; `cached-list` profiles
 * cache hits; a signed-in page is portfolio, capTable, kycQueue or audit, seeded at a tenth of bench:api's sizes,
 * on the API as production runs it, with the session cache).
 * Same database, seed and servers as bench/api.ts; the servers run with `node --cpu-prof` and write a V8 CPU
 * profile to BENCH_CPU_PROF (default /tmp/freehold-profile) when they stop. Open it in Chrome DevTools.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { parseKeyRing } from "../src/crypto/key-ring.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { requestsOf } from "./measure.ts";
import { benchDatabase } from "./seed.ts";
import { startBenchServers } from "./servers-process.ts";
import { seedSignedIn, type SignedInPages } from "./signed-in.ts";

const target = process.argv[2] ?? "list";
const seconds = Number(process.argv[3] ?? 8);
const dir = process.env["BENCH_CPU_PROF"] ?? "/tmp/freehold-profile";
const db = await startEmbeddedPostgres();
const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-profile-"));
let child: ChildProcess | undefined;
try {
  const { url, detailIds } = await benchDatabase(db, 12_000);
  const kycKeys = `bench:${randomBytes(32).toString("base64")}`;
  const pages = await seedSignedIn(url, { holders: 1_000, kyc: 5_000, audit: 100_000 }, parseKeyRing(kycKeys, "bench"));
  const page = target in pages ? pages[target as keyof SignedInPages] : undefined;
  const servers = await startBenchServers({
    databaseUrl: url,
    storageDir,
    kycKeys,
    nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir],
    onSpawn: (c) => (child = c),
  });
  const { barePort, apiPort, uncachedPort } = servers;
  const paths = page
    ? page.paths.map((p) => `/api/v1${p}`)
    : target === "bare"
      ? ["/bare"]
      : target === "detail"
        ? detailIds.slice(0, 20).map((id) => `/api/v1/properties/${id}`)
        : ["/api/v1/properties?status=VERIFIED&country=PT&type=RESIDENTIAL&sort=valuation&order=desc&limit=20"];
  // signed-in pages as production serves them (the session cache on); list and detail without the public cache
  const port = target === "bare" ? barePort : page || target.startsWith("cached") ? apiPort : uncachedPort;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: seconds,
    requests: requestsOf({
      urls: paths.map((p) => `http://127.0.0.1:${port}${p}`),
      ...(page ? { cookies: page.cookies } : {}),
    }),
  });
  console.log(
    JSON.stringify({ target, rps: result.requests.average, p99ms: result.latency.p99, non2xx: result.non2xx }),
  );
  const exited = new Promise((resolve) => servers.child.once("exit", resolve));
  servers.child.kill("SIGTERM");
  await exited;
  console.log(`profile written to ${dir}`);
} finally {
  child?.kill("SIGTERM");
  await db.stop();
  await rm(storageDir, { recursive: true, force: true });
}
