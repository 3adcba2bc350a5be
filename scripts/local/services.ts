/**
 * The long-running parts of the local stack, each started as its own supervised process group: PostgreSQL
 * (persistent, in the data folder), the deploy (the admins' own `npm run deploy`), the backend, and the web build.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runStep, startProcess, waitUntil, type ManagedProcess } from "./processes.js";
import { DEMO_FEES_BPS } from "./seed/fee-rates.js";
import { ROOT } from "./settings.js";

const require = createRequire(join(ROOT, "package.json"));

export interface ProcessOptions {
  verbose: boolean;
  logsDir: string;
}

/** Starts the persistent embedded PostgreSQL (backend/scripts/embedded-postgres.ts); returns its URL. */
export async function startPostgres(
  options: ProcessOptions & { dir: string; port: number; password: string },
): Promise<{ url: string; process: ManagedProcess }> {
  const managed = startProcess({
    name: "postgres",
    command: process.execPath,
    // Node with tsx's loader, no wrapper process in between: signals and parent checks reach the script itself.
    args: ["--import", "tsx", "scripts/embedded-postgres.ts"],
    cwd: join(ROOT, "backend"),
    env: {
      EMBEDDED_DATABASE_DIR: options.dir,
      EMBEDDED_DATABASE_PASSWORD: options.password,
      EMBEDDED_DATABASE_PORT: String(options.port),
    },
    verbose: options.verbose,
    logFile: join(options.logsDir, "postgres.log"),
  });
  let ready = false;
  managed.child.stdout?.on("data", (chunk: Buffer) => {
    if (/^ready \d+/m.test(chunk.toString())) ready = true;
  });
  await waitUntil("PostgreSQL", async () => ready, { timeoutMs: 90_000, process: managed });
  const url = `postgresql://freehold:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`;
  return { url, process: managed };
}

/** `npm run deploy -- --network localhost`: deploys what is missing, records it in `recordDir`. */
export async function deploy(
  options: ProcessOptions & { rpcUrl: string; recordDir: string; agent: string; manager: string },
): Promise<void> {
  try {
    await deployStep(options);
  } catch (error) {
    const message = (error as Error).message;
    // The runner refuses to replace a recorded contract whose code differs from the compiled one (on a public
    // network that is the right answer); locally it means the contracts were edited since the chain was set up.
    if (/is not the compiled/.test(message)) {
      throw new Error(
        `the contracts were changed since they were deployed on this local chain: start afresh with npm start -- --reset (the demo data is recreated).\n${message}`,
      );
    }
    throw error;
  }
}

/**
 * The admins' own deploy command for the local chain, with the demo's primary fee (seed/fees.ts): in force from the
 * schedule's deployment, so every demo offering has it in its terms (a re-run with the same fee sends nothing).
 */
export function deployArgs(options: { agent: string; manager: string }): string[] {
  return [
    "run",
    "--silent",
    "deploy",
    "--",
    "--network",
    "localhost",
    "--compliance-agent",
    options.agent,
    "--property-manager",
    options.manager,
    "--fee-bps",
    String(DEMO_FEES_BPS.primary),
  ];
}

function deployStep(
  options: ProcessOptions & { rpcUrl: string; recordDir: string; agent: string; manager: string },
): Promise<void> {
  return runStep({
    name: "deploy",
    command: "npm",
    args: deployArgs(options),
    cwd: ROOT,
    env: { FREEHOLD_RPC_URL: options.rpcUrl, FREEHOLD_DEPLOYMENTS_DIR: options.recordDir },
    verbose: options.verbose,
    logFile: join(options.logsDir, "deploy.log"),
  });
}

export interface BackendEnv {
  port: number;
  databaseUrl: string;
  webOrigin: string;
  rpcUrl: string;
  chainId: number;
  firstAdmin: string;
  kycEncryptionKeys: string;
  agentKey: string;
  /** The relayer of gasless investor actions (src/relayer), funded with ETH by the stack. */
  relayerKey?: string;
  storageDir: string;
  recordDir: string;
  /** The local SMTP sink (packages/dev-kit smtp-sink): the backend sends its emails there and lists them at /dev/mail. */
  mail?: { smtpUrl: string; sinkHttpUrl: string };
}

/** The backend's environment for the local stack (production sets the same variables, see .env.example). */
export function backendEnvironment(env: BackendEnv, verbose: boolean): Record<string, string> {
  const origin = new URL(env.webOrigin);
  return {
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    PORT: String(env.port),
    DATABASE_URL: env.databaseUrl,
    FIRST_ADMIN_ADDRESS: env.firstAdmin,
    KYC_ENCRYPTION_KEYS: env.kycEncryptionKeys,
    WEB_ORIGIN: origin.origin,
    SIWE_DOMAIN: origin.host,
    SIWE_CHAIN_ID: String(env.chainId),
    SIWE_RPC_URL: env.rpcUrl,
    STORAGE_DIR: env.storageDir,
    COOKIE_SECURE: "false",
    LOG_LEVEL: verbose ? "info" : "warn",
    // The demo seeding signs in several people within a second.
    AUTH_RATE_LIMIT_PER_MINUTE: "600",
    CHAIN_RPC_URL: env.rpcUrl,
    CHAIN_ID: String(env.chainId),
    COMPLIANCE_AGENT_KEY: env.agentKey,
    ...(env.relayerKey ? { RELAYER_KEY: env.relayerKey } : {}),
    CHAIN_CONFIRMATIONS: "1",
    CHAIN_POLL_MS: "500",
    CHAIN_DEPLOYMENTS_DIR: env.recordDir,
    ...(env.mail
      ? {
          SMTP_URL: env.mail.smtpUrl,
          SMTP_FROM: "Freehold <notifications@freehold.local>",
          DEV_MAIL_SINK_URL: env.mail.sinkHttpUrl,
          EMAIL_WORKER_INTERVAL_MS: "1000",
        }
      : {}),
  };
}

export async function startBackend(
  options: ProcessOptions & { env: Record<string, string>; url: string },
): Promise<ManagedProcess> {
  const managed = startProcess({
    name: "backend",
    command: process.execPath,
    args: ["--import", "tsx", "src/main.ts"],
    cwd: join(ROOT, "backend"),
    env: options.env,
    verbose: options.verbose,
    logFile: join(options.logsDir, "backend.log"),
  });
  await waitUntil("backend", async () => (await fetch(`${options.url}/ready`)).ok, {
    timeoutMs: 120_000,
    process: managed,
  });
  return managed;
}

function fingerprintFiles(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) fingerprintFiles(hash, join(path, entry));
    return;
  }
  hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
}

/**
 * The production build of the web app for this chain and record, into `outDir`. Skipped when nothing it
 * depends on changed since the last build (sources, configuration, deployment record).
 */
export async function buildWeb(
  options: ProcessOptions & { outDir: string; rpcUrl: string; chainId: number; recordDir: string },
): Promise<"built" | "cached"> {
  const env = {
    VITE_RPC_URL: options.rpcUrl,
    VITE_CHAIN_ID: String(options.chainId),
    VITE_API_URL: "/api/v1",
    // The local stack is development: the web app's caught-mail page (/dev/mail) is built in (web/src/app/devTools.ts).
    VITE_DEV_TOOLS: "true",
    FREEHOLD_DEPLOYMENTS_DIR: options.recordDir,
  };
  const web = join(ROOT, "web");
  const hash = createHash("sha256").update(JSON.stringify(env));
  for (const part of ["src", "public", "index.html", "vite.config.ts", "package.json"])
    fingerprintFiles(hash, join(web, part));
  fingerprintFiles(hash, join(ROOT, "package-lock.json"));
  fingerprintFiles(hash, join(ROOT, "deployments", "generated"));
  const record = join(options.recordDir, `${options.chainId}.json`);
  if (existsSync(record)) {
    // Only the addresses matter to the app (not the record's timestamps).
    const { contracts } = JSON.parse(readFileSync(record, "utf8")) as {
      contracts: Record<string, { address: string }>;
    };
    hash.update(
      JSON.stringify(
        Object.entries(contracts)
          .map(([k, c]) => [k, c.address])
          .sort(),
      ),
    );
  }
  const fingerprint = hash.digest("hex");
  const stamp = join(options.outDir, ".fingerprint");
  if (
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === fingerprint &&
    existsSync(join(options.outDir, "index.html"))
  )
    return "cached";
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  await runStep({
    name: "web build",
    command: process.execPath,
    args: [
      join(dirname(require.resolve("vite/package.json")), "bin", "vite.js"),
      "build",
      "--outDir",
      options.outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    cwd: web,
    env,
    verbose: options.verbose,
    logFile: join(options.logsDir, "web-build.log"),
  });
  writeFileSync(stamp, fingerprint);
  return "built";
}
