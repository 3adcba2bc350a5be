/** Everything a route handler may use, built once in main.ts (or by the test harness) and passed in. */
import type { Config } from "../config/index.ts";
import type { Db } from "../db/client.ts";
import type { BlobStorage } from "../storage/storage.ts";

export interface Deps {
  config: Config;
  db: Db;
  storage: BlobStorage;
}
