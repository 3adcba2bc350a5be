/**
 * A real backend process for the crash-safety test: the app on 127.0.0.1:0 against the database given in
 * DATABASE_URL. Prints `READY <port>` once listening. The test kills it with SIGKILL mid-request.
 */
import { pino } from "pino";
import { loadConfig } from "../../src/config/index.ts";
import { createDb } from "../../src/db/client.ts";
import { createPool } from "../../src/db/pool.ts";
import { createApp } from "../../src/http/app.ts";
import { DiskStorage } from "../../src/storage/disk.ts";

const config = loadConfig(process.env);
const pool = createPool(config.databaseUrl!, 2);
const db = createDb(config.databaseUrl!, 2, pool);
const app = createApp(
  { config, db, pool, storage: new DiskStorage(config.storageDir) },
  { logger: pino({ level: "silent" }) },
);
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`READY ${typeof address === "object" && address ? address.port : 0}\n`);
});
