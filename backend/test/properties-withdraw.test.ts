/**
 * Issue 15: a manager withdraws a submission (SUBMITTED -> DRAFT) to change its details. Only the property's own
 * manager or owner (holding PROPERTY_MANAGER) or an admin may; every refusal writes nothing; the move is audited and
 * in the status history; the draft is editable again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type { Role } from "../src/generated/prisma/client.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, etag } from "./support/fixtures.ts";

describe("properties: withdrawing a submission", () => {
  let t: TestContext;
  let manager: TestUser;
  before(async () => {
    t = await createTestContext();
    manager = await t.user("PROPERTY_MANAGER");
  });
  after(async () => t.close());

  async function submitted() {
    const p = await createProperty(t, manager);
    const res = await t
      .as(manager)
      .post(`${API}/properties/${p.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(p.version) });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; version: number };
  }

  const snapshot = async (id: string) => ({
    property: await t.db.property.findUniqueOrThrow({ where: { id }, select: { status: true, version: true } }),
    audit: await t.db.auditEntry.count({ where: { entityId: id } }),
    history: await t.db.propertyStatusChange.count({ where: { propertyId: id } }),
  });

  it("lets the manager withdraw: back to DRAFT, audited, in the history, editable again", async () => {
    const p = await submitted();
    const res = await t
      .as(manager)
      .post(`${API}/properties/${p.id}/transitions`, { to: "DRAFT" }, { headers: etag(p.version) });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, "DRAFT");
    assert.equal(res.body.statusChangedById, manager.id);
    const audit = await t.db.auditEntry.findMany({
      where: { entityId: p.id, action: "property.status_changed" },
      orderBy: { seq: "asc" },
    });
    assert.equal(audit.length, 2);
    assert.equal(audit[1]!.actorId, manager.id);
    assert.deepEqual((audit[1]!.before as { status: string }).status, "SUBMITTED");
    assert.deepEqual((audit[1]!.after as { status: string }).status, "DRAFT");
    const history = await t.as(manager).get(`${API}/properties/${p.id}/history`);
    assert.deepEqual(
      history.body.map((h: { from: string; to: string }) => `${h.from}->${h.to}`),
      ["DRAFT->SUBMITTED", "SUBMITTED->DRAFT"],
    );
    const edit = await t
      .as(manager)
      .patch(`${API}/properties/${p.id}`, { name: "Renamed after withdrawal" }, { headers: etag(res.body.version) });
    assert.equal(edit.status, 200, edit.text);
    assert.equal(edit.body.name, "Renamed after withdrawal");
  });

  it("refuses outsiders (another manager, an investor, a compliance officer, anonymous) and writes nothing", async () => {
    const p = await submitted();
    const before = await snapshot(p.id);
    const outsiders: [string, TestUser | null, number][] = [
      ["another manager", await t.user("PROPERTY_MANAGER"), 404],
      ["an investor", await t.user("INVESTOR"), 404],
      ["a compliance officer", await t.user("COMPLIANCE_OFFICER"), 403],
      ["anonymous", null, 401],
    ];
    for (const [who, user, status] of outsiders) {
      const client = user ? t.as(user) : t.anonymous;
      const res = await client.post(
        `${API}/properties/${p.id}/transitions`,
        { to: "DRAFT" },
        { headers: etag(p.version) },
      );
      assert.equal(res.status, status, `${who}: ${res.text}`);
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/, who);
    }
    assert.deepEqual(await snapshot(p.id), before);
  });

  it("refuses a stale version (412) and a withdrawal of what is not submitted (409), writing nothing", async () => {
    const p = await submitted();
    const before = await snapshot(p.id);
    const stale = await t
      .as(manager)
      .post(`${API}/properties/${p.id}/transitions`, { to: "DRAFT" }, { headers: etag(p.version - 1) });
    assert.equal(stale.status, 412, stale.text);
    assert.deepEqual(await snapshot(p.id), before);
    const draft = await createProperty(t, manager);
    const again = await t
      .as(manager)
      .post(`${API}/properties/${draft.id}/transitions`, { to: "DRAFT" }, { headers: etag(draft.version) });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.code, "invalid_transition");
  });

  it("property: whoever holds any mix of roles, the withdrawal succeeds exactly for its stakeholder or an admin", async () => {
    const roles: Role[] = ["PROPERTY_MANAGER", "COMPLIANCE_OFFICER", "INVESTOR", "ADMIN"];
    await fc.assert(
      fc.asyncProperty(fc.subarray(roles, { minLength: 1 }), fc.boolean(), async (held, isStakeholder) => {
        const actor = await t.user(...held);
        // The admin names the actor the property's manager (a stakeholder), or the manager registers it for themselves.
        const created = isStakeholder
          ? await createProperty(t, t.admin, { managerId: actor.id })
          : await createProperty(t, manager);
        const sub = await t
          .as(t.admin)
          .post(`${API}/properties/${created.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(created.version) });
        assert.equal(sub.status, 200, sub.text);
        const before = await snapshot(created.id);
        const res = await t
          .as(actor)
          .post(`${API}/properties/${created.id}/transitions`, { to: "DRAFT" }, { headers: etag(sub.body.version) });
        const allowed = held.includes("ADMIN") || (isStakeholder && held.includes("PROPERTY_MANAGER"));
        if (allowed) assert.equal(res.status, 200, `${held.join("+")} stakeholder=${isStakeholder}: ${res.text}`);
        else {
          assert.ok([403, 404].includes(res.status), `${held.join("+")} stakeholder=${isStakeholder}: ${res.status}`);
          assert.deepEqual(await snapshot(created.id), before);
        }
      }),
      { numRuns: 12 },
    );
  });
});
