/**
 * The periodic job that expires approvals whose KYC expiry has passed (and queues their on-chain removal).
 * Start it next to the HTTP server: `const job = startKycExpiryJob({ db, logger }); ... await job.stop();`.
 * Each run is one transaction; runs never overlap; a failed run is logged and retried at the next tick.
 */
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { expireDue } from "./service.ts";

export interface ExpiryJob {
  /** Runs once now (also what the timer calls); resolves with the ids expired. */
  runOnce(): Promise<string[]>;
  stop(): Promise<void>;
}

export function startKycExpiryJob(options: { db: Db; logger: Pick<Logger, "info" | "error">; intervalMs?: number }): ExpiryJob {
  const { db, logger } = options;
  let running: Promise<string[]> | null = null;
  const runOnce = (): Promise<string[]> => {
    running ??= db
      .$transaction((tx) => expireDue(tx, null), { timeout: 60_000 })
      .then(
        (ids) => {
          if (ids.length > 0) logger.info({ expired: ids.length }, "KYC approvals expired");
          return ids;
        },
        (error: unknown) => {
          logger.error({ err: error }, "KYC expiry run failed");
          return [];
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
