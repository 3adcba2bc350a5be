/**
 * Issue 15 privacy finding: the KYC history API gave the investor the approval's system note (their country,
 * accreditation and expiry in raw form, written for officers) and its details. The backend filters what the
 * investor's role may see; the web hiding it was not enough. The class: every KYC and AML read endpoint, as the
 * investor, carries no officer-only field or note (routes read from the route tables, so a new one is covered).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
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

  /** An investor whose first application was rejected and whose second waits, both screened with risk 87. */
  async function twoScreenedApplications() {
    const investor = await t.user("INVESTOR");
    const submit = async () => {
      const res = await t
        .as(investor)
        .post("/api/v1/kyc/applications", submission(), { headers: { "idempotency-key": idempotencyKey() } });
      assert.equal(res.status, 201, res.text);
      return res.body.id as string;
    };
    const first = await submit();
    await move(first, "review");
    await move(first, "reject", { reason: "The documents do not match the declared identity" });
    await submit();
    // as a screening with this score would have left them (aml/screening-service.ts copies it onto the application)
    await t.pool.query(`UPDATE kyc_applications SET "riskScore" = 87, "riskLevel" = 'HIGH' WHERE "applicantId" = $1`, [
      investor.id,
    ]);
    return investor;
  }

  it("finding: an investor cannot learn their AML risk from the order or the cursor of their own list", async () => {
    const investor = await twoScreenedApplications();
    const res = await t.as(investor).get("/api/v1/kyc/applications?sort=risk&limit=1");
    // sorting by risk is the reviewers' tool: the order, and the cursor that continues it, would carry the score
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.detail, "only compliance officers and admins sort applications by risk");
    for (const sort of ["submitted", "-submitted"]) {
      const page = await t.as(investor).get(`/api/v1/kyc/applications?sort=${sort}&limit=1`);
      assert.equal(page.status, 200, page.text);
      // the other orders' cursors hold the last row's submission time and id, both on the page
      const cursor = JSON.parse(Buffer.from(page.body.nextCursor as string, "base64url").toString("utf8")) as unknown;
      const last = page.body.items[0] as { createdAt: string; id: string };
      assert.deepEqual(cursor, [last.createdAt, last.id], `the ${sort} cursor`);
    }
  });

  it("class: every cursor an investor gets holds only values their page shows them, in every order and filter", async () => {
    const investor = await twoScreenedApplications();
    const own = await t.as(investor).get("/api/v1/kyc/applications");
    const id = (own.body.items as { id: string }[])[0]!.id;
    const reads = [...kycRoutes, ...amlRoutes].filter((r) => r.method === "get" && r.query);
    let cursors = 0;
    for (const route of reads) {
      for (const query of queryVariants(route.query)) {
        const path = `/api/v1${route.path.replace(":id", id)}?${query}`;
        const res = await t.as(investor).get(path);
        assert.ok(res.status < 500, `GET ${path}: ${res.status}`);
        if (res.status !== 200 || !res.body || typeof res.body !== "object") continue;
        const isCursor = (key: string) => /cursor$/i.test(key);
        const shown = new Set<string>();
        walk(res.body, path, (_, key, value) => {
          if (!isCursor(key) && (typeof value === "string" || typeof value === "number")) shown.add(String(value));
        });
        walk(res.body, path, (where, key, value) => {
          if (!isCursor(key) || typeof value !== "string") return;
          cursors += 1;
          const held = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
          for (const v of held)
            assert.ok(
              v === null || shown.has(String(v)),
              `${where}.${key} holds ${String(v)}, which the page does not show`,
            );
        });
      }
    }
    assert.ok(cursors >= 2, `the investor's pages of one continue with a cursor (${cursors})`);
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

/** Each value of each closed-set field of a route's query (sort orders, statuses), one at a time, on pages of one. */
function queryVariants(query: z.ZodType | undefined): string[] {
  if (!(query instanceof z.ZodObject)) return [];
  const variants = ["limit=1"];
  for (const [key, field] of Object.entries(query.shape as Record<string, z.ZodType>)) {
    let inner = field;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    if (inner instanceof z.ZodEnum)
      for (const value of inner.options) variants.push(`limit=1&${key}=${encodeURIComponent(String(value))}`);
  }
  return variants;
}

function walk(value: unknown, where: string, visit: (where: string, key: string, value: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, visit));
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) {
      visit(where, key, v);
      walk(v, `${where}.${key}`, visit);
    }
}
