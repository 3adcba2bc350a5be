/**
 * `npm run backup` and `npm run restore`: what they do, as functions the commands and the restore drill call.
 *
 * A backup folder holds the database dump (pg_dump, custom format), the document store (content-addressed blobs;
 * with STORAGE_BACKEND=s3 they stay in the bucket, which keeps its own versions), the chain's deployment record and
 * the signed audit checkpoints (AUDIT_CHECKPOINT_DIR), with a manifest of SHA-256 per file. The checkpoints are
 * copied before the dump (each anchors an entry already in the database, so all are in the dump) and the store after
 * it (a document's blob is written before the row that names it commits, so every blob the dump refers to is in the
 * copy; a blob uploaded in between is an unreferenced extra, harmless).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { deploymentPath } from "@freehold/deployments/node";
import {
  AUDIT_CHECKPOINTS_FOLDER,
  DATABASE_DUMP,
  DEPLOYMENTS_FOLDER,
  hashFiles,
  MANIFEST_FORMAT,
  STORAGE_FOLDER,
  verifyBackup,
  writeManifest,
  type Manifest,
} from "./manifest.js";
import { assertDumpable, dump, findPgTools, query, restoreDump, userRelations } from "./postgres.js";

export interface Locations {
  databaseUrl: string;
  /** The backend's STORAGE_DIR. */
  storageDir: string;
  /** Folder of deployment records (the backend's CHAIN_DEPLOYMENTS_DIR). */
  deploymentsDir: string;
  chainId: number;
  /** Folder of pg_dump, pg_restore and psql (PG_BIN_DIR); PATH when absent. */
  pgBinDir: string | undefined;
  /** The backend's AUDIT_CHECKPOINT_DIR, when it signs checkpoints of the audit trail. */
  auditCheckpointDir?: string | undefined;
  /** `s3://bucket/prefix` when the documents are in an S3 bucket (STORAGE_BACKEND=s3): not copied. */
  documentsBucket?: string | undefined;
}

/** Checkpoint files as the backend names them (backend/src/audit/checkpoint.ts). */
const CHECKPOINT_FILE = /^audit-\d{12}\.json$/;

/** Uploads still being received: never part of a backup. */
const INCOMING = ".incoming";

export class RestoreRefusedError extends Error {
  override readonly name = "RestoreRefusedError";
}

/** Writes a new backup folder inside `outDir` and returns its path. */
export async function backup(
  at: Locations,
  outDir: string,
  now = new Date(),
): Promise<{ dir: string; manifest: Manifest }> {
  const tools = await findPgTools(at.pgBinDir);
  const serverText = await assertDumpable(tools, at.databaseUrl);
  const record = deploymentPath(at.chainId, at.deploymentsDir);
  if (!existsSync(record)) throw new Error(`no deployment record for chain ${at.chainId} at ${record}`);
  if (!existsSync(at.storageDir)) throw new Error(`the document store ${at.storageDir} does not exist`);

  const name = `freehold-${now.toISOString().replace(/[:.]/g, "-")}`;
  const dir = join(outDir, name);
  // Written under a temporary name, renamed when complete: a folder with the final name is always a whole backup.
  const partial = join(outDir, `.${name}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const cursor = await query(
      tools,
      at.databaseUrl,
      `SELECT "blockNumber" FROM chain_cursors WHERE "chainId" = ${Number(at.chainId)}`,
    ).catch(() => []);
    const migrations = (
      await query(
        tools,
        at.databaseUrl,
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`,
      )
    ).map(([m]) => m!);
    if (at.auditCheckpointDir && existsSync(at.auditCheckpointDir)) {
      mkdirSync(join(partial, AUDIT_CHECKPOINTS_FOLDER));
      for (const file of readdirSync(at.auditCheckpointDir).filter((f) => CHECKPOINT_FILE.test(f)))
        cpSync(join(at.auditCheckpointDir, file), join(partial, AUDIT_CHECKPOINTS_FOLDER, file));
    }
    await dump(tools, at.databaseUrl, join(partial, DATABASE_DUMP));
    if (!at.documentsBucket)
      cpSync(at.storageDir, join(partial, STORAGE_FOLDER), {
        recursive: true,
        filter: (source) => basename(source) !== INCOMING,
      });
    mkdirSync(join(partial, DEPLOYMENTS_FOLDER));
    cpSync(record, join(partial, DEPLOYMENTS_FOLDER, basename(record)));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      createdAt: now.toISOString(),
      chainId: at.chainId,
      database: { serverVersion: serverText, dumpTool: tools.version },
      migrations,
      syncCursor: cursor[0]?.[0] === undefined ? null : Number(cursor[0][0]),
      documents: at.documentsBucket ? (at.documentsBucket as `s3://${string}`) : "copied",
      files: await hashFiles(partial),
    };
    writeManifest(partial, manifest);
    renameSync(partial, dir);
    return { dir, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

const isEmptyFolder = (dir: string): boolean => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Restores a backup into an empty database, an empty (or absent) document store and a deployments folder without
 * a record for the chain. Verifies the manifest before anything is written; refuses anything non-empty.
 */
export async function restore(at: Locations, from: string, migrationsDir: string): Promise<Manifest> {
  const manifest = await verifyBackup(from);
  if (manifest.chainId !== at.chainId)
    throw new RestoreRefusedError(`the backup is of chain ${manifest.chainId}, not of chain ${at.chainId}`);
  const known = new Set(existsSync(migrationsDir) ? readdirSync(migrationsDir) : []);
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new RestoreRefusedError(
      `the backup's database has migrations this code does not know (${unknown.join(", ")}): restore with the release that made the backup`,
    );
  const tools = await findPgTools(at.pgBinDir);
  const relations = await userRelations(tools, at.databaseUrl);
  if (relations > 0)
    throw new RestoreRefusedError(
      `the database is not empty (${relations} tables, views or sequences): restore into a new, empty database`,
    );
  if (!isEmptyFolder(at.storageDir))
    throw new RestoreRefusedError(`the document store ${at.storageDir} is not empty: restore into an empty folder`);
  const record = deploymentPath(at.chainId, at.deploymentsDir);
  if (existsSync(record))
    throw new RestoreRefusedError(`a deployment record already exists at ${record}: restore into an empty folder`);
  const checkpoints = join(from, AUDIT_CHECKPOINTS_FOLDER);
  const checkpointFiles = existsSync(checkpoints) ? readdirSync(checkpoints) : [];
  if (checkpointFiles.length && !at.auditCheckpointDir)
    throw new RestoreRefusedError(
      `the backup holds ${checkpointFiles.length} signed audit checkpoints: set AUDIT_CHECKPOINT_DIR to the backend's`,
    );

  await restoreDump(tools, at.databaseUrl, join(from, DATABASE_DUMP));
  mkdirSync(at.storageDir, { recursive: true });
  const storage = join(from, STORAGE_FOLDER);
  if (existsSync(storage)) cpSync(storage, at.storageDir, { recursive: true });
  mkdirSync(at.deploymentsDir, { recursive: true });
  cpSync(join(from, DEPLOYMENTS_FOLDER, basename(record)), record);
  if (at.auditCheckpointDir && checkpointFiles.length) {
    // Only the missing ones: checkpoints are write-once, and those taken after the backup (if the folder survived)
    // must stay, so the audit check reports the entries the restore lost as a truncated tail.
    mkdirSync(at.auditCheckpointDir, { recursive: true });
    for (const file of checkpointFiles)
      if (!existsSync(join(at.auditCheckpointDir, file)))
        cpSync(join(checkpoints, file), join(at.auditCheckpointDir, file));
  }
  return manifest;
}
