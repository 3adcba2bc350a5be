import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { startKycExpiryJob } from "./expiry-job.ts";
import {
  editSample,
  identity,
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  PDF,
  PNG,
  sampleFiles,
  submission,
  uploadDocument,
  type SampleFiles,
} from "./kyc.fixtures.ts";

describe("KYC routes (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;
  let officerClient: Client;
  let files: SampleFiles;

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    officerClient = t.as(officer);
    files = await sampleFiles();
  });
  after(async () => t.close());

  async function submit(user: TestUser, body: unknown = submission()) {
    const res = await t
      .as(user)
      .post("/api/v1/kyc/applications", body, { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; version: number; status: string };
  }

  async function current(id: string, client: Client = officerClient) {
    const res = await client.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  async function review(id: string) {
    const app = await current(id);
    const res = await officerClient.post(`/api/v1/kyc/applications/${id}/review`, undefined, ifMatch(app.version));
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  const approvalTerms = { country: 250, accredited: false, kycExpiresAt: inDays(365) };

  async function approve(id: string, terms: Record<string, unknown> = approvalTerms) {
    const app = await current(id);
    return officerClient.post(`/api/v1/kyc/applications/${id}/approve`, terms, ifMatch(app.version));
  }

  it("runs the full path: submission, encrypted storage, documents, list, review, approval, outbox, history, audit", async () => {
    const investor = await t.user("INVESTOR");
    const created = await submit(investor);
    assert.equal(created.status, "SUBMITTED");

    // nothing personal is stored in clear
    const raw = await t.db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(k)::text AS row FROM kyc_applications k WHERE id = '${created.id}'`,
    );
    assert.ok(!raw[0]!.row.includes("Dubois") && !raw[0]!.row.includes("19AB1") && !raw[0]!.row.includes("Lilas"));

    const upload = await uploadDocument(t.as(investor), created.id);
    assert.equal(upload.status, 201, upload.text);
    const { createHash } = await import("node:crypto");
    assert.equal(upload.body.sha256, createHash("sha256").update(PDF).digest("hex"));
    const stored = await t.db.kycDocument.findUniqueOrThrow({ where: { id: upload.body.id } });
    assert.ok(!Buffer.from(stored.content).includes(PDF.subarray(0, 20)), "document bytes are encrypted");

    const loaded = await loadList(officerClient, files);
    assert.equal(loaded.status, 201, loaded.text);
    assert.ok(loaded.body.rescreened >= 1);

    await review(created.id);
    const approved = await approve(created.id);
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, "APPROVED");
    assert.equal(approved.body.approvedCountry, 250);
    assert.equal(approved.headers.get("etag"), `"${approved.body.version}"`);

    const outbox = await t.db.onchainIdentityChange.findMany({ where: { applicationId: created.id } });
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.kind, "REGISTER");
    assert.equal(outbox[0]!.wallet, investor.address);
    assert.equal(outbox[0]!.identity, investor.address);
    assert.equal(outbox[0]!.country, 250);
    assert.equal(outbox[0]!.accredited, false);
    assert.equal(outbox[0]!.status, "PENDING");

    const history = await t.as(investor).get(`/api/v1/kyc/applications/${created.id}/history`);
    assert.deepEqual(
      history.body.items.map((h: { toStatus: string }) => h.toStatus),
      ["SUBMITTED", "UNDER_REVIEW", "APPROVED"],
    );

    const audit = await t.db.auditEntry.findMany({
      where: { entityId: created.id, action: { not: "kyc.identity_viewed" } },
      orderBy: { seq: "asc" },
    });
    assert.deepEqual(
      audit.map((a) => a.action),
      ["kyc.submitted", "kyc.document_added", "kyc.review_started", "kyc.approved"],
    );
    assert.ok(
      (await t.db.auditEntry.count({
        where: { entityId: created.id, action: "kyc.identity_viewed", actorId: officer.id },
      })) >= 1,
    );
    const allAudit = JSON.stringify(await t.db.auditEntry.findMany());
    assert.ok(!allAudit.includes("Dubois") && !allAudit.includes("19AB1"), "the audit trail holds no personal data");
    const verify = await t.as(t.admin).get("/api/v1/audit/verify");
    assert.equal(verify.body.valid, true);
  });

  it("shows the agent's registry writes and their status to the investor and reviewers (errors to reviewers only)", async () => {
    const investor = await t.user("INVESTOR");
    const created = await submit(investor);
    const empty = await t.as(investor).get(`/api/v1/kyc/applications/${created.id}/onchain`);
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual(empty.body.items, [], "nothing is queued before approval");
    assert.equal((await uploadDocument(t.as(investor), created.id)).status, 201);
    await loadList(officerClient, files);
    await review(created.id);
    const approved = await approve(created.id);
    assert.equal(approved.status, 200, approved.text);
    const queued = await t.as(investor).get(`/api/v1/kyc/applications/${created.id}/onchain`);
    assert.equal(queued.body.items.length, 1);
    assert.deepEqual(
      {
        kind: queued.body.items[0].kind,
        reason: queued.body.items[0].reason,
        status: queued.body.items[0].status,
        txHash: queued.body.items[0].txHash,
        processedAt: queued.body.items[0].processedAt,
      },
      { kind: "REGISTER", reason: "kyc.approved", status: "PENDING", txHash: null, processedAt: null },
    );
    const txHash = `0x${"ab".repeat(32)}`;
    await t.db.onchainIdentityChange.updateMany({
      where: { applicationId: created.id },
      data: { status: "FAILED", attempts: 8, lastError: "execution reverted: IdentityAlreadyRegistered", txHash },
    });
    // A write about the wallet without the application (an AML freeze) belongs to the same story, for reviewers:
    // the investor is not told about the hold or its reason (issue 12.3, no tipping-off).
    await t.db.onchainIdentityChange.create({ data: { kind: "FREEZE", wallet: investor.address, reason: "aml.hit" } });
    const mine = await t.as(investor).get(`/api/v1/kyc/applications/${created.id}/onchain`);
    assert.deepEqual(
      mine.body.items.map((w: { kind: string }) => w.kind),
      ["REGISTER"],
    );
    assert.equal(mine.body.items[0].status, "FAILED");
    assert.equal(mine.body.items[0].txHash, txHash);
    assert.equal(mine.body.items[0].lastError, null, "the investor does not see the agent's internals");
    const theirs = await officerClient.get(`/api/v1/kyc/applications/${created.id}/onchain`);
    assert.deepEqual(
      theirs.body.items.map((w: { kind: string; reason: string }) => [w.kind, w.reason]),
      [
        ["FREEZE", "aml.hit"],
        ["REGISTER", "kyc.approved"],
      ],
      "newest first",
    );
    assert.equal(theirs.body.items[1].lastError, "execution reverted: IdentityAlreadyRegistered");
    const stranger = await t.as(await t.user("INVESTOR")).get(`/api/v1/kyc/applications/${created.id}/onchain`);
    assert.equal(stranger.status, 404);
    assert.equal((await t.anonymous.get(`/api/v1/kyc/applications/${created.id}/onchain`)).status, 401);
  });

  it("shows an application to its investor and to reviewers only, and serves the decrypted document", async () => {
    const investor = await t.user("INVESTOR");
    const stranger = await t.user("INVESTOR");
    const manager = await t.user("PROPERTY_MANAGER");
    const app = await submit(investor);
    const doc = await uploadDocument(t.as(investor), app.id, "PROOF_OF_ADDRESS", PNG, "image/png");
    assert.equal(doc.status, 201, doc.text);

    const mine = await t.as(investor).get(`/api/v1/kyc/applications/${app.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.identity.familyName, "Dubois");
    assert.equal(mine.body.documents[0].fileName, "passport-scan.pdf");
    assert.equal(mine.headers.get("cache-control"), "no-store");
    assert.equal((await officerClient.get(`/api/v1/kyc/applications/${app.id}`)).status, 200);
    assert.equal((await t.as(stranger).get(`/api/v1/kyc/applications/${app.id}`)).status, 404);
    assert.equal((await t.as(manager).get(`/api/v1/kyc/applications/${app.id}`)).status, 404);
    assert.equal((await t.anonymous.get(`/api/v1/kyc/applications/${app.id}`)).status, 401);
    assert.equal((await t.as(stranger).get(`/api/v1/kyc/applications/${app.id}/history`)).status, 404);

    const content = `/api/v1/kyc/applications/${app.id}/documents/${doc.body.id}/content`;
    const download = await fetch(t.baseUrl + content, { headers: { cookie: investor.cookie } });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get("content-type"), "image/png");
    assert.ok(Buffer.from(await download.arrayBuffer()).equals(PNG));
    assert.equal((await t.as(stranger).get(content)).status, 404);

    // reviewers' reads of personal data are audited; the investor's own reads are not
    const viewed = await t.db.auditEntry.findMany({
      where: { entityId: app.id, action: { in: ["kyc.identity_viewed", "kyc.document_viewed"] } },
    });
    assert.deepEqual(
      viewed.map((v) => [v.action, v.actorId]),
      [["kyc.identity_viewed", officer.id]],
    );
    const officerDownload = await fetch(t.baseUrl + content, { headers: { cookie: officer.cookie } });
    assert.equal(officerDownload.status, 200);
    assert.equal(
      await t.db.auditEntry.count({ where: { entityId: app.id, action: "kyc.document_viewed", actorId: officer.id } }),
      1,
    );

    // the investor's list holds only their own applications; the officer's holds everyone's
    const own = await t.as(investor).get("/api/v1/kyc/applications");
    assert.deepEqual(
      own.body.items.map((a: { id: string }) => a.id),
      [app.id],
    );
    const queue = await officerClient.get("/api/v1/kyc/applications?status=SUBMITTED&limit=100");
    assert.ok(queue.body.items.some((a: { id: string }) => a.id === app.id));
    assert.ok(queue.body.items.every((a: { status: string }) => a.status === "SUBMITTED"));

    // keyset pagination: pages of 2 cover the queue once, in order, without repeats
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await officerClient.get(
        `/api/v1/kyc/applications?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await officerClient.get("/api/v1/kyc/applications?limit=100");
    assert.deepEqual(
      seen,
      all.body.items.map((a: { id: string }) => a.id),
    );
    assert.equal(new Set(seen).size, seen.length);
    assert.equal((await officerClient.get("/api/v1/kyc/applications?cursor=not-a-cursor")).status, 400);
  });

  it("refuses a second live application, bad identity data and unsupported files", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor);
    const again = await t
      .as(investor)
      .post("/api/v1/kyc/applications", submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(again.status, 409);
    assert.equal(again.body.applicationId, app.id);

    const other = await t.user("INVESTOR");
    const minor = await t
      .as(other)
      .post("/api/v1/kyc/applications", submission({ dateOfBirth: new Date().toISOString().slice(0, 10) }));
    assert.equal(minor.status, 400);
    assert.equal(minor.body.code, "validation_failed");
    const expiredDoc = await t
      .as(other)
      .post("/api/v1/kyc/applications", submission({ document: { ...identity().document, expiresOn: "2020-01-01" } }));
    assert.equal(expiredDoc.status, 400);
    const badCountry = await t.as(other).post("/api/v1/kyc/applications", submission({ nationality: 1000 }));
    assert.equal(badCountry.status, 400);
    assert.equal(await t.db.kycApplication.count({ where: { applicantId: other.id } }), 0);

    const fake = await uploadDocument(
      t.as(investor),
      app.id,
      "PASSPORT",
      Buffer.from("MZ\x90\x00 not a pdf"),
      "application/pdf",
    );
    assert.equal(fake.status, 415);
    const exe = await uploadDocument(
      t.as(investor),
      app.id,
      "PASSPORT",
      Buffer.from("MZ\x90\x00"),
      "application/x-msdownload",
    );
    assert.equal(exe.status, 415);
    const badKind = await uploadDocument(t.as(investor), app.id, "SELFIE_VIDEO");
    assert.equal(badKind.status, 400);
    assert.equal(await t.db.kycDocument.count({ where: { applicationId: app.id } }), 0);
  });

  it("replays a repeated submission with the same Idempotency-Key instead of creating another", async () => {
    const investor = await t.user("INVESTOR");
    const key = idempotencyKey();
    const body = submission();
    const first = await t.as(investor).post("/api/v1/kyc/applications", body, { headers: { "idempotency-key": key } });
    const second = await t.as(investor).post("/api/v1/kyc/applications", body, { headers: { "idempotency-key": key } });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.body.id, first.body.id);
    assert.equal(second.headers.get("idempotency-replayed"), "true");
  });

  it("requests more information, accepts a resubmission with new data, and screens it again", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor);
    await review(app.id);
    const before = await current(app.id);
    const asked = await officerClient.post(
      `/api/v1/kyc/applications/${app.id}/request-info`,
      { message: "Please upload a proof of address" },
      ifMatch(before.version),
    );
    assert.equal(asked.status, 200, asked.text);
    assert.equal(asked.body.status, "MORE_INFO_REQUESTED");
    assert.equal(asked.body.infoRequest, "Please upload a proof of address");

    assert.equal((await uploadDocument(t.as(investor), app.id, "PROOF_OF_ADDRESS")).status, 201);
    const latest = await current(app.id, t.as(investor));
    const resubmitted = await t
      .as(investor)
      .post(
        `/api/v1/kyc/applications/${app.id}/resubmit`,
        { identity: identity({ familyName: "Dubois-Martin" }) },
        ifMatch(latest.version),
      );
    assert.equal(resubmitted.status, 200, resubmitted.text);
    assert.equal(resubmitted.body.status, "SUBMITTED");
    assert.equal(resubmitted.body.submissionCount, 2);
    assert.equal(resubmitted.body.infoRequest, null);
    assert.equal((await current(app.id)).identity.familyName, "Dubois-Martin");
    const screenings = await t.db.amlScreening.findMany({
      where: { applicationId: app.id },
      orderBy: { createdAt: "asc" },
    });
    assert.equal(screenings.at(-1)?.trigger, "resubmission");

    // an officer cannot resubmit for the investor, and the investor cannot review
    const v = (await current(app.id)).version;
    assert.equal((await officerClient.post(`/api/v1/kyc/applications/${app.id}/resubmit`, {}, ifMatch(v))).status, 403);
    assert.equal(
      (await t.as(investor).post(`/api/v1/kyc/applications/${app.id}/review`, undefined, ifMatch(v))).status,
      403,
    );
  });

  it("enforces the approval rules", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor);
    await review(app.id);

    const noDoc = await approve(app.id);
    assert.equal(noDoc.status, 422);
    assert.equal(noDoc.body.rule, "identity_document_required");

    // documents are locked while under review: the officer asks for one
    const locked = await uploadDocument(t.as(investor), app.id);
    assert.equal(locked.status, 422);
    assert.equal(locked.body.rule, "documents_locked");

    const v1 = (await current(app.id)).version;
    await officerClient.post(
      `/api/v1/kyc/applications/${app.id}/request-info`,
      { message: "Passport scan missing" },
      ifMatch(v1),
    );
    assert.equal((await uploadDocument(t.as(investor), app.id)).status, 201);
    const v2 = (await current(app.id, t.as(investor))).version;
    assert.equal(
      (await t.as(investor).post(`/api/v1/kyc/applications/${app.id}/resubmit`, {}, ifMatch(v2))).status,
      200,
    );
    await review(app.id);

    const embargoed = await approve(app.id, { ...approvalTerms, country: 408 });
    assert.equal(embargoed.body.rule, "country_prohibited");
    const tooLong = await approve(app.id, { ...approvalTerms, kycExpiresAt: inDays(5 * 366) });
    assert.equal(tooLong.body.rule, "expiry_out_of_range");
    const past = await approve(app.id, { ...approvalTerms, kycExpiresAt: inDays(-1) });
    assert.equal(past.body.rule, "expiry_out_of_range");
    const notAccredited = await approve(app.id, { ...approvalTerms, accredited: true });
    assert.equal(notAccredited.body.rule, "accreditation_evidence_required");
    const badCountry = await approve(app.id, { ...approvalTerms, country: 0 });
    assert.equal(badCountry.status, 400);

    const v3 = (await current(app.id)).version;
    const stale = await officerClient.post(
      `/api/v1/kyc/applications/${app.id}/approve`,
      approvalTerms,
      ifMatch(v3 - 1),
    );
    assert.equal(stale.status, 412);
    assert.equal(stale.body.currentVersion, v3);
    const missing = await officerClient.post(`/api/v1/kyc/applications/${app.id}/approve`, approvalTerms);
    assert.equal(missing.status, 428);

    // nothing above changed the application or queued anything for the chain
    assert.equal((await current(app.id)).status, "UNDER_REVIEW");
    assert.equal(await t.db.onchainIdentityChange.count({ where: { applicationId: app.id } }), 0);
    assert.equal((await approve(app.id)).status, 200);
  });

  it("approves an accredited investor who claimed it and gave evidence, and says so on chain", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor, submission({}, { accreditationClaimed: true }));
    assert.equal((await uploadDocument(t.as(investor), app.id)).status, 201);
    assert.equal((await uploadDocument(t.as(investor), app.id, "ACCREDITATION_EVIDENCE")).status, 201);
    await review(app.id);
    const res = await approve(app.id, { ...approvalTerms, accredited: true, country: 276 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.accredited, true);
    const outbox = await t.db.onchainIdentityChange.findFirstOrThrow({ where: { applicationId: app.id } });
    assert.equal(outbox.accredited, true);
    assert.equal(outbox.country, 276);
    assert.equal(outbox.kycExpiry?.toISOString(), new Date(approvalTerms.kycExpiresAt).toISOString());
  });

  it("refuses approval without a screening against the active list", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor);
    assert.equal((await uploadDocument(t.as(investor), app.id)).status, 201);
    await review(app.id);
    // a newer list was activated without this application being screened: simulate by removing its screenings' link
    const active = await t.db.sanctionsListVersion.findFirstOrThrow({ where: { active: true } });
    const older = await t.db.sanctionsListVersion.create({
      data: {
        source: "OFAC-SDN-TEST",
        format: "legacy-csv",
        digest: "0".repeat(64),
        entryCount: 1,
        walletCount: 0,
        sdnText: "x",
      },
    });
    await t.db.amlScreening.updateMany({ where: { applicationId: app.id }, data: { listVersionId: older.id } });
    const res = await approve(app.id);
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, "screening_stale");
    const rescreen = await officerClient.post(`/api/v1/aml/applications/${app.id}/screen`, {});
    assert.equal(rescreen.status, 201, rescreen.text);
    assert.equal(rescreen.body.listVersionId, active.id);
    assert.equal((await approve(app.id)).status, 200);
  });

  it("nobody reviews their own application", async () => {
    const dual = await t.user("INVESTOR", "COMPLIANCE_OFFICER");
    const app = await submit(dual);
    const res = await t.as(dual).post(`/api/v1/kyc/applications/${app.id}/review`, undefined, ifMatch(app.version));
    assert.equal(res.status, 403);
    assert.equal((await current(app.id)).status, "SUBMITTED");
  });

  it("rejects with a reason, then lets the investor apply again", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor);
    await review(app.id);
    const v = (await current(app.id)).version;
    const noReason = await officerClient.post(
      `/api/v1/kyc/applications/${app.id}/reject`,
      { reason: "  " },
      ifMatch(v),
    );
    assert.equal(noReason.status, 400);
    const rejected = await officerClient.post(
      `/api/v1/kyc/applications/${app.id}/reject`,
      { reason: "Document is not legible" },
      ifMatch(v),
    );
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.rejectionReason, "Document is not legible");
    const twice = await officerClient.post(
      `/api/v1/kyc/applications/${app.id}/approve`,
      approvalTerms,
      ifMatch(rejected.body.version),
    );
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, "invalid_transition");
    const next = await submit(investor);
    assert.notEqual(next.id, app.id);
  });

  it("revokes and expires approvals, queueing the on-chain removal each time", async () => {
    const a = await t.user("INVESTOR");
    const b = await t.user("INVESTOR");
    const ids: string[] = [];
    for (const investor of [a, b]) {
      const app = await submit(investor);
      assert.equal((await uploadDocument(t.as(investor), app.id)).status, 201);
      await review(app.id);
      assert.equal((await approve(app.id)).status, 200);
      ids.push(app.id);
    }
    const [revokeId, expireId] = ids as [string, string];
    const v = (await current(revokeId)).version;
    const revoked = await officerClient.post(
      `/api/v1/kyc/applications/${revokeId}/revoke`,
      { reason: "Investor asked to close the account" },
      ifMatch(v),
    );
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.body.status, "REVOKED");
    const kinds = async (id: string) =>
      (await t.db.onchainIdentityChange.findMany({ where: { applicationId: id }, orderBy: { seq: "asc" } })).map(
        (o) => o.kind,
      );
    assert.deepEqual(await kinds(revokeId), ["REGISTER", "REMOVE"]);

    await t.db.kycApplication.update({ where: { id: expireId }, data: { kycExpiresAt: new Date(Date.now() - 1000) } });
    assert.equal((await t.as(a).post("/api/v1/kyc/expire-due")).status, 403);
    const expired = await officerClient.post("/api/v1/kyc/expire-due");
    assert.equal(expired.status, 200);
    assert.ok(expired.body.expired.includes(expireId));
    assert.equal((await current(expireId)).status, "EXPIRED");
    assert.deepEqual(await kinds(expireId), ["REGISTER", "REMOVE"]);

    // a renewed KYC after expiry registers the wallet again
    const renewed = await submit(b);
    assert.equal((await uploadDocument(t.as(b), renewed.id)).status, 201);
    await review(renewed.id);
    assert.equal((await approve(renewed.id)).status, 200);
    const last = await t.db.onchainIdentityChange.findFirstOrThrow({
      where: { wallet: b.address },
      orderBy: { seq: "desc" },
    });
    assert.equal(last.kind, "REGISTER");
  });

  it("expires due approvals from the periodic job too", async () => {
    const investor = await t.user("INVESTOR");
    const app = await submit(investor);
    assert.equal((await uploadDocument(t.as(investor), app.id)).status, 201);
    await review(app.id);
    assert.equal((await approve(app.id)).status, 200);
    await t.db.kycApplication.update({ where: { id: app.id }, data: { kycExpiresAt: new Date(Date.now() - 1000) } });
    const logged: unknown[] = [];
    const job = startKycExpiryJob({
      db: t.db,
      logger: { info: (o: unknown) => logged.push(o), error: (o: unknown) => logged.push(o) } as never,
      intervalMs: 3_600_000,
    });
    try {
      assert.deepEqual(await job.runOnce(), [app.id]);
      assert.deepEqual(await job.runOnce(), []);
    } finally {
      await job.stop();
    }
    assert.equal((await current(app.id)).status, "EXPIRED");
    const last = await t.db.kycStatusChange.findFirstOrThrow({
      where: { applicationId: app.id },
      orderBy: { at: "desc" },
    });
    assert.equal(last.actorId, null, "the system expired it");
    assert.equal(logged.length, 1);
  });

  it("generates OpenAPI operations for every KYC and AML route", async () => {
    const doc = await t.anonymous.get("/api/v1/openapi.json");
    assert.equal(doc.status, 200);
    assert.ok(doc.body.paths["/api/v1/kyc/applications/{id}/approve"].post);
    assert.ok(doc.body.paths["/api/v1/aml/screenings/{id}/decision"].post);
    assert.ok(doc.body.paths["/api/v1/aml/lists"].post.requestBody.content["multipart/form-data"]);
  });

  it("older sample lists can be edited for tests", () => {
    const older = editSample(files, { drop: [27307] });
    assert.ok(!older.sdn.includes("LAZARUS"));
  });
});
