/** Runs the email worker next to the HTTP server when SMTP is configured (src/config: SMTP_*, EMAIL_*). */
import type { Logger } from "pino";
import type { Config } from "../../config/index.ts";
import { keyRingFromConfig } from "../../crypto/key-ring.ts";
import type { Db } from "../../db/client.ts";
import { startPeriodicJob, type PeriodicJob } from "../../jobs/periodic.ts";
import { smtpTransport } from "./smtp-transport.ts";
import { createEmailWorker, type DeliveryReport } from "./worker.ts";

export function startEmailJob(options: {
  db: Db;
  config: Config;
  logger: Pick<Logger, "info" | "warn" | "error">;
}): PeriodicJob<DeliveryReport | null> | undefined {
  const { db, config, logger } = options;
  const smtp = config.email.smtp;
  if (!smtp) {
    logger.warn("SMTP is not configured: notification emails stay queued");
    return undefined;
  }
  const transport = smtpTransport(smtp);
  const worker = createEmailWorker({
    db,
    ring: keyRingFromConfig(config.kycKeys),
    transport,
    settings: { ...config.email.worker, batchSize: 50, webOrigin: config.webOrigin },
  });
  const job = startPeriodicJob<DeliveryReport | null>(
    async () => {
      const report = await worker.runOnce();
      // counts only: never an address, a subject or a body
      if (report.sent + report.retried + report.failed + report.unknown > 0) logger.info({ email: report }, "emails");
      return report;
    },
    {
      intervalMs: config.email.worker.intervalMs,
      fallback: null,
      onError: (error) => logger.error({ err: error }, "email delivery run failed"),
    },
  );
  return {
    runOnce: job.runOnce,
    stop: async () => {
      await job.stop();
      transport.close();
    },
  };
}
