/**
 * Starts bench/servers.ts (the bare handler and the real API, side by side) in a child process on a prepared
 * database, with the Node flags production runs it with (SERVER_NODE_FLAGS), and resolves once both print their ports.
 * Shared by the benchmark and the profiler.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../src/config/node-flags.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchServers {
  child: ChildProcess;
  barePort: number;
  apiPort: number;
  /** The same API without the public response cache. */
  uncachedPort: number;
}

export async function startBenchServers(options: {
  databaseUrl: string;
  storageDir: string;
  poolSize?: string;
  /** KYC_ENCRYPTION_KEYS (`id:base64`), when the seed sealed identities with it; a fresh key otherwise. */
  kycKeys?: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Called with the child as soon as it exists, so a caller can kill it even if start-up fails. */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<BenchServers> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), "--import", "tsx", path.join(here, "servers.ts")],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: options.databaseUrl,
        ...(options.poolSize ? { DATABASE_POOL_SIZE: options.poolSize } : {}),
        FIRST_ADMIN_ADDRESS: "0x000000000000000000000000000000000000dEaD",
        KYC_ENCRYPTION_KEYS: options.kycKeys ?? `bench:${randomBytes(32).toString("base64")}`,
        WEB_ORIGIN: "http://localhost:5173",
        SIWE_DOMAIN: "localhost:5173",
        SIWE_CHAIN_ID: "31337",
        STORAGE_DIR: options.storageDir,
        AUDIT_CHECKPOINT_DIR: path.join(options.storageDir, "audit-checkpoints"),
        AUDIT_CHECKPOINT_KEYS: `bench:${randomBytes(32).toString("base64")}`,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  options.onSpawn?.(child);
  const [barePort, apiPort, uncachedPort] = await new Promise<[number, number, number]>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /PORTS (\d+) (\d+) (\d+)/.exec(out);
      if (m) resolve([Number(m[1]), Number(m[2]), Number(m[3])]);
    });
    child.on("exit", (code) => reject(new Error(`servers exited (${code})`)));
  });
  return { child, barePort, apiPort, uncachedPort };
}
