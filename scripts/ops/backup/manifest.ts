/**
 * The manifest of a backup: every file in the backup folder with its size and SHA-256, so a restore can prove the
 * folder is exactly what the backup wrote (nothing missing, nothing added, no byte changed) before it touches
 * anything.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "freehold-backup/1";

export interface ManifestFile {
  /** Path inside the backup folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  chainId: number;
  database: { serverVersion: string; dumpTool: string };
  /** Migrations applied in the dumped database (a restore refuses code that does not know them). */
  migrations: string[];
  /** The chain sync's cursor at dump time: after a restore the sync resumes from here. */
  syncCursor: number | null;
  /** Where the documents are: copied into storage/, or left in their S3 bucket (`s3://bucket/prefix`). */
  documents?: "copied" | `s3://${string}`;
  files: ManifestFile[];
}

/** A backup folder that is not what its manifest says. */
export class BackupIntegrityError extends Error {
  override readonly name = "BackupIntegrityError";
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Every regular file under `dir` (sorted, relative, forward slashes), except the manifest itself. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(relative(dir, full).split(sep).join("/"));
      else throw new BackupIntegrityError(`${full} is neither a file nor a folder`);
    }
  };
  walk(dir);
  return found.filter((path) => path !== MANIFEST_FILE).sort();
}

export async function hashFiles(dir: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const path of listFiles(dir)) {
    const full = join(dir, path);
    files.push({ path, bytes: statSync(full).size, sha256: await sha256File(full) });
  }
  return files;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}

/** Reads the manifest and checks every file against it; throws BackupIntegrityError naming each difference. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new BackupIntegrityError(`${dir} has no ${MANIFEST_FILE}: not a Freehold backup`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (error) {
    throw new BackupIntegrityError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files))
    throw new BackupIntegrityError(`${file} is not a ${MANIFEST_FORMAT} manifest`);
  const problems: string[] = [];
  const expected = new Map(manifest.files.map((f) => [f.path, f]));
  const present = new Set(listFiles(dir));
  for (const path of present) if (!expected.has(path)) problems.push(`${path}: not in the manifest`);
  for (const [path, entry] of expected) {
    if (!present.has(path)) {
      problems.push(`${path}: missing`);
      continue;
    }
    const full = join(dir, path);
    const bytes = statSync(full).size;
    if (bytes !== entry.bytes) problems.push(`${path}: ${bytes} bytes, the manifest says ${entry.bytes}`);
    else if ((await sha256File(full)) !== entry.sha256) problems.push(`${path}: SHA-256 differs from the manifest`);
  }
  if (!manifest.files.some((f) => f.path === DATABASE_DUMP)) problems.push(`${DATABASE_DUMP}: not in the manifest`);
  if (problems.length)
    throw new BackupIntegrityError(`the backup in ${dir} does not match its manifest:\n  ${problems.join("\n  ")}`);
  return manifest;
}

/** Where each part lives inside a backup folder. */
export const DATABASE_DUMP = "database.dump";
export const STORAGE_FOLDER = "storage";
export const DEPLOYMENTS_FOLDER = "deployments";
export const AUDIT_CHECKPOINTS_FOLDER = "audit-checkpoints";
