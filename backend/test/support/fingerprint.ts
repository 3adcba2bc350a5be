/**
 * A fingerprint of every table of a test database: row count and newest row version (xmin) per table. Any insert,
 * update or delete changes it (an updated row is a new version with a newer transaction id), so "a refused request
 * changes nothing" is `fingerprint before === fingerprint after`. One query on an open connection: cheap enough to
 * take around every request of a property test.
 */
import pg from "pg";

/** The SQL of the fingerprint of every table in `public` (built once: the tables do not change during a test). */
export async function fingerprintQuery(c: pg.Client): Promise<string> {
  const tables = (
    await c.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    )
  ).rows.map((r) => r.t);
  return `SELECT string_agg(t || ':' || n || ':' || coalesce(x, '-'), '|' ORDER BY t) AS f FROM (${tables
    .map((t) => `SELECT '${t}' AS t, count(*) AS n, max(xmin::text::bigint)::text AS x FROM "${t}"`)
    .join(" UNION ALL ")}) s`;
}

/** Connects to `databaseUrl` and returns a function that takes the fingerprint, and one that disconnects. */
export async function openFingerprint(
  databaseUrl: string,
): Promise<{ take(): Promise<string>; close(): Promise<void> }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const sql = await fingerprintQuery(c);
  return { take: async () => (await c.query<{ f: string }>(sql)).rows[0]!.f, close: () => c.end() };
}
