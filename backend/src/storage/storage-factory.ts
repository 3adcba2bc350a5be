/** The blob store the configuration names (STORAGE_BACKEND): the disk store under STORAGE_DIR, or S3. */
import type { Config } from "../config/index.ts";
import { DiskStorage } from "./disk.ts";
import { S3Storage } from "./s3.ts";
import type { BlobStorage } from "./storage.ts";

export function createStorage(config: Pick<Config, "storage" | "storageDir">): BlobStorage {
  return config.storage.backend === "s3" ? new S3Storage(config.storage.s3) : new DiskStorage(config.storageDir);
}
