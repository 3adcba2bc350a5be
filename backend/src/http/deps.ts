/** Everything a route handler may use, built once in main.ts (or by the test harness) and passed in. */
import type pg from "pg";
import type { Config } from "../config/index.ts";
import { keyRingFromConfig, type KeyRing } from "../crypto/key-ring.ts";
import type { Db } from "../db/client.ts";
import type { Metrics, MetricSources } from "../observability/metrics.ts";
import type { Relayer } from "../relayer/relayer.ts";
import type { BlobStorage } from "../storage/storage.ts";
import type { SessionCache } from "../auth/session-cache.ts";
import type { PublicResponseCache } from "./public-cache.ts";

export interface Deps {
  config: Config;
  db: Db;
  /** The pool under `db`, for the few hot read paths written in SQL (rows shaped like Prisma models). */
  pool: pg.Pool;
  storage: BlobStorage;
  /** Anonymous responses of `publicCache` routes, kept until the registry changes; absent: nothing is cached. */
  publicCache?: PublicResponseCache;
  /**
   * The actors of recently seen sessions, kept until their user changes (auth/session-cache.ts); absent: every
   * signed-in request reads its session from the database. A route that changes an actor (roles, sign-out) drops
   * that user's entries after it commits.
   */
  sessionCache?: SessionCache;
  /** Absent: the app makes its own (without chain metrics). */
  metrics?: Metrics;
  /** The node the chain sync follows, when the chain services run: readiness and lag metrics read its head. */
  chain?: MetricSources["chain"];
  /** The relayer of gasless investor actions (src/relayer), when a RELAYER_* key is configured. */
  relayer?: Relayer;
}

/** The key ring of the personal data encrypted at rest (KYC, email addresses, display names), from the config. */
export const keyRingOf = (deps: Deps): KeyRing => keyRingFromConfig(deps.config.kycKeys);
