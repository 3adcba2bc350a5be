/**
 * The servers under test, in their own process (so the load generator does not share their event loop):
 * a bare Express handler (the ceiling), the real API as production runs it (the public response cache and the
 * session cache on, kept live by the change feed) and the same API without either cache, against the seeded
 * database.
 * Prints `PORTS <bare> <api> <api without cache>`.
 */
import express from "express";
import { pino } from "pino";
import { loadConfig } from "../src/config/index.ts";
import { createDb } from "../src/db/client.ts";
import { createPool } from "../src/db/pool.ts";
import { createApp } from "../src/http/app.ts";
import { startCaches } from "../src/http/cache-feed.ts";
import { DiskStorage } from "../src/storage/disk.ts";

const config = loadConfig(process.env);
const bare = express();
bare.get("/bare", (_req, res) => {
  res.json({ ok: true });
});
const pool = createPool(config.databaseUrl!, config.databasePoolSize);
const db = createDb(config.databaseUrl!, config.databasePoolSize, pool);
const logger = pino({ level: config.logLevel });
const storage = new DiskStorage(config.storageDir);
const { publicCache, sessionCache } = await startCaches(
  config.databaseUrl!,
  { publicCache: config.publicCache, sessionCache: config.sessionCache },
  logger,
);
if (!publicCache?.enabled || !sessionCache?.enabled) throw new Error("the caches did not start");
const api = createApp({ config, db, pool, storage, publicCache, sessionCache }, { logger });
const uncached = createApp({ config, db, pool, storage }, { logger });
const listen = (app: express.Express) =>
  new Promise<number>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => {
      const a = s.address();
      resolve(typeof a === "object" && a ? a.port : 0);
    });
  });
const [barePort, apiPort, uncachedPort] = await Promise.all([listen(bare), listen(api), listen(uncached)]);
process.stdout.write(`PORTS ${barePort} ${apiPort} ${uncachedPort}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
