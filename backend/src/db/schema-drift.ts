/**
 * The SQL that would take a database migrated with the committed migrations to the schema in prisma/schema/
 * (`prisma migrate diff`, with `databaseUrl` as Prisma's shadow database): empty when they agree. Used by
 * `npm run migrate:new` to write a migration and by the test that keeps the two from drifting apart.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface SchemaDiff {
  /** The migration SQL, null when the committed migrations already give the schema. */
  sql: string | null;
}

/** `schemaDir`: the Prisma schema folder to compare with (prisma/schema by default). */
export function diffMigrationsToSchema(databaseUrl: string, schemaDir = "prisma/schema"): SchemaDiff {
  const migrationsDir = path.join(backendDir, "prisma", "migrations");
  const hasMigrations = readdirSync(migrationsDir, { withFileTypes: true }).some((e) => e.isDirectory());
  const from = hasMigrations ? ["--from-migrations", "prisma/migrations"] : ["--from-empty"];
  const result = spawnSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schemaDir, "--script"],
    { cwd: backendDir, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed: ${result.stderr || result.error?.message}`);
  return { sql: /^-- This is an empty migration\.\s*$/m.test(result.stdout) ? null : result.stdout };
}
