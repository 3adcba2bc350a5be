/**
 * The servers under test, in their own process (so the load generator does not share their event loop):
 * a bare Express handler (the ceiling) and the real API against the seeded database. Prints `PORTS <bare> <api>`.
 */
import express from "express";
import { pino } from "pino";
import { loadConfig } from "../src/config/index.ts";
import { createDb } from "../src/db/client.ts";
import { createPool } from "../src/db/pool.ts";
import { createApp } from "../src/http/app.ts";
import { DiskStorage } from "../src/storage/disk.ts";

const config = loadConfig(process.env);
const bare = express();
bare.get("/bare", (_req, res) => {
  res.json({ ok: true });
});
const pool = createPool(config.databaseUrl!, config.databasePoolSize);
const db = createDb(config.databaseUrl!, config.databasePoolSize, pool);
const api = createApp({ config, db, pool, storage: new DiskStorage(config.storageDir) }, { logger: pino({ level: config.logLevel }) });
const listen = (app: express.Express) =>
  new Promise<number>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => {
      const a = s.address();
      resolve(typeof a === "object" && a ? a.port : 0);
    });
  });
const [barePort, apiPort] = await Promise.all([listen(bare), listen(api)]);
process.stdout.write(`PORTS ${barePort} ${apiPort}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
