/**
 * What the local stack is started with: command-line flags and the few environment variables a developer may
 * set (ports, data folder, an external database). Validated here, before anything starts.
 */
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";

export const ROOT = resolve(import.meta.dirname, "..", "..");

export const START_USAGE = `Usage: npm start [-- options]

Starts the whole Freehold platform on this machine: a local chain (anvil), the contracts (deployed by
npm run deploy), PostgreSQL, the backend with its compliance agent and chain sync, and the web app, with demo
data on the first start. Ctrl-C stops everything. State is kept in the data folder between starts.

Options:
  --reset      wipe the data folder first (chain, database, uploads, demo data)
  --no-seed    do not create the demo data on a first start
  --verbose    also print every process's output here, and the backend's at info level (else warnings only)
  --help

Logs (in <data>/logs/, appended at every start; the terminal shows only progress and errors):
  chain.log       anvil (run with --silent: errors only; hardhat node's full output where anvil is missing)
  postgres.log    the embedded PostgreSQL (not with DATABASE_URL)
  compile.log     npm run compile, when the contracts changed
  generate.log    the backend's database client, when the schema changed
  deploy.log      npm run deploy (what it deployed or kept)
  backend.log     API, compliance agent, chain sync (warnings and errors; all with --verbose)
  web-build.log   the web app's production build, when it is rebuilt
The web server and the demo data seed run inside npm start itself: they log to the terminal only.

Environment:
  FREEHOLD_DATA_DIR    data folder (default ./data)
  FREEHOLD_CHAIN_PORT  local chain JSON-RPC port (default 8545)
  FREEHOLD_API_PORT    backend port (default 4000)
  FREEHOLD_WEB_PORT    web app port (default 5173)
  FREEHOLD_DB_PORT     embedded PostgreSQL port (default 54329)
  DATABASE_URL         use this PostgreSQL instead of the embedded one`;

export interface StackSettings {
  dataDir: string;
  reset: boolean;
  seed: boolean;
  verbose: boolean;
  help: boolean;
  ports: { chain: number; api: number; web: number; database: number };
  /** An external database; absent, an embedded PostgreSQL runs in the data folder. */
  databaseUrl: string | undefined;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new Error(`${name} must be a port number from 1 to 65535, not ${JSON.stringify(text)}`);
  return value;
}

export function parseSettings(argv: readonly string[], env: NodeJS.ProcessEnv): StackSettings {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      reset: { type: "boolean", default: false },
      "no-seed": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const dataText = env["FREEHOLD_DATA_DIR"] || "data";
  const ports = {
    chain: port(env, "FREEHOLD_CHAIN_PORT", 8545),
    api: port(env, "FREEHOLD_API_PORT", 4000),
    web: port(env, "FREEHOLD_WEB_PORT", 5173),
    database: port(env, "FREEHOLD_DB_PORT", 54329),
  };
  const distinct = new Set(Object.values(ports));
  if (distinct.size !== 4)
    throw new Error(`the chain, API, web and database ports must differ: ${JSON.stringify(ports)}`);
  const databaseUrl = env["DATABASE_URL"] || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
  return {
    dataDir: isAbsolute(dataText) ? dataText : join(ROOT, dataText),
    reset: values.reset,
    seed: !values["no-seed"],
    verbose: values.verbose,
    help: values.help,
    ports,
    databaseUrl,
  };
}

/** Where each part keeps its state inside the data folder. */
export function dataPaths(dataDir: string) {
  return {
    chainState: join(dataDir, "chain", "state.json"),
    deployments: join(dataDir, "deployments"),
    postgres: join(dataDir, "postgres"),
    storage: join(dataDir, "storage"),
    web: join(dataDir, "web"),
    logs: join(dataDir, "logs"),
    secrets: join(dataDir, "secrets.json"),
    seed: join(dataDir, "seed.json"),
  };
}
