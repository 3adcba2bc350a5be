import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, etag } from "./support/fixtures.ts";

describe("audit trail", () => {
  let t: TestContext;
  let manager: TestUser;
  let officer: TestUser;
  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
  });
  after(async () => t.close());

  it("records actor, action, entity, before/after for each change, readable by admins and officers only", async () => {
    const p = await createProperty(t, manager);
    await t.as(manager).patch(`${API}/properties/${p.id}`, { name: "Audited" }, { headers: etag(1) });
    const res = await t.as(officer).get(`${API}/audit?entityType=property&entityId=${p.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((e: { action: string }) => e.action),
      ["property.created", "property.updated"],
    );
    const upd = res.body.items[1];
    assert.equal(upd.actorId, manager.id);
    assert.equal(upd.before.name, "Harbour View Apartments");
    assert.equal(upd.after.name, "Audited");
    assert.equal((await t.as(manager).get(`${API}/audit`)).status, 403);
    assert.equal((await t.anonymous.get(`${API}/audit`)).status, 401);
  });

  it("chains entries by hash and verifies the chain", async () => {
    await createProperty(t, manager);
    const res = await t.as(t.admin).get(`${API}/audit/verify`);
    assert.equal(res.status, 200);
    assert.equal(res.body.valid, true);
    const entries = await t.db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    assert.equal(res.body.entries, entries.length);
    for (let i = 1; i < entries.length; i++) assert.equal(entries[i]!.prevHash, entries[i - 1]!.hash);
    assert.equal(res.body.headHash, entries.at(-1)!.hash);
  });

  it("is append-only in the database", async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await assert.rejects(client.query(`UPDATE audit_entries SET action = 'x'`), /append-only/);
      await assert.rejects(client.query(`DELETE FROM audit_entries`), /append-only/);
      await assert.rejects(client.query(`TRUNCATE audit_entries`), /append-only/);
    } finally {
      await client.end();
    }
  });

  it("detects tampering (an edited entry) and removal (a deleted entry)", async () => {
    await createProperty(t, manager);
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      // Someone with table-owner rights bypasses the trigger and edits history.
      await client.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete`);
      const { rows } = await client.query<{ seq: number }>(
        `SELECT seq FROM audit_entries ORDER BY seq LIMIT 1 OFFSET 2`,
      );
      const seq = rows[0]!.seq;
      await client.query(`UPDATE audit_entries SET after = '{"name":"forged"}' WHERE seq = $1`, [seq]);
      const tampered = await t.as(t.admin).get(`${API}/audit/verify`);
      assert.equal(tampered.body.valid, false);
      assert.deepEqual(tampered.body.brokenAt, { seq, reason: "hash_mismatch" });
      const ctx2 = await createTestContext();
      try {
        await createProperty(ctx2, ctx2.admin);
        await createProperty(ctx2, ctx2.admin);
        const c2 = new pg.Client({ connectionString: ctx2.databaseUrl });
        await c2.connect();
        await c2.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete`);
        const second = (await c2.query<{ seq: number }>(`SELECT seq FROM audit_entries ORDER BY seq LIMIT 1 OFFSET 1`))
          .rows[0]!.seq;
        await c2.query(`DELETE FROM audit_entries WHERE seq = $1`, [second]);
        await c2.end();
        const removed = await ctx2.as(ctx2.admin).get(`${API}/audit/verify`);
        assert.equal(removed.body.valid, false);
        assert.equal(removed.body.brokenAt.reason, "link_broken");
      } finally {
        await ctx2.close();
      }
    } finally {
      await client.end();
    }
  });

  it("rolls the audit entry back with a refused change", async () => {
    const before = await t.db.auditEntry.count();
    const res = await t.as(manager).post(`${API}/properties`, { name: "x" });
    assert.equal(res.status, 400);
    const p = await createProperty(t, manager);
    const stale = await t.as(manager).patch(`${API}/properties/${p.id}`, { name: "y" }, { headers: etag(9) });
    assert.equal(stale.status, 412);
    assert.equal(await t.db.auditEntry.count(), before + 1, "only the successful creation is audited");
  });
  it("refuses a time outside years 0001..9999 in UTC with a 400 naming the field, and still reads at both ends", async () => {
    // Finding: z.iso.datetime accepted year 0000 (and 0001 with a positive offset, which is year 0000 in UTC);
    // PostgreSQL refused the instant (22008) and the read answered 500.
    const outside = ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"];
    for (const field of ["from", "to"]) {
      for (const value of outside) {
        for (const [who, path] of [
          [officer, `${API}/audit`],
          [t.admin, `${API}/admin/fees/revenue`],
        ] as const) {
          const res = await t.as(who).get(`${path}?${field}=${encodeURIComponent(value)}`);
          assert.equal(res.status, 400, `${path} ${field}=${value}: ${res.text}`);
          assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
          assert.ok(
            (res.body.errors as { path: string; message: string }[]).some(
              (e) => e.path === `query.${field}` && /0001.*9999/.test(e.message),
            ),
            `names query.${field} and the range: ${res.text}`,
          );
        }
      }
    }
    for (const [from, to] of [
      ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"],
      ["0001-01-01T00:59:59-01:00", "9999-12-31T23:59:59+01:00"],
    ]) {
      const query = `from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}`;
      const audit = await t.as(officer).get(`${API}/audit?${query}`);
      assert.equal(audit.status, 200, audit.text);
      const fees = await t.as(t.admin).get(`${API}/admin/fees/revenue?${query}`);
      assert.equal(fees.status, 200, fees.text);
    }
  });
});
