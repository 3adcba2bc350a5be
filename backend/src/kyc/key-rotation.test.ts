import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { keyIdOf } from "../crypto/field-cipher.ts";
import { KeyRing, keyRingFromConfig } from "../crypto/key-ring.ts";
import { documentIndexOf } from "./document-index.ts";
import { rotateKycKeys } from "./key-rotation.ts";
import { idempotencyKey, PDF, PNG, submission, uploadDocument } from "./kyc.fixtures.ts";
import { openApplicantName, openDocument, openDocumentName, openIdentity } from "./protection.ts";

describe("KYC key rotation (real PostgreSQL)", () => {
  let t: TestContext;
  let oldRing: KeyRing;
  let newRing: KeyRing;
  const investors: TestUser[] = [];

  before(async () => {
    t = await createTestContext();
    oldRing = keyRingFromConfig(t.config.kycKeys);
    const k1 = t.config.kycKeys[0]!;
    newRing = new KeyRing(
      "k2",
      new Map([
        ["k2", randomBytes(32)],
        [k1.id, k1.key],
      ]),
    );
    for (let i = 0; i < 5; i++) {
      const investor = await t.user("INVESTOR");
      investors.push(investor);
      const res = await t.as(investor).post("/api/v1/kyc/applications", submission({ familyName: `Family${i}` }), {
        headers: { "idempotency-key": idempotencyKey() },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal((await uploadDocument(t.as(investor), res.body.id, "PASSPORT", PDF)).status, 201);
      assert.equal((await uploadDocument(t.as(investor), res.body.id, "SELFIE", PNG, "image/png")).status, 201);
    }
  });
  after(async () => t.close());

  it("the rotation route is for admins only, validates its options, and finds nothing to do when all rows are current", async () => {
    const officer = await t.user("COMPLIANCE_OFFICER");
    assert.equal((await t.as(officer).post("/api/v1/kyc/key-rotation", {})).status, 403);
    assert.equal((await t.as(investors[0]!).post("/api/v1/kyc/key-rotation", {})).status, 403);
    assert.equal((await t.anonymous.post("/api/v1/kyc/key-rotation", {})).status, 401);
    assert.equal((await t.as(t.admin).post("/api/v1/kyc/key-rotation", { batchSize: 0 })).status, 400);
    const res = await t.as(t.admin).post("/api/v1/kyc/key-rotation", { batchSize: 50 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.currentKeyId, "k1");
    assert.equal(res.body.applications.rotated + res.body.documents.rotated, 0);
  });

  it("re-encrypts identities and documents under the new key, resumably, keeping every byte", async () => {
    const appsBefore = await t.db.kycApplication.findMany({ orderBy: { id: "asc" } });
    const docsBefore = await t.db.kycDocument.findMany({ orderBy: { id: "asc" } });
    assert.ok(appsBefore.every((a) => a.identityKeyId === "k1"));

    const partial = await rotateKycKeys(t.db, newRing, t.admin, { batchSize: 2, maxBatches: 1 });
    assert.equal(partial.applications.rotated, 2);
    assert.equal(partial.applications.done, false);
    assert.equal(await t.db.kycApplication.count({ where: { identityKeyId: "k2" } }), 2);

    const rest = await rotateKycKeys(t.db, newRing, t.admin, { batchSize: 2 });
    assert.equal(rest.applications.scanned, 3, "finished rows are not read again");
    assert.equal(rest.applications.done, true);
    assert.equal(rest.documents.done, true);

    const appsAfter = await t.db.kycApplication.findMany({ orderBy: { id: "asc" } });
    const docsAfter = await t.db.kycDocument.findMany({ orderBy: { id: "asc" } });
    const onlyNewKey = new KeyRing("k2", new Map([["k2", newRing.key("k2")]]));
    appsAfter.forEach((app, i) => {
      assert.equal(app.identityKeyId, "k2");
      assert.equal(keyIdOf(app.identityCiphertext), "k2");
      assert.deepEqual(openIdentity(onlyNewKey, app), openIdentity(oldRing, appsBefore[i]!));
      assert.equal(app.version, appsBefore[i]!.version, "rotation is not a business change");
      // 12.4: the identity document's blind index moves to the new key, and is still found with only the new key
      assert.ok(appsBefore[i]!.documentIndex?.startsWith("k1."));
      assert.equal(app.documentIndex, documentIndexOf(onlyNewKey, openIdentity(onlyNewKey, app)));
      // the name the queue shows moves with them, and still opens to the identity's name
      assert.equal(keyIdOf(app.nameCiphertext!), "k2");
      const before = openIdentity(oldRing, appsBefore[i]!);
      assert.equal(
        openApplicantName(onlyNewKey, { ...app, identityCiphertext: null }),
        `${before.givenNames} ${before.familyName}`,
      );
    });
    docsAfter.forEach((doc, i) => {
      assert.equal(doc.keyId, "k2");
      assert.ok(openDocument(onlyNewKey, doc).equals(openDocument(oldRing, docsBefore[i]!)));
      assert.equal(openDocumentName(onlyNewKey, doc), openDocumentName(oldRing, docsBefore[i]!));
    });

    // applications from before the index or the sealed name existed get them from the next run, even with nothing
    // to re-encrypt, under the identity's key
    const [unindexed, unnamed] = appsAfter;
    await t.db.kycApplication.update({ where: { id: unindexed!.id }, data: { documentIndex: null } });
    await t.db.kycApplication.update({ where: { id: unnamed!.id }, data: { nameCiphertext: null } });
    await rotateKycKeys(t.db, newRing, t.admin, { batchSize: 10 });
    assert.equal(
      (await t.db.kycApplication.findUniqueOrThrow({ where: { id: unindexed!.id } })).documentIndex,
      unindexed!.documentIndex,
    );
    const named = await t.db.kycApplication.findUniqueOrThrow({ where: { id: unnamed!.id } });
    assert.equal(keyIdOf(named.nameCiphertext!), "k2");
    const identity = openIdentity(onlyNewKey, named);
    assert.equal(
      openApplicantName(onlyNewKey, { ...named, identityCiphertext: null }),
      `${identity.givenNames} ${identity.familyName}`,
    );

    const audit = await t.db.auditEntry.findMany({ where: { action: "kyc.keys_rotated" } });
    assert.ok(audit.length >= 2);
    const again = await rotateKycKeys(t.db, newRing, t.admin, { batchSize: 10 });
    assert.equal(again.applications.scanned + again.documents.scanned, 0);
  });

  it("refuses to run with a key ring that lacks a key still in use, changing nothing", async () => {
    // the configured ring only holds k1, but the rows now use k2
    const res = await t.as(t.admin).post("/api/v1/kyc/key-rotation", {});
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, "encryption_key_missing");
    assert.match(res.body.detail, /k2/);
    assert.equal(await t.db.kycApplication.count({ where: { identityKeyId: { not: "k2" } } }), 0);
  });
});
