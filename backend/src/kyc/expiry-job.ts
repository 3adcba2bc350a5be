/**
 * The periodic job that expires approvals whose KYC expiry has passed (and queues their on-chain removal).
 * Start it next to the HTTP server: `const job = startKycExpiryJob({ db, logger }); ... await job.stop();`.
 * Each run is one transaction; runs never overlap; a failed run is logged and retried at the next tick.
 */
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { startPeriodicJob, type PeriodicJob } from "../jobs/periodic.ts";
import { expireDue } from "./service.ts";

export type ExpiryJob = PeriodicJob<string[]>;

export function startKycExpiryJob(options: {
  db: Db;
  logger: Pick<Logger, "info" | "error">;
  intervalMs?: number;
}): ExpiryJob {
  const { db, logger } = options;
  const expire = async (): Promise<string[]> => {
    const ids = await db.$transaction((tx) => expireDue(tx, null), { timeout: 60_000 });
    if (ids.length > 0) logger.info({ expired: ids.length }, "KYC approvals expired");
    return ids;
  };
  return startPeriodicJob(expire, {
    intervalMs: options.intervalMs ?? 60_000,
    fallback: [],
    onError: (error) => logger.error({ err: error }, "KYC expiry run failed"),
  });
}
