/**
 * The whole backend stack for the restore drill and the fault run, started the way `npm start` starts it (the
 * stack's own helpers): anvil, the admins' `npm run deploy`, a real PostgreSQL server (the system's, see
 * postgres-server.ts), the backend as its own process with the compliance agent and chain sync. Every process is
 * one of `scripts/local/processes.ts`'s supervised children, so `stop()` leaves nothing running.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO } from "@freehold/dev-kit/accounts";
import { freePorts } from "@freehold/dev-kit/ports";
import { startChain, LOCAL_CHAIN_ID, type LocalChain } from "../../../local/chain.js";
import { stopAll, type ManagedProcess } from "../../../local/processes.js";
import { seedDemoData, type SeedSummary } from "../../../local/seed/scenario.js";
import { backendEnvironment, deploy, startBackend } from "../../../local/services.js";
import { ROOT } from "../../../local/settings.js";
import { startEmbeddedServer, startPostgresServer, type PostgresServer } from "./postgres-server.js";

export interface Stack {
  dir: string;
  chain: LocalChain;
  chainId: number;
  db: PostgresServer;
  recordDir: string;
  storageDir: string;
  logsDir: string;
  apiUrl: string;
  appOrigin: string;
  /** The backend's environment (what `startBackend` runs it with, before overrides). */
  backendEnv: Record<string, string>;
  backend: ManagedProcess | undefined;
  /** Starts the backend (optionally with other settings, e.g. an RPC URL through a proxy) and waits for /ready. */
  startBackend(overrides?: Record<string, string>): Promise<ManagedProcess>;
  /** Creates the demo data of a first `npm start` (KYC approvals reaching the chain, properties, documents, offerings). */
  seed(): Promise<SeedSummary>;
  /** Kills the backend's process group with `signal` and waits for it to exit. */
  killBackend(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(
  options: {
    verbose?: boolean;
    backendEnv?: Record<string, string>;
    /** The embedded PostgreSQL of `npm start`, or the system's (a stand-in for a managed database; the default). */
    database?: "embedded" | "system";
  } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "freehold-stack-"));
  // The database server's user (postgres, when we are root) must reach its folder inside.
  chmodSync(dir, 0o755);
  const logsDir = join(dir, "logs");
  const recordDir = join(dir, "deployments");
  const storageDir = join(dir, "storage");
  mkdirSync(logsDir, { recursive: true });
  const [chainPort, dbPort, apiPort, webPort] = await freePorts(4);
  const processOptions = { verbose: options.verbose ?? false, logsDir };
  let db: PostgresServer | undefined;
  try {
    const [chain, server] = await Promise.all([
      startChain({ port: chainPort!, stateFile: join(dir, "chain", "state.json") }),
      options.database === "embedded"
        ? startEmbeddedServer({ dir: join(dir, "postgres"), port: dbPort!, logsDir })
        : startPostgresServer({ dir: join(dir, "postgres"), port: dbPort! }),
    ]);
    db = server;
    await deploy({
      ...processOptions,
      rpcUrl: chain.url,
      recordDir,
      agent: DEMO.agent.address,
      manager: DEMO.manager.address,
    });
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const appOrigin = `http://127.0.0.1:${webPort}`;
    const backendEnv = {
      ...backendEnvironment(
        {
          port: apiPort!,
          databaseUrl: server.url,
          webOrigin: appOrigin,
          rpcUrl: chain.url,
          chainId: LOCAL_CHAIN_ID,
          firstAdmin: DEMO.admin.address,
          kycEncryptionKeys: `local:${randomBytes(32).toString("base64")}`,
          agentKey: DEMO.agent.key,
          storageDir,
          recordDir,
        },
        false,
      ),
      ...options.backendEnv,
    };
    const stack: Stack = {
      dir,
      chain,
      chainId: LOCAL_CHAIN_ID,
      db: server,
      recordDir,
      storageDir,
      logsDir,
      apiUrl,
      appOrigin,
      backendEnv,
      backend: undefined,
      startBackend: async (overrides = {}) => {
        stack.backend = await startBackend({ ...processOptions, env: { ...backendEnv, ...overrides }, url: apiUrl });
        return stack.backend;
      },
      seed: () =>
        seedDemoData({
          apiUrl,
          appOrigin,
          rpcUrl: chain.url,
          chainId: LOCAL_CHAIN_ID,
          recordDir,
          sanctionsDir: join(ROOT, "backend", "data", "sanctions", "ofac-sample"),
          log: () => undefined,
        }),
      killBackend: async (signal = "SIGKILL") => {
        const backend = stack.backend;
        stack.backend = undefined;
        if (!backend?.child.pid || backend.child.exitCode !== null || backend.child.signalCode !== null) return;
        process.kill(-backend.child.pid, signal);
        await backend.exited;
      },
      stop: async () => {
        await stopAll(3_000);
        await server.remove();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (error) {
    await stopAll(3_000);
    await db?.remove();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
