/**
 * PostgreSQL's own tools for the backup: `pg_dump` (custom format, one consistent snapshot of the whole database),
 * `pg_restore` and `psql`. They come from PG_BIN_DIR when set, else from PATH. pg_dump refuses a server newer than
 * itself, so the client's major version is checked first and the refusal says what to install.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

/** The embedded PostgreSQL of `npm start` (backend/package.json): every pg_dump from this version on can back it up. */
export const OLDEST_SERVER = 15;
const INSTALL_HINT = "Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq";

export interface PgTools {
  binDir: string | undefined;
  /** The client's major version (from `pg_dump --version`). */
  major: number;
  version: string;
}

/** A database URL split into what the tools take: the URL without its password, and the password for PGPASSWORD. */
function connection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  // Never on a command line (visible in `ps`): the tools read it from the environment.
  return { url: url.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on("exit", (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${command} ${args[0] ?? ""} failed (exit ${code}): ${stderr.trim().slice(-2000)}`)),
    );
  });
}

const tool = (tools: Pick<PgTools, "binDir">, name: string): string => (tools.binDir ? join(tools.binDir, name) : name);

export async function findPgTools(binDir: string | undefined): Promise<PgTools> {
  const pgDump = binDir ? join(binDir, "pg_dump") : "pg_dump";
  let stdout: string;
  try {
    ({ stdout } = await run(pgDump, ["--version"]));
  } catch (error) {
    throw new Error(
      `pg_dump was not found (${(error as Error).message}): install PostgreSQL's client tools, version ${OLDEST_SERVER} or newer (${INSTALL_HINT}), or set PG_BIN_DIR to the folder holding pg_dump, pg_restore and psql`,
      { cause: error },
    );
  }
  const match = /(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match) throw new Error(`cannot read the version of ${pgDump}: ${stdout.trim()}`);
  return { binDir, major: Number(match[1]), version: stdout.trim() };
}

/** Runs one SQL statement with psql and returns its rows as tab-separated lines. */
export async function query(tools: PgTools, databaseUrl: string, sql: string): Promise<string[][]> {
  const { url, env } = connection(databaseUrl);
  const { stdout } = await run(
    tool(tools, "psql"),
    ["-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
    env,
  );
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split("\t"));
}

export async function serverVersion(tools: PgTools, databaseUrl: string): Promise<{ num: number; text: string }> {
  const [[num, text] = []] = await query(tools, databaseUrl, "SELECT current_setting('server_version_num'), version()");
  return { num: Number(num), text: text ?? "" };
}

/** pg_dump can read servers of its own major version or older only. */
export async function assertDumpable(tools: PgTools, databaseUrl: string): Promise<string> {
  const server = await serverVersion(tools, databaseUrl);
  const serverMajor = Math.floor(server.num / 10_000);
  if (serverMajor > tools.major)
    throw new Error(
      `the database runs PostgreSQL ${serverMajor} but pg_dump is version ${tools.major} (${tools.version}); pg_dump must be at least the server's version: install PostgreSQL ${serverMajor}'s client tools (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor} from apt.postgresql.org; macOS: brew install postgresql@${serverMajor}) and set PG_BIN_DIR to their bin folder`,
    );
  return server.text;
}

/** Relations of the database outside PostgreSQL's own schemas: none means the database is empty. */
export async function userRelations(tools: PgTools, databaseUrl: string): Promise<number> {
  const [[count] = []] = await query(
    tools,
    databaseUrl,
    `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
        AND n.nspname NOT LIKE 'pg\\_temp%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
  );
  return Number(count);
}

export async function dump(tools: PgTools, databaseUrl: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  // Custom format: compressed, one snapshot (pg_dump runs in a REPEATABLE READ transaction), restorable selectively.
  await run(
    tool(tools, "pg_dump"),
    ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${url}`],
    env,
  );
}

export async function restoreDump(tools: PgTools, databaseUrl: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  // One transaction: a restore that fails half way leaves the database empty, so it can simply be run again.
  await run(
    tool(tools, "pg_restore"),
    ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", `--dbname=${url}`, file],
    env,
  );
}
