/**
 * Where document bytes live. Content-addressed: the key of a blob is the SHA-256 of its bytes, so the hash the
 * registry records is also how the file is found, and storing the same file twice stores it once.
 * Implementations: `DiskStorage` (a directory); an S3-compatible store would implement the same three methods.
 */
import { createHash } from "node:crypto";

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStorage {
  put(bytes: Buffer): Promise<StoredBlob>;
  /** The bytes, or undefined when no blob has this hash. */
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
