/**
 * Issue 18 "See it": Prometheus metrics per route template (never the raw path), behind a bearer token when one
 * is set; readiness that fails while a migration runs, while the database is unreachable, and while the chain
 * sync is more than READY_MAX_CHAIN_LAG_BLOCKS behind a real node; request ids in problem responses.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { mine } from "@freehold/dev-kit/chain";
import pg from "pg";
import { pino } from "pino";
import { createPublicClient, http } from "viem";
import { createTestContext, testConfig, type TestContext } from "../../test/support/harness.ts";
import { startAnvil, type Anvil } from "../chain/testing/anvil.ts";
import { createDb } from "../db/client.ts";
import { MIGRATION_LOCK_KEY } from "../db/migrate.ts";
import { createPool } from "../db/pool.ts";
import { createApp } from "../http/app.ts";
import type { Deps } from "../http/deps.ts";
import { DiskStorage } from "../storage/disk.ts";

const API = "/api/v1";

/** The value of one sample line of the exposition, or undefined. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

async function serve(deps: Deps): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp(deps, { logger: pino({ level: "silent" }) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe("18 metrics", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(() => t.close());

  it("18 counts and times requests per route template and status; unmatched paths share one label", async () => {
    const id = randomUUID();
    assert.equal((await t.anonymous.get(`${API}/properties/${id}`)).status, 404);
    await t.anonymous.get(`/no/such/${randomUUID()}`);
    const res = await t.anonymous.get("/metrics");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    const text = res.text;
    assert.equal(
      sample(text, "freehold_http_requests_total", 'method="GET",route="/api/v1/properties/:id",status="404"'),
      1,
    );
    assert.ok(sample(text, "freehold_http_requests_total", 'route="(unmatched)",status="404"')! >= 1);
    assert.ok(
      sample(text, "freehold_http_request_duration_seconds_count", 'method="GET",route="/api/v1/properties/:id"')! >= 1,
    );
    assert.ok(!text.includes(id), "no raw path (an id) reaches a label");
  });

  it("18 reads the outbox, agent transactions, AML list and pool at scrape time", async () => {
    const text = (await t.anonymous.get("/metrics")).text;
    assert.match(text, /^freehold_outbox_oldest_pending_age_seconds 0$/m);
    assert.match(text, /^freehold_db_pool_connections\{state="max"\} 10$/m);
    for (const name of [
      "freehold_outbox_pending",
      "freehold_agent_transactions",
      "freehold_sender_nonce_gap",
      "freehold_aml_list_age_seconds",
      "freehold_public_cache_lookups_total",
      "freehold_chain_reorgs_total",
      "freehold_process_cpu_seconds_total",
    ])
      assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
    // A signer that handed out nonces 0, 1 and 2, none of them settled yet: a gap of 3.
    await t.db.$executeRaw`INSERT INTO chain_signers ("chainId", address, "nextNonce", "updatedAt")
      VALUES (31337, '0x00000000000000000000000000000000000000aa', 3, now())`;
    const after = (await t.anonymous.get("/metrics")).text;
    assert.equal(sample(after, "freehold_sender_nonce_gap", 'address="0x00000000000000000000000000000000000000aa"'), 3);
  });
});

describe("18 metrics behind a token", () => {
  let t: TestContext;
  const token = randomBytes(32).toString("base64");
  before(async () => {
    t = await createTestContext({ METRICS_TOKEN: token });
  });
  after(() => t.close());

  it("18 refuses a scrape without the bearer token (401 problem with the request id), serves it with", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: token }];
    for (const headers of attempts) {
      const res = await t.anonymous.get("/metrics", { headers: { ...headers, "x-request-id": "scrape-1" } });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="metrics"');
      assert.equal(res.body.code, "unauthenticated");
      assert.equal(res.body.requestId, "scrape-1");
    }
    const ok = await t.anonymous.get("/metrics", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /freehold_http_requests_total/);
  });

  it("18 production without a token does not serve /metrics at all", async () => {
    const config = testConfig({
      NODE_ENV: "production",
      DATABASE_URL: t.databaseUrl,
      AUDIT_CHECKPOINT_DIR: "/tmp/unused",
      AUDIT_CHECKPOINT_KEYS: `cp1:${randomBytes(32).toString("base64")}`,
    });
    const pool = createPool(t.databaseUrl, 2);
    const app = await serve({ config, db: t.db, pool, storage: new DiskStorage(t.storageDir) });
    try {
      assert.equal((await fetch(`${app.url}/metrics`)).status, 404);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});

describe("18 readiness", () => {
  let t: TestContext;
  let anvil: Anvil;
  before(async () => {
    t = await createTestContext();
    anvil = await startAnvil();
  });
  after(async () => {
    await t.close();
    await anvil.stop();
  });

  it("18 ready with every check passing; liveness stays up", async () => {
    const res = await t.anonymous.get("/ready");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "ready", checks: { database: { ok: true }, migrations: { ok: true } } });
    assert.equal((await t.anonymous.get("/health")).status, 200);
  });

  it("18 not ready while another instance applies migrations (holds the migration lock)", async () => {
    const migrator = new pg.Client({ connectionString: t.databaseUrl });
    await migrator.connect();
    try {
      await migrator.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      const res = await t.anonymous.get("/ready", { headers: { "x-request-id": "probe-7" } });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
      assert.equal(res.body.code, "unavailable");
      assert.match(res.body.detail, /migrations: a migration is being applied/);
      assert.equal(res.body.requestId, "probe-7");
      await migrator.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      assert.equal((await t.anonymous.get("/ready")).status, 200);
    } finally {
      await migrator.end();
    }
  });

  it("18 not ready while the database is unreachable; /health still answers", async () => {
    const pool = createPool("postgresql://nobody@127.0.0.1:1/none", 1);
    const db = createDb("postgresql://nobody@127.0.0.1:1/none", 1, pool);
    const app = await serve({ config: t.config, db, pool, storage: new DiskStorage(t.storageDir) });
    try {
      const res = await fetch(`${app.url}/ready`);
      const body = (await res.json()) as { detail: string };
      assert.equal(res.status, 503);
      assert.match(body.detail, /^database: the database failed .*; migrations: the database is unreachable$/);
      // /ready is public: the driver's error (host, port, user) stays in this instance's log (review 2026-12-06).
      assert.doesNotMatch(JSON.stringify(body), /127\.0\.0\.1|nobody|ECONNREFUSED|:1\b/);
      assert.equal((await fetch(`${app.url}/health`)).status, 200);
    } finally {
      await app.close();
      await pool.end().catch(() => undefined);
    }
  });

  it("18 not ready while the chain sync is more than READY_MAX_CHAIN_LAG_BLOCKS behind a real node", async () => {
    const config = testConfig({ STORAGE_DIR: t.storageDir, READY_MAX_CHAIN_LAG_BLOCKS: "5" });
    const client = createPublicClient({ transport: http(anvil.url) });
    const pool = createPool(t.databaseUrl, 2);
    const chain = { chainId: anvil.chainId, client };
    const app = await serve({ config, db: t.db, pool, chain, storage: new DiskStorage(t.storageDir) });
    try {
      await mine(anvil, 10);
      const head = Number(await client.getBlockNumber());
      const block = async (n: number) => (await client.getBlock({ blockNumber: BigInt(n) })).hash;
      await t.db.$executeRaw`INSERT INTO chain_cursors ("chainId", "blockNumber", "blockHash", "updatedAt")
        VALUES (${anvil.chainId}, ${head - 8}, ${await block(head - 8)}, now())`;
      const behind = await fetch(`${app.url}/ready`);
      assert.equal(behind.status, 503);
      assert.match(((await behind.json()) as { detail: string }).detail, /chainSync: 8 blocks behind the node/);
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      assert.match(metrics, /^freehold_chain_sync_lag_blocks 8$/m);
      assert.match(metrics, /^freehold_chain_sync_lag_seconds \d+$/m);
      assert.match(metrics, /^freehold_chain_events_stored 0$/m);
      await t.db.$executeRaw`UPDATE chain_cursors SET "blockNumber" = ${head - 5} WHERE "chainId" = ${anvil.chainId}`;
      assert.equal((await fetch(`${app.url}/ready`)).status, 200);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
