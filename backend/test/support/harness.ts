/**
 * Per-file test context: a fresh database cloned from the migrated template (real PostgreSQL, no mocks), the
 * real app on 127.0.0.1 with an ephemeral port, a temporary storage directory, and helpers to sign in real
 * wallets through the real SIWE flow. All configuration values are explicit here; nothing is a default secret.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { pino, type DestinationStream } from "pino";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { loadConfig, type Config } from "../../src/config/index.ts";
import { createDb, type Db } from "../../src/db/client.ts";
import { createPool } from "../../src/db/pool.ts";
import { createApp } from "../../src/http/app.ts";
import { listenHttp } from "../../src/http/listen.ts";
import { startCaches } from "../../src/http/cache-feed.ts";
import { createStorage } from "../../src/storage/storage-factory.ts";
import type { Role } from "../../src/generated/prisma/enums.ts";
import type { Relayer } from "../../src/relayer/relayer.ts";

export interface TestUser {
  id: string;
  address: string;
  account: PrivateKeyAccount;
  cookie: string;
  roles: Role[];
}

export interface Client {
  get(path: string, init?: RequestOptions): Promise<ApiResponse>;
  post(path: string, body?: unknown, init?: RequestOptions): Promise<ApiResponse>;
  patch(path: string, body?: unknown, init?: RequestOptions): Promise<ApiResponse>;
  put(path: string, body?: unknown, init?: RequestOptions): Promise<ApiResponse>;
  delete(path: string, init?: RequestOptions): Promise<ApiResponse>;
  request(method: string, path: string, body?: unknown, init?: RequestOptions): Promise<ApiResponse>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Raw body (e.g. FormData); `body` is ignored when set. */
  raw?: RequestInit["body"];
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  body: any;
  text: string;
}

export interface TestContext {
  baseUrl: string;
  db: Db;
  /** The node-postgres pool the app's hot read paths query directly (db/pool.ts). */
  pool: pg.Pool;
  config: Config;
  databaseUrl: string;
  storageDir: string;
  admin: TestUser;
  anonymous: Client;
  as(user: TestUser): Client;
  /** Signs in a new wallet through SIWE and gives it these roles. */
  user(...roles: Role[]): Promise<TestUser>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    FIRST_ADMIN_ADDRESS: overrides["FIRST_ADMIN_ADDRESS"] ?? privateKeyToAccount(generatePrivateKey()).address,
    KYC_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    WEB_ORIGIN: "http://localhost:5173",
    SIWE_DOMAIN: "localhost:5173",
    SIWE_CHAIN_ID: "31337",
    STORAGE_DIR: overrides["STORAGE_DIR"] ?? path.join(os.tmpdir(), "freehold-unused"),
    LOG_LEVEL: "silent",
    AUTH_RATE_LIMIT_PER_MINUTE: "10000",
    DOCUMENT_CHECK_RATE_LIMIT_PER_MINUTE: "10000",
    ...overrides,
  });
}

/** A fresh database cloned from the migrated template; returns its URL. */
export async function freshDatabase(): Promise<string> {
  const adminUrl = process.env["FREEHOLD_TEST_PG_ADMIN_URL"];
  const template = process.env["FREEHOLD_TEST_TEMPLATE_DB"];
  if (!adminUrl || !template)
    throw new Error("run the backend tests with `npm test -w backend` (test/run.ts starts PostgreSQL)");
  const name = `t_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function client(baseUrl: string, cookie?: string): Client {
  const request = async (
    method: string,
    p: string,
    body?: unknown,
    init: RequestOptions = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...init.headers };
    let payload: RequestInit["body"] | undefined = init.raw;
    if (payload === undefined && body !== undefined) {
      headers["content-type"] ??= "application/json";
      payload = typeof body === "string" ? body : JSON.stringify(body);
    }
    const res = await fetch(baseUrl + p, {
      method,
      headers,
      ...(payload !== undefined && payload !== null ? { body: payload } : {}),
      redirect: "manual",
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    request,
    get: (p, init) => request("GET", p, undefined, init),
    delete: (p, init) => request("DELETE", p, undefined, init),
    post: (p, b, init) => request("POST", p, b, init),
    patch: (p, b, init) => request("PATCH", p, b, init),
    put: (p, b, init) => request("PUT", p, b, init),
  };
}

export async function signIn(
  baseUrl: string,
  config: Config,
  account: PrivateKeyAccount,
): Promise<{ cookie: string; user: { id: string; roles: Role[] } }> {
  const anon = client(baseUrl);
  const nonce = await anon.post("/api/v1/auth/nonce");
  if (nonce.status !== 201) throw new Error(`nonce: ${nonce.status} ${nonce.text}`);
  const message = createSiweMessage({
    address: account.address,
    chainId: config.siwe.chainId,
    domain: config.siwe.domain,
    nonce: nonce.body.nonce,
    uri: config.webOrigin,
    version: "1",
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 5 * 60_000),
  });
  const signature = await account.signMessage({ message });
  const res = await fetch(`${baseUrl}/api/v1/auth/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, signature }),
  });
  if (res.status !== 200) throw new Error(`verify: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  return { cookie, user: (await res.json()) as { id: string; roles: Role[] } };
}

export interface TestContextOptions {
  /** Where the app's log lines go, at level trace (default: nowhere); for tests that read what the app logs. */
  log?: DestinationStream;
  /** Another instance of the API on the same database (default: a fresh database). */
  databaseUrl?: string;
  /** Run the public response cache with its change feed, as production does (off by default: tests read their writes). */
  publicCache?: boolean;
  /** Run the session cache with its change feed, as production does (off by default, like the public cache). */
  sessionCache?: boolean;
  /** The relayer of gasless actions (src/relayer), built on this context's database. */
  relayer?: (db: Db) => Relayer;
}

export async function createTestContext(
  overrides: Record<string, string> = {},
  options: TestContextOptions = {},
): Promise<TestContext> {
  const databaseUrl = options.databaseUrl ?? (await freshDatabase());
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "freehold-storage-"));
  const adminAccount = privateKeyToAccount(generatePrivateKey());
  const config = testConfig({ FIRST_ADMIN_ADDRESS: adminAccount.address, STORAGE_DIR: storageDir, ...overrides });
  const pool = createPool(databaseUrl, 5);
  const db = createDb(databaseUrl, 5, pool);
  const caches = await startCaches(
    databaseUrl,
    {
      ...(options.publicCache ? { publicCache: config.publicCache } : {}),
      ...(options.sessionCache ? { sessionCache: config.sessionCache } : {}),
    },
    pino({ level: "silent" }),
  );
  const app = createApp(
    {
      config,
      db,
      pool,
      storage: createStorage(config),
      ...(caches.publicCache ? { publicCache: caches.publicCache } : {}),
      ...(caches.sessionCache ? { sessionCache: caches.sessionCache } : {}),
      ...(options.relayer ? { relayer: options.relayer(db) } : {}),
    },
    { logger: options.log ? pino({ level: "trace" }, options.log) : pino({ level: "silent" }) },
  );
  const server = await listenHttp(app, { port: 0, host: "127.0.0.1", keepAliveSeconds: config.httpKeepAliveSeconds });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminSession = await signIn(baseUrl, config, adminAccount);
  const admin: TestUser = {
    id: adminSession.user.id,
    address: adminAccount.address,
    account: adminAccount,
    cookie: adminSession.cookie,
    roles: adminSession.user.roles,
  };
  return {
    baseUrl,
    db,
    pool,
    config,
    databaseUrl,
    storageDir,
    admin,
    anonymous: client(baseUrl),
    as: (user) => client(baseUrl, user.cookie),
    user: async (...roles) => {
      const account = privateKeyToAccount(generatePrivateKey());
      const { cookie, user } = await signIn(baseUrl, config, account);
      if (roles.length) await db.user.update({ where: { id: user.id }, data: { roles } });
      return { id: user.id, address: account.address, account, cookie, roles: roles.length ? roles : user.roles };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await caches.stop();
      await db.$disconnect();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
