/**
 * Configuration: parsed and validated once at start-up from an environment-like record, then passed to every
 * part that needs it. Nothing else in the code base reads process.env. No secret has a default: when one is
 * missing the process refuses to start with a message naming it (the test harness supplies explicit values).
 */
import { isIP } from "node:net";
import { getAddress, isAddress } from "viem";
import { z } from "zod";
import type { S3Settings } from "../storage/s3.ts";

const address = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), "must be an Ethereum address")
  .transform((v) => getAddress(v));

/** A comma-separated list of `id:base64key` pairs, 32-byte keys; the first one encrypts, all of them decrypt. */
const keyring = z
  .string()
  .min(1)
  .transform((raw, ctx) => {
    const keys = raw.split(",").map((pair) => {
      const [id, b64] = pair.split(":");
      const key = b64 ? Buffer.from(b64, "base64") : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32) {
        ctx.addIssue({ code: "custom", message: "each entry must be <id>:<base64 of 32 bytes>" });
      }
      return { id: id ?? "", key };
    });
    return keys;
  });

const booleanText = z.enum(["true", "false"]).transform((v) => v === "true");

/** Express's named subnets for `trust proxy`. */
const NAMED_SUBNETS = new Set(["loopback", "linklocal", "uniquelocal"]);

function isSubnet(entry: string): boolean {
  if (NAMED_SUBNETS.has(entry)) return true;
  const [ip = "", prefix, ...rest] = entry.split("/");
  const family = isIP(ip);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the API may say who the client is (X-Forwarded-For), in the forms Express's
 * `trust proxy` takes: `false` (none: the socket address is the client), a hop count (the last N proxies), or a
 * comma-separated list of proxy addresses, CIDR subnets and Express's names (loopback, linklocal, uniquelocal).
 * `true` (trust every hop) is refused: a client could then pick its own address, and with it its rate-limit bucket.
 */
const trustProxy = z
  .string()
  .default("false")
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.trim();
    if (value === "false" || value === "0") return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: "custom", message: "a hop count must be between 0 and 10" });
      return hops;
    }
    if (value === "true") {
      ctx.addIssue({
        code: "custom",
        message:
          "true would trust any X-Forwarded-For a client sends; give the hop count or the proxies' addresses/subnets",
      });
      return false;
    }
    const entries = value.split(",").map((e) => e.trim());
    const bad = entries.filter((e) => !isSubnet(e));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({
        code: "custom",
        message: `not an IP address, CIDR subnet or loopback/linklocal/uniquelocal: ${bad.join(", ") || "(empty)"}`,
      });
    }
    return entries;
  });

/** `id:base64seed[,id2:...]`: Ed25519 keys (32-byte seeds) signing audit checkpoints; the first signs, all verify. */
const checkpointKeys = z
  .string()
  .min(1)
  .transform((raw, ctx) =>
    raw.split(",").map((pair) => {
      const [id, b64] = pair.split(":");
      const seed = b64 ? Buffer.from(b64, "base64") : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || seed.length !== 32) {
        ctx.addIssue({ code: "custom", message: "each entry must be <id>:<base64 of a 32-byte Ed25519 seed>" });
      }
      return { id: id ?? "", seed };
    }),
  );

const EnvObject = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** Absent: an embedded PostgreSQL is started for this process. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  FIRST_ADMIN_ADDRESS: address,
  KYC_ENCRYPTION_KEYS: keyring,
  WEB_ORIGIN: z.url(),
  SIWE_DOMAIN: z.string().min(1),
  SIWE_CHAIN_ID: z.coerce.number().int().positive(),
  /** Optional JSON-RPC endpoint for verifying smart-contract wallet signatures (EIP-1271); EOAs need none. */
  SIWE_RPC_URL: z.url().optional(),
  SIWE_NONCE_TTL_SECONDS: z.coerce.number().int().min(30).max(3_600).default(300),
  /** How far a wallet's clock may run ahead of ours (a message's Issued At); also added to the message's maximum age. */
  SIWE_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(300).max(2_592_000).default(28_800),
  STORAGE_DIR: z.string().min(1),
  /** Where document bytes live: `disk` (STORAGE_DIR, the default) or `s3` (an S3-compatible bucket, S3_*). */
  STORAGE_BACKEND: z.enum(["disk", "s3"]).default("disk"),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 of a-z 0-9 . -)")
    .optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Absent: AWS. Set for MinIO, Ceph, R2 and other S3-compatible servers. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_FORCE_PATH_STYLE: booleanText.default(false),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_.-]+\/)*$/, "must be empty or path segments ending in / (e.g. documents/)")
    .default(""),
  S3_PART_SIZE_MB: z.coerce.number().int().min(5).max(512).default(8),
  /** Absent: the AWS SDK's default chain (web identity, instance or task role). Both or neither. */
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
  /**
   * Bearer token a scraper presents for GET /metrics. Absent: /metrics is open in development and tests, and off
   * (404) in production, where the metrics would tell an outsider too much.
   */
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters (e.g. 32 random bytes, base64)").optional(),
  /** GET /ready fails while the chain sync is more than this many blocks behind the node's head. */
  READY_MAX_CHAIN_LAG_BLOCKS: z.coerce.number().int().min(1).max(1_000_000).default(50),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1_024).max(104_857_600).default(20_971_520),
  LEASE_MAX_DEPOSIT_MONTHS: z.coerce.number().min(0).max(24).default(3),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Anonymous document checks (uploads hashed by the API) per client address and minute. */
  DOCUMENT_CHECK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Failed sign-ins per account (wallet address) per window before that account's failures are refused (src/auth/rate-limits.ts). */
  AUTH_ACCOUNT_FAILED_LIMIT: z.coerce.number().int().min(1).max(1_000).default(10),
  AUTH_ACCOUNT_WINDOW_SECONDS: z.coerce.number().int().min(10).max(3_600).default(600),
  TRUST_PROXY: trustProxy,
  /**
   * How long an idle keep-alive connection stays open (src/http/listen.ts): longer than the load balancer keeps its
   * idle connections to the backend, or a request it sends as the backend closes one fails with a 502.
   */
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(65),
  /** The interactive API docs (Swagger UI at /api/v1/docs): public, or off; default off in production. */
  API_DOCS: z.enum(["public", "off"]).optional(),
  /** Signed checkpoints of the audit trail's head, outside the database (src/audit/checkpoint.ts); required in production. */
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_KEYS: checkpointKeys.optional(),
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** Public response cache (src/http/public-cache.ts): upper bound on an entry's life; 0 turns the cache off. */
  PUBLIC_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  PUBLIC_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** Session cache (src/auth/session-cache.ts): upper bound on an entry's life; 0 turns the cache off. */
  SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  SESSION_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  /** Outgoing email (src/notifications/README.md): a URL, or host/port/user/password; absent: no email is sent. */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "must be smtp://[user:password@]host[:port] or smtps://..." })
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** TLS from the start (smtps, port 465); otherwise STARTTLS when the server offers it. */
  SMTP_SECURE: booleanText.default(false),
  /** The From of every email, e.g. `Freehold <notifications@example.com>`. */
  SMTP_FROM: z
    .string()
    .regex(/^([^<>\r\n]{0,100}<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, "must be an address or Name <address>")
    .optional(),
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(30_000),
  EMAIL_WORKER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  EMAIL_BACKOFF_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  EMAIL_BACKOFF_CAP_MS: z.coerce.number().int().min(1_000).max(604_800_000).default(21_600_000),
  /** How long a claimed email may stay SENDING before it is settled UNKNOWN (never sent again). */
  EMAIL_LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** How often managers' overdue rent is looked for (RENT_OVERDUE notifications, once per instalment). */
  RENT_OVERDUE_SCAN_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3_600),
  /** Development only: the local SMTP sink's HTTP address, served as GET /api/v1/dev/mail (`npm start` sets it). */
  DEV_MAIL_SINK_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Secure cookies (HTTPS only); defaults to true in production. */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
});

/** Every variable the backend reads (`.env.example` documents each one: `settings.test.ts` checks). */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvObject.shape);

const EnvSchema = EnvObject.superRefine((e, ctx) => {
  // Both or neither; a regulated deployment always anchors its audit trail outside the database.
  if (Boolean(e.AUDIT_CHECKPOINT_DIR) !== Boolean(e.AUDIT_CHECKPOINT_KEYS)) {
    ctx.addIssue({
      code: "custom",
      path: ["AUDIT_CHECKPOINT_KEYS"],
      message: "AUDIT_CHECKPOINT_DIR and AUDIT_CHECKPOINT_KEYS go together",
    });
  }
  // The embedded PostgreSQL is a development tool, not installed in production (backend/README.md, Production).
  if (e.NODE_ENV === "production" && !e.DATABASE_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_URL"],
      message: "required in production (the embedded PostgreSQL is for development only)",
    });
  }
  if (e.STORAGE_BACKEND === "s3" && !e.S3_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "required when STORAGE_BACKEND=s3" });
  }
  if (Boolean(e.AWS_ACCESS_KEY_ID) !== Boolean(e.AWS_SECRET_ACCESS_KEY)) {
    ctx.addIssue({
      code: "custom",
      path: ["AWS_SECRET_ACCESS_KEY"],
      message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together",
    });
  }
  if (e.SMTP_URL && e.SMTP_HOST) {
    ctx.addIssue({ code: "custom", path: ["SMTP_HOST"], message: "give SMTP_URL or SMTP_HOST, not both" });
  }
  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASSWORD)) {
    ctx.addIssue({ code: "custom", path: ["SMTP_PASSWORD"], message: "SMTP_USER and SMTP_PASSWORD go together" });
  }
  if ((e.SMTP_URL || e.SMTP_HOST) && !e.SMTP_FROM) {
    ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "required when SMTP is configured" });
  }
  if (e.SMTP_TIMEOUT_MS * 3 >= e.EMAIL_LEASE_SECONDS * 1000) {
    // connection, greeting and socket timeouts must all fit in the lease, or a slow send would be settled UNKNOWN
    ctx.addIssue({ code: "custom", path: ["EMAIL_LEASE_SECONDS"], message: "must exceed 3 x SMTP_TIMEOUT_MS" });
  }
  if (e.EMAIL_BACKOFF_CAP_MS < e.EMAIL_BACKOFF_BASE_MS) {
    ctx.addIssue({ code: "custom", path: ["EMAIL_BACKOFF_CAP_MS"], message: "must be at least EMAIL_BACKOFF_BASE_MS" });
  }
  if (e.DEV_MAIL_SINK_URL && e.NODE_ENV !== "development") {
    ctx.addIssue({
      code: "custom",
      path: ["DEV_MAIL_SINK_URL"],
      message: "only in development (NODE_ENV=development)",
    });
  }
  if (e.NODE_ENV === "production" && !e.AUDIT_CHECKPOINT_DIR) {
    ctx.addIssue({
      code: "custom",
      path: ["AUDIT_CHECKPOINT_DIR"],
      message: "required in production (signed audit checkpoints outside the database)",
    });
  }
});

export interface Config {
  env: "development" | "test" | "production";
  host: string;
  port: number;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  firstAdminAddress: `0x${string}`;
  kycKeys: { id: string; key: Buffer }[];
  webOrigin: string;
  siwe: {
    domain: string;
    chainId: number;
    rpcUrl: string | undefined;
    nonceTtlSeconds: number;
    clockSkewSeconds: number;
  };
  session: { ttlSeconds: number; cookieSecure: boolean };
  storageDir: string;
  /** Document bytes: the disk store under `storageDir`, or an S3-compatible bucket. */
  storage: { backend: "disk" } | { backend: "s3"; s3: S3Settings };
  uploadMaxBytes: number;
  leaseMaxDepositMonths: number;
  authRateLimitPerMinute: number;
  documentCheckRateLimitPerMinute: number;
  authAccount: { failedLimit: number; windowSeconds: number };
  /** Express `trust proxy`: false, a hop count, or proxy addresses/subnets. */
  trustProxy: false | number | string[];
  /** Idle keep-alive connections stay open this long (longer than the load balancer's own idle timeout). */
  httpKeepAliveSeconds: number;
  /** Swagger UI at /api/v1/docs; the OpenAPI document itself stays public (the API is open source). */
  apiDocs: "public" | "off";
  /** Absent: no checkpoints (verification reports the tail `unanchored`); never absent in production. */
  auditCheckpoint: { dir: string; keys: { id: string; seed: Buffer }[]; intervalSeconds: number } | undefined;
  publicCache: { ttlMs: number; maxEntries: number };
  sessionCache: { ttlMs: number; maxEntries: number };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** GET /metrics: open (development/tests without a token), behind a bearer token, or off (production without one). */
  metrics: { access: "open" } | { access: "token"; token: string } | { access: "off" };
  readiness: { maxChainLagBlocks: number };
  email: EmailConfig;
}

export interface EmailConfig {
  /** Absent: notifications are queued but no email is sent. */
  smtp: { url: string; from: string; timeoutMs: number } | undefined;
  worker: {
    intervalMs: number;
    maxAttempts: number;
    backoffBaseMs: number;
    backoffCapMs: number;
    leaseMs: number;
  };
  rentOverdueScanIntervalMs: number;
  /** Development only: GET /dev/mail lists what the local SMTP sink caught. */
  devMailSinkUrl: string | undefined;
}

function smtpUrl(e: {
  SMTP_URL?: string | undefined;
  SMTP_HOST?: string | undefined;
  SMTP_PORT?: number | undefined;
  SMTP_USER?: string | undefined;
  SMTP_PASSWORD?: string | undefined;
  SMTP_SECURE: boolean;
}): string | undefined {
  if (e.SMTP_URL) return e.SMTP_URL;
  if (!e.SMTP_HOST) return undefined;
  const url = new URL(`${e.SMTP_SECURE ? "smtps" : "smtp"}://${e.SMTP_HOST}`);
  if (e.SMTP_PORT) url.port = String(e.SMTP_PORT);
  if (e.SMTP_USER) url.username = encodeURIComponent(e.SMTP_USER);
  if (e.SMTP_PASSWORD) url.password = encodeURIComponent(e.SMTP_PASSWORD);
  return url.toString();
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    firstAdminAddress: e.FIRST_ADMIN_ADDRESS,
    kycKeys: e.KYC_ENCRYPTION_KEYS,
    webOrigin: new URL(e.WEB_ORIGIN).origin,
    siwe: {
      domain: e.SIWE_DOMAIN,
      chainId: e.SIWE_CHAIN_ID,
      rpcUrl: e.SIWE_RPC_URL,
      nonceTtlSeconds: e.SIWE_NONCE_TTL_SECONDS,
      clockSkewSeconds: e.SIWE_CLOCK_SKEW_SECONDS,
    },
    session: { ttlSeconds: e.SESSION_TTL_SECONDS, cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === "production" },
    storageDir: e.STORAGE_DIR,
    storage:
      e.STORAGE_BACKEND === "s3"
        ? {
            backend: "s3",
            s3: {
              bucket: e.S3_BUCKET!,
              region: e.S3_REGION,
              endpoint: e.S3_ENDPOINT,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
              prefix: e.S3_PREFIX,
              partSizeBytes: e.S3_PART_SIZE_MB * 1024 * 1024,
              credentials:
                e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
                  ? {
                      accessKeyId: e.AWS_ACCESS_KEY_ID,
                      secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
                      ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
                    }
                  : undefined,
            },
          }
        : { backend: "disk" },
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    leaseMaxDepositMonths: e.LEASE_MAX_DEPOSIT_MONTHS,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    documentCheckRateLimitPerMinute: e.DOCUMENT_CHECK_RATE_LIMIT_PER_MINUTE,
    authAccount: { failedLimit: e.AUTH_ACCOUNT_FAILED_LIMIT, windowSeconds: e.AUTH_ACCOUNT_WINDOW_SECONDS },
    trustProxy: e.TRUST_PROXY,
    httpKeepAliveSeconds: e.HTTP_KEEP_ALIVE_SECONDS,
    apiDocs: e.API_DOCS ?? (e.NODE_ENV === "production" ? "off" : "public"),
    auditCheckpoint:
      e.AUDIT_CHECKPOINT_DIR && e.AUDIT_CHECKPOINT_KEYS
        ? {
            dir: e.AUDIT_CHECKPOINT_DIR,
            keys: e.AUDIT_CHECKPOINT_KEYS,
            intervalSeconds: e.AUDIT_CHECKPOINT_INTERVAL_SECONDS,
          }
        : undefined,
    publicCache: { ttlMs: e.PUBLIC_CACHE_TTL_MS, maxEntries: e.PUBLIC_CACHE_MAX_ENTRIES },
    sessionCache: { ttlMs: e.SESSION_CACHE_TTL_MS, maxEntries: e.SESSION_CACHE_MAX_ENTRIES },
    logLevel: e.LOG_LEVEL,
    metrics: e.METRICS_TOKEN
      ? { access: "token", token: e.METRICS_TOKEN }
      : { access: e.NODE_ENV === "production" ? "off" : "open" },
    readiness: { maxChainLagBlocks: e.READY_MAX_CHAIN_LAG_BLOCKS },
    email: {
      smtp: ((url) => (url && e.SMTP_FROM ? { url, from: e.SMTP_FROM, timeoutMs: e.SMTP_TIMEOUT_MS } : undefined))(
        smtpUrl(e),
      ),
      worker: {
        intervalMs: e.EMAIL_WORKER_INTERVAL_MS,
        maxAttempts: e.EMAIL_MAX_ATTEMPTS,
        backoffBaseMs: e.EMAIL_BACKOFF_BASE_MS,
        backoffCapMs: e.EMAIL_BACKOFF_CAP_MS,
        leaseMs: e.EMAIL_LEASE_SECONDS * 1000,
      },
      rentOverdueScanIntervalMs: e.RENT_OVERDUE_SCAN_INTERVAL_SECONDS * 1000,
      devMailSinkUrl: e.DEV_MAIL_SINK_URL,
    },
  };
}
