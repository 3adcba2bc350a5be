/**
 * The chain sync in its own process, for the crash test: stores ranges until the one that holds events past
 * KILL_AFTER_EVENTS, and is killed (SIGKILL) inside that range's database transaction, before it commits.
 */
import { readDeployment } from "@freehold/deployments/node";
import pg from "pg";
import { createDb } from "../../db/client.ts";
import { createChainClient } from "../index.ts";
import { ChainSync } from "../sync/chain-sync.ts";

const limit = Number(process.env["KILL_AFTER_EVENTS"]);
const db = createDb(process.env["DATABASE_URL"]!, 2);
const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"]!, max: 1 });
const record = readDeployment(31337, process.env["RECORD_DIR"])!;
let stored = 0;
const sync = new ChainSync({
  db,
  pool,
  client: createChainClient({ rpcUrl: process.env["CHAIN_RPC_URL"]!, pollMs: 50 }),
  chainId: 31337,
  record,
  confirmations: 1,
  blockRange: Number(process.env["BLOCK_RANGE"]),
  faults: {
    beforeCommit: (events) => {
      stored += events;
      if (stored > limit) process.kill(process.pid, "SIGKILL");
    },
  },
});
await sync.catchUp();
await db.$disconnect();
await pool.end();
