/**
 * Disk implementation of BlobStorage: `<root>/<aa>/<sha256>`. Writes go to a temporary file first and are
 * renamed into place, so a crash never leaves a half-written blob under a valid name; the content is re-hashed on
 * read, so a corrupted file is never served (`BlobIntegrityError`).
 */
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { SHA256_PATTERN, sha256Hex, verified, type BlobStorage, type StoredBlob } from "./storage.ts";

export class DiskStorage implements BlobStorage {
  constructor(private readonly root: string) {}

  private pathFor(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error("invalid blob key");
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathFor(sha256);
    if (!(await this.has(sha256))) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes, { flag: "wx" });
      await rename(temporary, target);
    }
    return { sha256, size: bytes.length };
  }

  async putFile(source: string, sha256: string, size: number): Promise<StoredBlob> {
    const target = this.pathFor(sha256);
    if (await this.has(sha256)) {
      await rm(source, { force: true });
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      try {
        await rename(source, temporary);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
        await copyFile(source, temporary);
        await rm(source, { force: true });
      }
      await rename(temporary, target);
    }
    return { sha256, size };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    try {
      return verified(sha256, await readFile(this.pathFor(sha256)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_PATTERN.test(sha256)) return false;
    try {
      await stat(this.pathFor(sha256));
      return true;
    } catch {
      return false;
    }
  }
}
