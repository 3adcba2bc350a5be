/**
 * Real PostgreSQL servers for the restore drill and the fault run, each one that can be shut down fast, crashed,
 * destroyed and recreated like a real one:
 *  - the system's (Debian's postgresql), standing in for a managed database, with its own client tools; as root it
 *    runs as the `postgres` user (PostgreSQL refuses root);
 *  - the embedded one of `npm start`, started by the same code (scripts/local/services.ts), backed up with the
 *    client tools on PATH, as a developer runs `npm run backup` next to `npm start`.
 */
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { ManagedProcess } from "../../../local/processes.js";
import { startPostgres } from "../../../local/services.js";
import { run } from "../postgres.js";

/** The server's bin folder: PG_BIN_DIR, else Debian's newest /usr/lib/postgresql/<major>/bin, else `pg_config`'s. */
export function systemPgBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env["PG_BIN_DIR"]) return env["PG_BIN_DIR"];
  const debian = "/usr/lib/postgresql";
  const majors = existsSync(debian)
    ? readdirSync(debian)
        .filter((major) => existsSync(join(debian, major, "bin", "postgres")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0]) return join(debian, majors[0], "bin");
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("PostgreSQL's server is not installed: apt-get install postgresql, or set PG_BIN_DIR");
  }
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

export interface PostgresServer {
  /** Folder of the client tools (pg_dump, pg_restore, psql) to use with it; undefined: PATH's. */
  binDir: string | undefined;
  port: number;
  /** URL of the `freehold` database. */
  url: string;
  /** `pg_ctl stop -m fast` (or immediate: a crash). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** Stops the server, deletes its data folder and creates an empty cluster with an empty database. */
  destroyAndRecreate(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

/** Losing the cluster (the drill's "destroy the database") and cleaning up, the same for both kinds of server. */
function dataFolderLifecycle(
  dir: string,
  stop: (mode: "immediate") => Promise<void>,
  recreate: () => Promise<void>,
): Pick<PostgresServer, "destroyAndRecreate" | "remove"> {
  return {
    destroyAndRecreate: async () => {
      await stop("immediate");
      rmSync(dir, { recursive: true, force: true });
      await recreate();
    },
    remove: async () => {
      await stop("immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startPostgresServer(options: { dir: string; port: number }): Promise<PostgresServer> {
  const binDir = systemPgBinDir();
  const owner = runAs();
  const data = join(options.dir, "data");
  const exec = (name: string, args: string[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const child = spawn(join(binDir, name), args, {
        stdio: ["ignore", "pipe", "pipe"],
        ...(owner ?? {}),
        // The postgres user cannot read the caller's working folder.
        cwd: options.dir,
      });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve(undefined) : reject(new Error(`${name} failed (${code}): ${output.slice(-2000)}`)),
      );
    });
  const url = `postgresql://freehold@127.0.0.1:${options.port}/freehold`;
  const start = async (): Promise<void> => {
    await exec("pg_ctl", [
      "-D",
      data,
      "-l",
      join(options.dir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${options.port} -c listen_addresses=127.0.0.1 -k ${options.dir} -c max_connections=200 -c fsync=off`,
      "start",
    ]);
  };
  const stop = async (mode: "fast" | "immediate" = "fast"): Promise<void> => {
    if (!existsSync(join(data, "postmaster.pid"))) return;
    await exec("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
  };
  const create = async (): Promise<void> => {
    mkdirSync(options.dir, { recursive: true });
    if (owner) chownSync(options.dir, owner.uid, owner.gid);
    // Loopback only, trust: a throwaway test cluster with no secret to leak.
    await exec("initdb", ["-D", data, "-U", "freehold", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
    await start();
    await run(join(binDir, "psql"), [
      "-X",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-d",
      `postgresql://freehold@127.0.0.1:${options.port}/postgres`,
      "-c",
      "CREATE DATABASE freehold",
    ]);
  };
  await create();
  return {
    binDir,
    port: options.port,
    url,
    stop,
    start,
    ...dataFolderLifecycle(options.dir, stop, create),
  };
}

/** The embedded PostgreSQL exactly as `npm start` runs it (its own process, a persistent cluster in `dir`). */
export async function startEmbeddedServer(options: {
  dir: string;
  port: number;
  logsDir: string;
}): Promise<PostgresServer> {
  const password = randomBytes(18).toString("base64url");
  let server: ManagedProcess | undefined;
  let url = "";
  const start = async (): Promise<void> => {
    const started = await startPostgres({
      verbose: false,
      logsDir: options.logsDir,
      dir: options.dir,
      port: options.port,
      password,
    });
    server = started.process;
    url = started.url;
  };
  const stop = async (mode: "fast" | "immediate" = "fast"): Promise<void> => {
    const running = server;
    server = undefined;
    if (!running?.child.pid || running.child.exitCode !== null || running.child.signalCode !== null) return;
    // SIGTERM: the script stops PostgreSQL with SIGINT (fast shutdown). SIGKILL to the group: a crash, server included.
    if (mode === "fast") process.kill(running.child.pid, "SIGTERM");
    else process.kill(-running.child.pid, "SIGKILL");
    await running.exited;
  };
  await start();
  return {
    binDir: undefined,
    port: options.port,
    get url() {
      return url;
    },
    stop,
    start,
    ...dataFolderLifecycle(options.dir, stop, start),
  };
}
