/**
 * Issue 15 privacy finding: the KYC history API gave the investor the approval's system note (their country,
 * accreditation and expiry in raw form, written for officers) and its details. The backend filters what the
 * investor's role may see; the web hiding it was not enough. The class: every KYC and AML read endpoint, as the
 * investor, carries no officer-only field or note (routes read from the route tables, so a new one is covered).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { amlRoutes } from "../aml/routes.ts";
import { idempotencyKey, ifMatch, inDays, loadList, sampleFiles, submission, uploadDocument } from "./kyc.fixtures.ts";
import { kycRoutes } from "./routes.ts";

/** Fields only reviewers may fill: any other value the investor gets is a leak. */
const OFFICER_ONLY_FIELDS = [
  "details",
  "reviewerId",
  "lastError",
  "sameIdentityDocument",
  "riskScore",
  "riskLevel",
  "applicantName",
] as const;
/** Officer-only notes the workflow writes (approval terms, expiry), recognisable by their form. */
const SYSTEM_NOTE = /\bcountry \d+, accredited (true|false)|expires \d{4}-|expired at \d{4}-/;

describe("KYC and AML reads as the investor carry no officer-only field or note (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;
  let officerClient: Client;

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    officerClient = t.as(officer);
    assert.equal((await loadList(officerClient, await sampleFiles())).status, 201);
  });
  after(async () => t.close());

  async function move(id: string, action: string, body?: unknown) {
    const version = ((await officerClient.get(`/api/v1/kyc/applications/${id}`)).body as { version: number }).version;
    const res = await officerClient.post(`/api/v1/kyc/applications/${id}/${action}`, body, ifMatch(version));
    assert.equal(res.status, 200, `${action}: ${res.text}`);
  }

  /** An investor with an application that went through review, a request for information and approval. */
  async function approvedApplication() {
    const investor = await t.user("INVESTOR");
    const submitted = await t
      .as(investor)
      .post("/api/v1/kyc/applications", submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(submitted.status, 201, submitted.text);
    const id = submitted.body.id as string;
    assert.equal((await uploadDocument(t.as(investor), id)).status, 201);
    await move(id, "review");
    await move(id, "request-info", { message: "Please upload a clearer scan of your passport" });
    const app = (await t.as(investor).get(`/api/v1/kyc/applications/${id}`)).body as { version: number };
    const resubmitted = await t.as(investor).post(`/api/v1/kyc/applications/${id}/resubmit`, {}, ifMatch(app.version));
    assert.equal(resubmitted.status, 200, resubmitted.text);
    await move(id, "review");
    await move(id, "approve", { country: 250, accredited: false, kycExpiresAt: inDays(365) });
    return { investor, id };
  }

  it("finding: GET /kyc/applications/:id/history does not give the investor the approval's system note", async () => {
    const { investor, id } = await approvedApplication();
    const asOfficer = await officerClient.get(`/api/v1/kyc/applications/${id}/history`);
    const approvalForOfficer = asOfficer.body.items.find((c: { toStatus: string }) => c.toStatus === "APPROVED");
    assert.match(approvalForOfficer.note, /country 250, accredited false/, "officers keep the approval's terms");

    const res = await t.as(investor).get(`/api/v1/kyc/applications/${id}/history`);
    assert.equal(res.status, 200, res.text);
    const approval = res.body.items.find((c: { toStatus: string }) => c.toStatus === "APPROVED");
    assert.equal(approval.note, null, JSON.stringify(approval));
    assert.equal(approval.details, null, JSON.stringify(approval));
    const request = res.body.items.find((c: { toStatus: string }) => c.toStatus === "MORE_INFO_REQUESTED");
    assert.equal(request.note, "Please upload a clearer scan of your passport", "what was asked of them stays");
  });

  it("class: every KYC and AML GET as the investor has no officer-only field, officer id or system note", async () => {
    const { investor, id } = await approvedApplication();
    const documentId = (await t.db.kycDocument.findFirstOrThrow({ where: { applicationId: id } })).id;
    const reads = [...kycRoutes, ...amlRoutes].filter((r) => r.method === "get");
    assert.ok(reads.length >= 5, "the route tables list the reads");
    let answered = 0;
    for (const route of reads) {
      const path = `/api/v1${route.path.replace(":id", id).replace(":documentId", documentId)}`;
      const res = await t.as(investor).get(path);
      assert.ok(res.status < 500, `GET ${route.path}: ${res.status}`);
      if (res.status !== 200 || !res.body || typeof res.body !== "object") continue;
      answered += 1;
      walk(res.body, `GET ${route.path}`, (where, key, value) => {
        if ((OFFICER_ONLY_FIELDS as readonly string[]).includes(key))
          assert.ok(value === null || value === undefined, `${where}.${key} is officer-only: ${JSON.stringify(value)}`);
        if (key === "actorId") assert.ok(value === null || value === investor.id, `${where}.actorId names an officer`);
        if (typeof value === "string") {
          assert.ok(!value.includes(officer.id), `${where}.${key} names the officer`);
          assert.doesNotMatch(value, SYSTEM_NOTE, `${where}.${key} is an officer's system note`);
        }
      });
    }
    assert.ok(answered >= 4, `the investor could read their list, application, history and registry writes`);
  });
});

function walk(value: unknown, where: string, visit: (where: string, key: string, value: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, visit));
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) {
      visit(where, key, v);
      walk(v, `${where}.${key}`, visit);
    }
}
