/**
 * Crash safety: a real backend process is killed (SIGKILL) while a multi-step write is half done inside
 * PostgreSQL — the first rows are written, the rest not yet. Because every registry write is one transaction
 * (with its audit entry), nothing of it survives; the same request then succeeds once on a fresh process.
 * The pause is a test-only trigger that sleeps after the first step, so the kill lands mid-transaction for sure.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { crashRig, type CrashRig } from "./support/crash.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, etag, leaseInput, propertyInput, unit } from "./support/fixtures.ts";

describe("crash safety", () => {
  let t: TestContext;
  let manager: TestUser;
  let rig: CrashRig;
  const killDuring: CrashRig["killDuring"] = (table, send) => rig.killDuring(table, send);
  before(async () => {
    t = await createTestContext();
    manager = await t.user("PROPERTY_MANAGER");
    rig = await crashRig(t);
  });
  after(async () => {
    await rig.close();
    await t.close();
  });

  it("lease activation killed after the schedule rows are written leaves the lease untouched", async () => {
    const p = await createProperty(t, manager);
    const u = await unit(t, manager, p.id);
    const lease = (await t.as(manager).post(`${API}/leases`, leaseInput(p.id, u.id))).body;
    const auditBefore = await t.db.auditEntry.count();
    await killDuring("rent_schedule_entries", (url) =>
      fetch(`${url}${API}/leases/${lease.id}/transitions`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: manager.cookie, ...etag(lease.version) },
        body: JSON.stringify({ to: "ACTIVE" }),
      }),
    );
    assert.equal(await t.db.rentScheduleEntry.count({ where: { leaseId: lease.id } }), 0);
    const after = await t.db.lease.findUniqueOrThrow({ where: { id: lease.id } });
    assert.equal(after.status, "DRAFT");
    assert.equal(after.version, lease.version);
    assert.equal(await t.db.auditEntry.count(), auditBefore);
    // No lock or half state left behind: the same request succeeds on the surviving server.
    const retry = await t
      .as(manager)
      .post(`${API}/leases/${lease.id}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.version) });
    assert.equal(retry.status, 200, retry.text);
    assert.equal(await t.db.rentScheduleEntry.count({ where: { leaseId: lease.id } }), 12);
  });

  it("a creation killed before its audit entry is written leaves nothing, and its idempotency key stays usable", async () => {
    const before = await t.db.property.count();
    const key = "crash-create-000001";
    await killDuring("properties", (url) =>
      fetch(`${url}${API}/properties`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: manager.cookie, "idempotency-key": key },
        body: JSON.stringify(propertyInput({ name: "Crash" })),
      }),
    );
    assert.equal(await t.db.property.count(), before);
    assert.equal(await t.db.idempotencyRecord.count({ where: { key } }), 0);
    const retry = await t
      .as(manager)
      .post(`${API}/properties`, propertyInput({ name: "Crash" }), { headers: { "idempotency-key": key } });
    assert.equal(retry.status, 201);
    const replay = await t
      .as(manager)
      .post(`${API}/properties`, propertyInput({ name: "Crash" }), { headers: { "idempotency-key": key } });
    assert.equal(replay.body.id, retry.body.id);
    assert.equal(await t.db.property.count({ where: { name: "Crash" } }), 1);
    const chain = await t.as(t.admin).get(`${API}/audit/verify`);
    assert.equal(chain.body.valid, true);
  });
});
