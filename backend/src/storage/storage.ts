/**
 * Where document bytes live. Content-addressed: the key of a blob is the SHA-256 of its bytes, so the hash the
 * registry records is also how the file is found, and storing the same file twice stores it once.
 * Implementations: `DiskStorage` (a directory, the default) and `S3Storage` (an S3-compatible bucket), chosen by
 * `STORAGE_BACKEND` (`createStorage`, storage-factory.ts). Both re-hash what they read: bytes that do not hash to
 * their key are never served (`BlobIntegrityError`). One behaviour suite (storage.behaviour.ts) runs against both.
 */
import { createHash } from "node:crypto";
import { ServiceUnavailableError } from "../core/errors.ts";

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStorage {
  put(bytes: Buffer): Promise<StoredBlob>;
  /**
   * Keeps a file already written to disk whose SHA-256 and size were computed while it streamed in (uploads):
   * moved into place, never read into memory. The source path no longer holds it afterwards.
   */
  putFile(source: string, sha256: string, size: number): Promise<StoredBlob>;
  /** The bytes, or undefined when no blob has this hash; throws `BlobIntegrityError` when they do not hash to it. */
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Stored bytes no longer hash to their recorded SHA-256 (bit rot, a tampered or truncated object). Never served:
 * the document is unavailable (503) until an operator restores the blob from a backup (docs/PRODUCTION.md).
 */
export class BlobIntegrityError extends ServiceUnavailableError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the stored content of ${expected} fails its SHA-256 check; it is not served until restored`);
  }
}

/** The bytes when they hash to `sha256`; else `BlobIntegrityError`. */
export function verified(sha256: string, bytes: Buffer): Buffer {
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new BlobIntegrityError(sha256, actual);
  return bytes;
}
