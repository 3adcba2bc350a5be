/** Runs the chain sync once to the head (one confirmation) on a test database: the tests' "the sync has caught up". */
import pg from "pg";
import type { PublicClient } from "viem";
import type { DeploymentRecord } from "@freehold/deployments";
import type { Db } from "../../db/client.ts";
import { ChainSync } from "../sync/chain-sync.ts";

export async function catchUp(options: {
  db: Db;
  databaseUrl: string;
  client: PublicClient;
  chainId: number;
  record: DeploymentRecord;
}): Promise<void> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  try {
    await new ChainSync({
      db: options.db,
      pool,
      client: options.client,
      chainId: options.chainId,
      record: options.record,
      confirmations: 1,
      blockRange: 1_000,
    }).catchUp();
  } finally {
    await pool.end();
  }
}
