/**
 * Crash safety: a real backend process is killed (SIGKILL) while a multi-step write is half done inside
 * PostgreSQL — the first rows are written, the rest not yet. Because every registry write is one transaction
 * (with its audit entry), nothing of it survives; the same request then succeeds once on a fresh process.
 * The pause is a test-only trigger that sleeps after the first step, so the kill lands mid-transaction for sure.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, etag, leaseInput, propertyInput, unit } from "./support/fixtures.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

async function startChild(t: TestContext): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "support", "crash-child.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      FIRST_ADMIN_ADDRESS: t.config.firstAdminAddress,
      KYC_ENCRYPTION_KEYS: t.config.kycKeys.map((k) => `${k.id}:${k.key.toString("base64")}`).join(","),
      WEB_ORIGIN: t.config.webOrigin,
      SIWE_DOMAIN: t.config.siwe.domain,
      SIWE_CHAIN_ID: String(t.config.siwe.chainId),
      STORAGE_DIR: t.storageDir,
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`child exited early (${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("crash safety", () => {
  let t: TestContext;
  let manager: TestUser;
  let sql: pg.Client;
  before(async () => {
    t = await createTestContext();
    manager = await t.user("PROPERTY_MANAGER");
    sql = new pg.Client({ connectionString: t.databaseUrl });
    await sql.connect();
    // Let PostgreSQL notice a vanished client quickly even while a statement runs.
    await sql.query(`ALTER DATABASE "${new URL(t.databaseUrl).pathname.slice(1)}" SET client_connection_check_interval = '100ms'`);
  });
  after(async () => {
    await sql.end();
    await t.close();
  });

  /** Installs a trigger that sleeps after `table` receives rows, kills the child while it sleeps, removes the trigger. */
  async function killDuring(table: string, send: (url: string) => Promise<unknown>): Promise<void> {
    await sql.query(`CREATE OR REPLACE FUNCTION crash_pause() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$`);
    await sql.query(`CREATE TRIGGER crash_pause AFTER INSERT ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION crash_pause()`);
    const { child, url } = await startChild(t);
    try {
      void send(url).catch(() => undefined); // the connection dies with the process
      await waitFor(async () => (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND state = 'active'`)).rowCount === 1, "the write to reach the pause");
      child.kill("SIGKILL");
      await waitFor(async () => (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'`)).rowCount === 0, "PostgreSQL to abort the orphaned transaction");
    } finally {
      child.kill("SIGKILL");
      await sql.query(`DROP TRIGGER IF EXISTS crash_pause ON "${table}"`);
    }
  }

  it("lease activation killed after the schedule rows are written leaves the lease untouched", async () => {
    const p = await createProperty(t, manager);
    const u = await unit(t, manager, p.id);
    const lease = (await t.as(manager).post(`${API}/leases`, leaseInput(p.id, u.id))).body;
    const auditBefore = await t.db.auditEntry.count();
    await killDuring("rent_schedule_entries", (url) =>
      fetch(`${url}${API}/leases/${lease.id}/transitions`, { method: "POST", headers: { "content-type": "application/json", cookie: manager.cookie, ...etag(lease.version) }, body: JSON.stringify({ to: "ACTIVE" }) }),
    );
    assert.equal(await t.db.rentScheduleEntry.count({ where: { leaseId: lease.id } }), 0);
    const after = await t.db.lease.findUniqueOrThrow({ where: { id: lease.id } });
    assert.equal(after.status, "DRAFT");
    assert.equal(after.version, lease.version);
    assert.equal(await t.db.auditEntry.count(), auditBefore);
    // No lock or half state left behind: the same request succeeds on the surviving server.
    const retry = await t.as(manager).post(`${API}/leases/${lease.id}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.version) });
    assert.equal(retry.status, 200, retry.text);
    assert.equal(await t.db.rentScheduleEntry.count({ where: { leaseId: lease.id } }), 12);
  });

  it("a creation killed before its audit entry is written leaves nothing, and its idempotency key stays usable", async () => {
    const before = await t.db.property.count();
    const key = "crash-create-000001";
    await killDuring("properties", (url) =>
      fetch(`${url}${API}/properties`, { method: "POST", headers: { "content-type": "application/json", cookie: manager.cookie, "idempotency-key": key }, body: JSON.stringify(propertyInput({ name: "Crash" })) }),
    );
    assert.equal(await t.db.property.count(), before);
    assert.equal(await t.db.idempotencyRecord.count({ where: { key } }), 0);
    const retry = await t.as(manager).post(`${API}/properties`, propertyInput({ name: "Crash" }), { headers: { "idempotency-key": key } });
    assert.equal(retry.status, 201);
    const replay = await t.as(manager).post(`${API}/properties`, propertyInput({ name: "Crash" }), { headers: { "idempotency-key": key } });
    assert.equal(replay.body.id, retry.body.id);
    assert.equal(await t.db.property.count({ where: { name: "Crash" } }), 1);
    const chain = await t.as(t.admin).get(`${API}/audit/verify`);
    assert.equal(chain.body.valid, true);
  });
});
