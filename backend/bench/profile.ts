/**
 * Profiles one endpoint of the API under load: `npx tsx bench/profile.ts list|detail|bare [seconds]`.
 * Same database, seed and servers as bench/api.ts; the servers run with `node --cpu-prof` and write a V8 CPU
 * profile to BENCH_CPU_PROF (default /tmp/freehold-profile) when they stop. Open it in Chrome DevTools.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { seed } from "./seed.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ?? "list";
const seconds = Number(process.argv[3] ?? 8);
const dir = process.env["BENCH_CPU_PROF"] ?? "/tmp/freehold-profile";
const db = await startEmbeddedPostgres();
const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-profile-"));
let child: ReturnType<typeof spawn> | undefined;
try {
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE freehold_bench");
  await admin.end();
  const url = db.urlFor("freehold_bench");
  await migrate(url);
  const { detailIds } = await seed(url, 12_000);
  child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "--import", "tsx", path.join(here, "servers.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      FIRST_ADMIN_ADDRESS: "0x000000000000000000000000000000000000dEaD",
      KYC_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      WEB_ORIGIN: "http://localhost:5173",
      SIWE_DOMAIN: "localhost:5173",
      SIWE_CHAIN_ID: "31337",
      STORAGE_DIR: storageDir,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [barePort, apiPort] = await new Promise<[number, number]>((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /PORTS (\d+) (\d+)/.exec(out);
      if (m) resolve([Number(m[1]), Number(m[2])]);
    });
    child!.on("exit", (code) => reject(new Error(`servers exited (${code})`)));
  });
  const paths =
    target === "bare"
      ? ["/bare"]
      : target === "detail"
        ? detailIds.slice(0, 20).map((id) => `/api/v1/properties/${id}`)
        : ["/api/v1/properties?status=VERIFIED&country=PT&type=RESIDENTIAL&sort=valuation&order=desc&limit=20"];
  const port = target === "bare" ? barePort : apiPort;
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 50, duration: seconds, requests: paths.map((p) => ({ method: "GET", path: p })) });
  console.log(JSON.stringify({ target, rps: result.requests.average, p99ms: result.latency.p99, non2xx: result.non2xx }));
  const exited = new Promise((resolve) => child!.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  console.log(`profile written to ${dir}`);
} finally {
  child?.kill("SIGTERM");
  await db.stop();
  await rm(storageDir, { recursive: true, force: true });
}
