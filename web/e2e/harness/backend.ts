/**
 * The real backend for browser tests: `backend/src/main.ts` in its own process, on an embedded PostgreSQL that
 * lives as long as the process, configured for this run's app origin (SIWE domain, CORS) and local chain.
 * With `chain` set, its chain services run too, as under `npm start`: the compliance agent (the KYC outbox worker
 * that writes approved investors to the identity registry with its own key) and the chain sync.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopProcess } from "@freehold/dev-kit/chain";
import { freePort } from "@freehold/dev-kit/ports";
import { startSmtpSink } from "@freehold/dev-kit/smtp-sink";
import { REPO_ROOT } from "@freehold/dev-kit/repo";

const BACKEND_DIR = join(REPO_ROOT, "backend");

export interface RunningBackend {
  url: string;
  /** The local SMTP sink the backend emails through (as under `npm start`); its JSON list of caught messages. */
  mailUrl: string;
  stop: () => Promise<void>;
}

export interface BackendOptions {
  /** Origin the browser loads the app from: the SIWE domain and the only CORS origin. */
  appUrl: string;
  rpcUrl: string;
  chainId: number;
  firstAdmin: `0x${string}`;
  /** Turns on the backend's chain services against the run's deployment; absent, the API runs alone. */
  chain?: ChainServicesOptions;
}

export interface ChainServicesOptions {
  /** Folder holding `<chainId>.json`, the record the deploy script wrote for this run. */
  deploymentsDir: string;
  /** The compliance agent's key: the deploy script granted its address COMPLIANCE_AGENT_ROLE on the registry. */
  agentKey: `0x${string}`;
  /** The relayer's key (gasless investor actions, issue 20); the chain must give its address ETH. */
  relayerKey?: `0x${string}`;
  /** Pause between the agent's and the sync's passes (default 200 ms: a local chain mines at once). */
  pollMs?: number;
}

/** The chain settings the backend validates in `backend/src/chain/config.ts`, tuned for a local chain. */
export function chainServicesEnv(rpcUrl: string, chainId: number, chain: ChainServicesOptions): Record<string, string> {
  return {
    CHAIN_RPC_URL: rpcUrl,
    CHAIN_ID: String(chainId),
    COMPLIANCE_AGENT_KEY: chain.agentKey,
    CHAIN_DEPLOYMENTS_DIR: chain.deploymentsDir,
    CHAIN_POLL_MS: String(chain.pollMs ?? 200),
    // Anvil mines each transaction in its own block at once and never reorganises: one block is final here.
    CHAIN_CONFIRMATIONS: "1",
    AGENT_BACKOFF_MS: "500",
    // A local plain key, as the compliance agent's: allowed outside production.
    ...(chain.relayerKey ? { RELAYER_KEY: chain.relayerKey } : {}),
  };
}

export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  const port = await freePort();
  const storage = mkdtempSync(join(tmpdir(), "freehold-web-e2e-storage-"));
  const app = new URL(options.appUrl);
  // Emails go to a real SMTP sink, as under `npm start`: journeys read what was sent, the dev mail page lists it.
  const sink = await startSmtpSink();
  const mailUrl = await sink.serveHttp();
  let log = "";
  const child: ChildProcess = spawn("tsx", ["src/main.ts"], {
    cwd: BACKEND_DIR,
    env: {
      ...process.env,
      // development: the only mode that serves the caught emails (GET /dev/mail); nothing else differs from test.
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(port),
      FIRST_ADMIN_ADDRESS: options.firstAdmin,
      KYC_ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString("base64")}`,
      WEB_ORIGIN: app.origin,
      SIWE_DOMAIN: app.host,
      SIWE_CHAIN_ID: String(options.chainId),
      SIWE_RPC_URL: options.rpcUrl,
      STORAGE_DIR: storage,
      LOG_LEVEL: "warn",
      COOKIE_SECURE: "false",
      AUTH_RATE_LIMIT_PER_MINUTE: "1000",
      SMTP_URL: sink.url,
      SMTP_FROM: "Freehold <notifications@freehold.local>",
      DEV_MAIL_SINK_URL: mailUrl,
      EMAIL_WORKER_INTERVAL_MS: "500",
      ...(options.chain ? chainServicesEnv(options.rpcUrl, options.chainId, options.chain) : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (log += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    await sink.close();
    rmSync(storage, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await sink.close();
      throw new Error(`the backend exited with code ${child.exitCode}:\n${log.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${url}/ready`)).ok) return { url, mailUrl, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the backend was not ready within 90 s:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
