/**
 * The audit trail's actions are one list (actions.ts): recordAudit refuses any other, and the trail's filter answers
 * an unknown action with a 400 (browser review 2026-12-06 L7: the web's filter offered one action twice and left
 * recorded ones out, because nothing tied its labels to what the backend records).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";
import { AUDIT_ACTIONS, isAuditAction } from "./actions.ts";
import { recordAudit } from "./service.ts";

describe("audit actions", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t?.close());

  it("recordAudit refuses an action outside the list and writes nothing", async () => {
    const count = () => t.db.auditEntry.count();
    const before = await count();
    await assert.rejects(
      t.db.$transaction((tx) =>
        recordAudit(tx, { actor: null, action: "property.teleported", entityType: "property", entityId: "p" }),
      ),
      /not in audit\/actions\.ts/,
    );
    assert.equal(await count(), before);
  });

  it("the trail's filter takes the listed actions and answers any other string with a 400 problem", async () => {
    const officer = await t.user("COMPLIANCE_OFFICER");
    for (const action of AUDIT_ACTIONS.slice(0, 3))
      assert.equal((await t.as(officer).get(`${API}/audit?action=${action}`)).status, 200, action);
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z_]{1,12}\.[a-z_]{1,16}$/).filter((a) => !isAuditAction(a)),
        async (action) => {
          const res = await t.as(officer).get(`${API}/audit?action=${encodeURIComponent(action)}`);
          assert.equal(res.status, 400, `${action}: ${res.text}`);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("the list holds each action once, in entity.verb form", () => {
    assert.equal(new Set(AUDIT_ACTIONS).size, AUDIT_ACTIONS.length);
    for (const a of AUDIT_ACTIONS) assert.match(a, /^[a-z]+\.[a-z_]+$/);
  });
});
