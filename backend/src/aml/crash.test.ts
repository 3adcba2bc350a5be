/**
 * Crash safety of the KYC/AML multi-step writes: a real backend process is killed (SIGKILL) while the write is
 * half done inside PostgreSQL (a test-only trigger sleeps after the first rows of a later step), and nothing
 * of it survives; the same request then succeeds on the surviving server.
 * - a list load killed while re-screening: the new version row is already written, the screenings not all;
 * - an approval killed after its on-chain outbox row: the status move and history row are already written.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { crashRig, type CrashRig } from "../../test/support/crash.ts";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import {
  editSample,
  idempotencyKey,
  ifMatch,
  inDays,
  listForm,
  loadList,
  sampleFiles,
  submission,
  uploadDocument,
  type SampleFiles,
} from "../kyc/kyc.fixtures.ts";

describe("KYC/AML crash safety (SIGKILL mid-transaction, real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;
  let rig: CrashRig;
  let files: SampleFiles;
  const killDuring: CrashRig["killDuring"] = (table, send) => rig.killDuring(table, send);

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    files = await sampleFiles();
    rig = await crashRig(t);
    assert.equal((await loadList(t.as(officer), editSample(files, { drop: [27844] }))).status, 201);
  });
  after(async () => {
    await rig.close();
    await t.close();
  });

  async function underReview(investor: TestUser): Promise<{ id: string; version: number }> {
    const res = await t
      .as(investor)
      .post("/api/v1/kyc/applications", submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    assert.equal((await uploadDocument(t.as(investor), res.body.id)).status, 201);
    const app = await t.db.kycApplication.findUniqueOrThrow({ where: { id: res.body.id } });
    const reviewed = await t
      .as(officer)
      .post(`/api/v1/kyc/applications/${app.id}/review`, undefined, ifMatch(app.version));
    assert.equal(reviewed.status, 200, reviewed.text);
    return { id: app.id, version: reviewed.body.version };
  }

  it("a list load killed while re-screening leaves the previous list active and no trace of the new one", async () => {
    await underReview(await t.user("INVESTOR"));
    const active = await t.db.sanctionsListVersion.findFirstOrThrow({ where: { active: true } });
    const counts = async () => [
      await t.db.sanctionsListVersion.count(),
      await t.db.amlScreening.count(),
      await t.db.auditEntry.count(),
    ];
    const before = await counts();
    await killDuring("aml_screenings", (url) =>
      fetch(`${url}/api/v1/aml/lists`, { method: "POST", headers: { cookie: officer.cookie }, body: listForm(files) }),
    );
    assert.deepEqual(await counts(), before);
    assert.equal((await t.db.sanctionsListVersion.findFirstOrThrow({ where: { active: true } })).id, active.id);
    const retry = await loadList(t.as(officer), files);
    assert.equal(retry.status, 201, retry.text);
    assert.ok(retry.body.rescreened >= 1);
  });

  it("an approval killed after its outbox row leaves the application under review and nothing queued for the chain", async () => {
    const investor = await t.user("INVESTOR");
    const app = await underReview(investor);
    const auditBefore = await t.db.auditEntry.count();
    const terms = { country: 250, accredited: false, kycExpiresAt: inDays(365) };
    await killDuring("onchain_identity_changes", (url) =>
      fetch(`${url}/api/v1/kyc/applications/${app.id}/approve`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: officer.cookie, "if-match": `"${app.version}"` },
        body: JSON.stringify(terms),
      }),
    );
    const after = await t.db.kycApplication.findUniqueOrThrow({ where: { id: app.id } });
    assert.equal(after.status, "UNDER_REVIEW");
    assert.equal(after.version, app.version);
    assert.equal(await t.db.onchainIdentityChange.count({ where: { applicationId: app.id } }), 0);
    assert.equal(await t.db.kycStatusChange.count({ where: { applicationId: app.id, toStatus: "APPROVED" } }), 0);
    assert.equal(await t.db.auditEntry.count(), auditBefore);
    const retry = await t.as(officer).post(`/api/v1/kyc/applications/${app.id}/approve`, terms, ifMatch(app.version));
    assert.equal(retry.status, 200, retry.text);
    assert.equal(await t.db.onchainIdentityChange.count({ where: { applicationId: app.id, kind: "REGISTER" } }), 1);
    assert.equal((await t.as(t.admin).get("/api/v1/audit/verify")).body.valid, true);
  });
});
