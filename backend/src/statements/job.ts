/**
 * The statements job: every hour, the statements due (periods that ended, for investors who held or transacted in
 * them) are generated. Only periods that ended before the chain sync last moved count, so a statement never misses
 * events the sync has not stored yet. A re-run writes nothing new (the unique row per user, kind and period).
 */
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { startPeriodicJob, type PeriodicJob } from "../jobs/periodic.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { generateDueStatements } from "./service.ts";

export const STATEMENT_SCAN_INTERVAL_MS = 3_600_000;

/** Up to when the chain sync has stored events: when its cursor last moved (never later than now). */
export async function syncedThrough(db: Db, chainId: number, now = new Date()): Promise<Date | null> {
  const cursor = await db.chainCursor.findUnique({ where: { chainId }, select: { updatedAt: true } });
  if (!cursor) return null;
  return cursor.updatedAt < now ? cursor.updatedAt : now;
}

export function startStatementsJob(options: {
  db: Db;
  storage: BlobStorage;
  chainId: number;
  logger: Pick<Logger, "info" | "error">;
  intervalMs?: number;
}): PeriodicJob<number> {
  const { db, storage, chainId, logger } = options;
  return startPeriodicJob(
    async () => {
      const asOf = await syncedThrough(db, chainId);
      if (!asOf) return 0;
      const created = await generateDueStatements(db, storage, chainId, asOf);
      if (created.length > 0) logger.info({ statements: created.length }, "investor statements generated");
      return created.length;
    },
    {
      intervalMs: options.intervalMs ?? STATEMENT_SCAN_INTERVAL_MS,
      fallback: 0,
      atStart: true,
      onError: (error) => logger.error({ err: error }, "investor statements run failed"),
    },
  );
}
