/**
 * Tests of what the database holds, whatever feature wrote it: a scan of every table's rows for a text, and a
 * database left as an earlier version left it (every migration before a given one), to test a migration's step.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, MIGRATIONS_DIR } from "../../src/db/migrate.ts";

export async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** How many rows of each table hold `text` anywhere (every column, as the row's text); tables with none are left out. */
export async function rowsHolding(client: pg.Client, text: string, caseless = true): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await client.query<{ n: number }>(
      caseless
        ? `SELECT count(*)::int AS n FROM "${name}" r WHERE strpos(lower(r::text), lower($1)) > 0`
        : `SELECT count(*)::int AS n FROM "${name}" r WHERE strpos(r::text, $1) > 0`,
      [text],
    );
    if (rows[0]!.n > 0) found[name] = rows[0]!.n;
  }
  return found;
}

/**
 * A new database of the test cluster migrated as the version before `migration` left it (every migration whose
 * name sorts before it). Returns its URL and a function that drops it.
 */
export async function databaseBefore(migration: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env["FREEHOLD_TEST_PG_ADMIN_URL"]!;
  const name = `before_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const earlier = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  try {
    for (const entry of await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      if (entry.isDirectory() && entry.name < migration)
        await cp(path.join(MIGRATIONS_DIR, entry.name), path.join(earlier, entry.name), { recursive: true });
    await migrate(url.toString(), earlier);
  } finally {
    await rm(earlier, { recursive: true, force: true });
  }
  return {
    url: url.toString(),
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE ${name}`)).then(() => undefined),
  };
}
