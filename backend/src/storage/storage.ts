/**
 * Where document bytes live. Content-addressed: the key of a blob is the SHA-256 of its bytes, so the hash the
 * registry records is also how the file is found, and storing the same file twice stores it once.
 * Implementations: `DiskStorage` (a directory); an S3-compatible store would implement the same four methods.
 */
import { createHash } from "node:crypto";

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
  /** The bytes, or undefined when no blob has this hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
