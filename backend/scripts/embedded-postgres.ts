/**
 * A persistent embedded PostgreSQL as its own process, for the local stack (`npm start`): the cluster lives in
 * EMBEDDED_DATABASE_DIR and survives restarts; the backend connects to it with DATABASE_URL like it would to a
 * managed database. Prints one line `ready <port>` once it accepts connections; SIGINT/SIGTERM stop it cleanly.
 *
 * Environment: EMBEDDED_DATABASE_DIR (required), EMBEDDED_DATABASE_PASSWORD (required, set when the cluster is
 * created; the local stack keeps it in its data folder), EMBEDDED_DATABASE_PORT (required).
 */
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../src/db/embedded.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

const dataDir = required("EMBEDDED_DATABASE_DIR");
const password = required("EMBEDDED_DATABASE_PASSWORD");
const port = Number(required("EMBEDDED_DATABASE_PORT"));
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(
    `EMBEDDED_DATABASE_PORT must be a port number, not ${JSON.stringify(process.env["EMBEDDED_DATABASE_PORT"])}`,
  );
  process.exit(2);
}

let lastLines: string[] = [];
let database: EmbeddedDatabase;
try {
  database = await startEmbeddedPostgres({
    dataDir,
    password,
    port,
    log: (line) => {
      lastLines = [...lastLines, line.trim()].slice(-8);
    },
  });
} catch (error) {
  const detail = lastLines.join("\n");
  const stale = /lock file .* already exists|another server might be running/i.test(detail);
  console.error(
    stale
      ? `PostgreSQL in ${dataDir} is already running (a previous start that did not stop?). Stop that process, then start again.\n${detail}`
      : `PostgreSQL did not start from ${dataDir}: ${(error as Error | undefined)?.message ?? "it exited"}\n${detail}`,
  );
  process.exit(1);
}
console.log(`ready ${port}`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  database.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`PostgreSQL did not stop cleanly: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
// The process that started us died without stopping us (killed): stop too, rather than hold the data folder.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1_000).unref();
