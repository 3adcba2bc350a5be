/**
 * A job that runs every `intervalMs` next to the HTTP server: runs never overlap (a call during a run gets that
 * run's result), a failed run is reported to `onError` and yields `fallback`, the timer does not keep the process
 * alive, and `stop()` waits for the run in progress. Used by the KYC expiry job and the audit checkpoints.
 */
export interface PeriodicJob<T> {
  /** Runs once now (also what the timer calls). */
  runOnce(): Promise<T>;
  stop(): Promise<void>;
}

export interface PeriodicOptions<T> {
  intervalMs: number;
  onError: (error: unknown) => void;
  fallback: T;
  /** Also run at start / once more after the timer stopped. */
  atStart?: boolean;
  atStop?: boolean;
}

export function startPeriodicJob<T>(run: () => Promise<T>, options: PeriodicOptions<T>): PeriodicJob<T> {
  let running: Promise<T> | null = null;
  const runOnce = (): Promise<T> => {
    running ??= run()
      .catch((error: unknown) => {
        options.onError(error);
        return options.fallback;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  if (options.atStart) void runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running;
      if (options.atStop) await runOnce();
    },
  };
}

/** A scan that notifies as of now (overdue rent, offerings closing soon, periods to close), run periodically. */
export function startNotificationScan<Db>(options: {
  db: Db;
  scan: (db: Db, asOf: Date) => Promise<number>;
  /** What it notifies, for the log lines ("offerings closing soon"). */
  what: string;
  logger: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  intervalMs: number;
}): PeriodicJob<number> {
  const { db, logger, what } = options;
  return startPeriodicJob(
    async () => {
      const created = await options.scan(db, new Date());
      if (created > 0) logger.info({ notified: created }, `${what} notified`);
      return created;
    },
    {
      intervalMs: options.intervalMs,
      fallback: 0,
      atStart: true,
      onError: (error) => logger.error({ err: error }, `${what} scan failed`),
    },
  );
}
