/**
 * Applies the committed Prisma migrations (prisma/migrations/<name>/migration.sql) at start-up, recording them in
 * Prisma's own `_prisma_migrations` table with Prisma's checksum (SHA-256 of the file), so `prisma migrate deploy`
 * and `prisma migrate status` agree with what ran here. Each migration runs in one transaction; concurrent
 * starters are serialized by an advisory lock. A migration already applied with a different checksum is an error.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
const LOCK_KEY = 72_616_101; // arbitrary constant shared by every instance of this application
/** Held while migrations are applied: readiness (src/observability/health.ts) fails while another session holds it. */
export const MIGRATION_LOCK_KEY = LOCK_KEY;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
}

/**
 * Data steps that SQL cannot do (encrypting with the application's keys), by the name of the migration they must
 * precede: each runs in that migration's transaction, just before its SQL, so both apply or neither does.
 */
export type MigrationSteps = Record<string, (client: pg.Client) => Promise<void>>;

export async function migrate(
  databaseUrl: string,
  dir = MIGRATIONS_DIR,
  steps: MigrationSteps = {},
): Promise<MigrationResult> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const done = new Map(
      (
        await client.query<{ migration_name: string; checksum: string }>(
          `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).rows.map((r) => [r.migration_name, r.checksum]),
    );
    for (const name of entries) {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${name} was modified after it was applied`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await steps[name]?.(client);
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return { applied };
}
