/**
 * Liveness and readiness that mean what they say. `/health` (liveness): the process answers; a failing one is
 * restarted. `/ready` (readiness): this instance can serve now; a failing one gets no traffic but is not restarted.
 * Ready means: the database answers, no instance is applying migrations (the schema may be mid-change: the
 * migration advisory lock is held), and, with the chain services running, the chain sync is at most
 * READY_MAX_CHAIN_LAG_BLOCKS behind the node.
 */
import type pg from "pg";
import { MIGRATION_LOCK_KEY } from "../db/migrate.ts";
import { chainLag, type MetricSources } from "./metrics.ts";

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, Check>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

/** False while another session holds the migration lock (a migration is being applied). */
async function migrationsIdle(pool: pg.Pool): Promise<boolean> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1) AS got", [
      MIGRATION_LOCK_KEY,
    ]);
    if (rows[0]?.got) await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    return rows[0]?.got === true;
  } finally {
    client.release();
  }
}

/** A failed check's error, for this instance's log: `/ready` is public and says only which check failed. */
export type CheckFailure = (check: string, error: Error) => void;

async function check(run: () => Promise<Check>, what: string, failed: CheckFailure): Promise<Check> {
  try {
    return await withTimeout(run(), what);
  } catch (error) {
    // The driver's message may name hosts, ports, users or an RPC URL with its key: logged, never answered.
    failed(what, error as Error);
    return { ok: false, detail: `${what} failed (the error is in this instance's log)` };
  }
}

export async function readiness(
  sources: MetricSources,
  maxChainLagBlocks: number,
  failed: CheckFailure,
): Promise<Readiness> {
  const { pool, chain } = sources;
  const checks: Record<string, Check> = {};
  checks["database"] = await check(
    async () => {
      await pool.query("SELECT 1");
      return { ok: true };
    },
    "the database",
    failed,
  );
  checks["migrations"] = checks["database"].ok
    ? await check(
        async () =>
          (await migrationsIdle(pool)) ? { ok: true } : { ok: false, detail: "a migration is being applied" },
        "the migration lock",
        failed,
      )
    : { ok: false, detail: "the database is unreachable" };
  if (chain) {
    checks["chainSync"] = await check(
      async () => {
        const lag = await chainLag(pool, chain);
        const detail = `${lag.blocks} blocks behind the node (head ${lag.head}, limit ${maxChainLagBlocks})`;
        return { ok: lag.blocks <= maxChainLagBlocks, detail };
      },
      "the chain",
      failed,
    );
  }
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
