/**
 * Crash-safety rig shared by the registry's and KYC/AML's crash tests: a real backend process (crash-child.ts) on
 * the test's database, a test-only trigger that sleeps inside the transaction once a table receives rows, and a
 * SIGKILL while it sleeps. PostgreSQL must then abort the orphaned transaction, leaving nothing of it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestContext } from "./harness.ts";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "crash-child.ts");

async function startChild(t: TestContext): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      FIRST_ADMIN_ADDRESS: t.config.firstAdminAddress,
      KYC_ENCRYPTION_KEYS: t.config.kycKeys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(","),
      WEB_ORIGIN: t.config.webOrigin,
      SIWE_DOMAIN: t.config.siwe.domain,
      SIWE_CHAIN_ID: String(t.config.siwe.chainId),
      STORAGE_DIR: t.storageDir,
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface CrashRig {
  /** A SQL session of its own on the test database (for the trigger and for checks). */
  sql: pg.Client;
  /** Sends `send` to a fresh backend process, kills it (SIGKILL) while the write sleeps after `table`'s rows. */
  killDuring(table: string, send: (url: string) => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function crashRig(t: TestContext): Promise<CrashRig> {
  const sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
  // Let PostgreSQL notice a vanished client quickly even while a statement runs.
  await sql.query(
    `ALTER DATABASE "${new URL(t.databaseUrl).pathname.slice(1)}" SET client_connection_check_interval = '100ms'`,
  );
  await sql.query(
    `CREATE OR REPLACE FUNCTION crash_pause() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$`,
  );
  return {
    sql,
    killDuring: async (table, send) => {
      await sql.query(
        `CREATE TRIGGER crash_pause AFTER INSERT ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION crash_pause()`,
      );
      const { child, url } = await startChild(t);
      try {
        void send(url).catch(() => undefined); // the connection dies with the process
        await waitFor(
          async () =>
            (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND state = 'active'`))
              .rowCount === 1,
          "the write to reach the pause",
        );
        child.kill("SIGKILL");
        await waitFor(
          async () => (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'`)).rowCount === 0,
          "PostgreSQL to abort the orphaned transaction",
        );
      } finally {
        child.kill("SIGKILL");
        await sql.query(`DROP TRIGGER IF EXISTS crash_pause ON "${table}"`);
      }
    },
    close: () => sql.end(),
  };
}
