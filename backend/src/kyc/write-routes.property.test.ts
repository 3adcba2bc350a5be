/**
 * Property-based tests of every KYC and AML write route: random and malformed payloads (any JSON, wrong types,
 * near-valid records, random files and lists, random If-Match) never produce a 5xx, and a refused request
 * (4xx) leaves every KYC/AML table, the outbox, the audit trail and the idempotency store exactly as they were.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import {
  identity,
  idempotencyKey,
  loadList,
  sampleFiles,
  sealedNameMismatches,
  submission,
  uploadDocument,
} from "./kyc.fixtures.ts";

const RUNS = 20;

const TABLES = [
  "kyc_applications",
  "kyc_documents",
  "kyc_status_changes",
  "aml_screenings",
  "sanctions_list_versions",
  "onchain_identity_changes",
  "audit_entries",
  "idempotency_records",
];

describe("KYC/AML write routes under random input (fast-check, real PostgreSQL)", () => {
  let t: TestContext;
  let investor: TestUser;
  let officer: Client;
  let applicationId: string;
  let screeningId: string;

  async function snapshot(): Promise<string> {
    const rows = await t.db.$queryRawUnsafe<Record<string, bigint>[]>(
      `SELECT ${TABLES.map((name) => `(SELECT count(*) FROM ${name}) AS ${name}`).join(", ")}`,
    );
    const versions = await t.db.$queryRawUnsafe<{ v: string }[]>(
      `SELECT string_agg(id || ':' || version || ':' || status, ',' ORDER BY id) AS v FROM kyc_applications`,
    );
    return (
      JSON.stringify(rows[0], (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)) + (versions[0]?.v ?? "")
    );
  }

  /** Sends one request and checks the two properties. */
  async function check(send: () => Promise<{ status: number; text: string }>, label: string): Promise<void> {
    const before = await snapshot();
    const res = await send();
    assert.ok(res.status < 500, `${label}: ${res.status} ${res.text}`);
    if (res.status >= 400)
      assert.equal(await snapshot(), before, `${label}: a refused request (${res.status}) changed the database`);
  }

  before(async () => {
    t = await createTestContext();
    officer = t.as(await t.user("COMPLIANCE_OFFICER"));
    assert.equal((await loadList(officer, await sampleFiles())).status, 201);
    investor = await t.user("INVESTOR");
    // a listed name, so the application has a screening waiting for a decision
    const res = await t
      .as(investor)
      .post("/api/v1/kyc/applications", submission({ givenNames: "Ebrahim", familyName: "Raisi" }), {
        headers: { "idempotency-key": idempotencyKey() },
      });
    assert.equal(res.status, 201, res.text);
    applicationId = res.body.id;
    assert.equal((await uploadDocument(t.as(investor), applicationId)).status, 201);
    const screening = await t.db.amlScreening.findFirstOrThrow({ where: { applicationId, status: "PENDING_REVIEW" } });
    screeningId = screening.id;
  });
  after(async () => t.close());

  const anyJson = fc.oneof(fc.anything(), fc.object(), fc.constant(null), fc.array(fc.anything()));
  const version = fc.oneof(
    fc.integer({ min: 0, max: 6 }).map((v) => `"${v}"`),
    fc.string({ maxLength: 12 }),
  );
  const text = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 1990, maxLength: 2100 }), fc.anything());
  const country = fc.oneof(fc.integer({ min: -5, max: 1200 }), fc.constantFrom(250, 408, 710), fc.string());
  const date = fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string(),
    fc.integer(),
  );

  const nearIdentity = fc.record(
    {
      givenNames: text,
      familyName: text,
      dateOfBirth: fc.oneof(date, fc.constant("1990-01-01")),
      nationality: country,
      residence: fc.oneof(fc.constant(identity().residence), fc.record({ line1: text, city: text, country })),
      document: fc.oneof(
        fc.constant(identity().document),
        fc.record({ type: fc.string(), number: text, issuingCountry: country, expiresOn: date }),
      ),
      otherNames: fc.oneof(fc.array(text, { maxLength: 12 }), fc.anything()),
    },
    { requiredKeys: [] },
  );

  async function prop(
    label: string,
    arb: fc.Arbitrary<unknown>,
    send: (value: never) => Promise<{ status: number; text: string }>,
  ) {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => check(() => send(value as never), label)),
      { numRuns: RUNS },
    );
  }

  it("POST /kyc/applications", async () => {
    const other = t.as(await t.user("INVESTOR"));
    await prop(
      "submit",
      fc.oneof(
        anyJson,
        fc.record(
          { identity: nearIdentity, pepDeclared: fc.anything(), accreditationClaimed: fc.boolean() },
          { requiredKeys: [] },
        ),
      ),
      (body) => other.post("/api/v1/kyc/applications", body),
    );
  });

  it("POST /kyc/applications/:id/documents", async () => {
    const arb = fc.record({
      kind: fc.oneof(fc.constantFrom("PASSPORT", "SELFIE", "OTHER"), fc.string()),
      bytes: fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.constant(new Uint8Array(Buffer.from("%PDF-1.4 x")))),
      mime: fc.oneof(fc.constantFrom("application/pdf", "image/png", "text/html"), fc.string({ maxLength: 30 })),
      name: fc.string({ maxLength: 80 }),
    });
    await prop("document", arb, (v: { kind: string; bytes: Uint8Array; mime: string; name: string }) => {
      const form = new FormData();
      form.set("kind", v.kind);
      form.set("file", new Blob([new Uint8Array(v.bytes)], { type: v.mime }), v.name || "x");
      return t.as(investor).post(`/api/v1/kyc/applications/${applicationId}/documents`, undefined, { raw: form });
    });
  });

  const reviewRoute = (label: string, path: string, body: fc.Arbitrary<unknown>) =>
    prop(label, fc.tuple(body, version), ([b, v]: [unknown, string]) =>
      officer.post(`/api/v1/kyc/applications/${applicationId}/${path}`, b, { headers: { "if-match": v } }),
    );

  it("POST /kyc/applications/:id/approve", async () => {
    await reviewRoute(
      "approve",
      "approve",
      fc.oneof(anyJson, fc.record({ country, accredited: fc.anything(), kycExpiresAt: date }, { requiredKeys: [] })),
    );
  });

  it("POST /kyc/applications/:id/request-info, /reject, /revoke", async () => {
    await reviewRoute("request-info", "request-info", fc.oneof(anyJson, fc.record({ message: text })));
    await reviewRoute("reject", "reject", fc.oneof(anyJson, fc.record({ reason: text })));
    await reviewRoute("revoke", "revoke", fc.oneof(anyJson, fc.record({ reason: text })));
  });

  it("POST /kyc/applications/:id/review and /resubmit", async () => {
    await reviewRoute("review", "review", anyJson);
    await prop(
      "resubmit",
      fc.tuple(
        fc.oneof(anyJson, fc.record({ identity: nearIdentity, pepDeclared: fc.anything() }, { requiredKeys: [] })),
        version,
      ),
      ([b, v]: [unknown, string]) =>
        t.as(investor).post(`/api/v1/kyc/applications/${applicationId}/resubmit`, b, { headers: { "if-match": v } }),
    );
  });

  it("POST /kyc/expire-due and /kyc/key-rotation", async () => {
    await prop("expire-due", anyJson, (b) => officer.post("/api/v1/kyc/expire-due", b));
    await prop(
      "key-rotation",
      fc.oneof(
        anyJson,
        fc.record({ batchSize: fc.integer({ min: -10, max: 2000 }), maxBatches: fc.anything() }, { requiredKeys: [] }),
      ),
      (b) => t.as(t.admin).post("/api/v1/kyc/key-rotation", b),
    );
  });

  it("POST /aml/lists", async () => {
    const sample = (await sampleFiles()).sdn.split("\n").filter((l) => l !== "");
    const mutatedLine = fc
      .tuple(fc.constantFrom(...sample), fc.nat(), fc.string({ maxLength: 5 }))
      .map(([line, at, ins]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + ins + line.slice(i);
      });
    const arb = fc.record({
      sdn: fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.array(mutatedLine, { minLength: 1, maxLength: 5 }).map((ls) => ls.join("\n")),
      ),
      alt: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    });
    await prop("lists", arb, (v: { sdn: string; alt?: string }) => loadList(officer, v));
  });

  it("POST /aml/check, /aml/screenings/:id/decision and /aml/applications/:id/screen", async () => {
    await prop(
      "check",
      fc.oneof(
        anyJson,
        fc.record(
          { names: fc.anything(), wallets: fc.array(fc.string({ maxLength: 50 })), threshold: fc.double() },
          { requiredKeys: [] },
        ),
      ),
      (b) => officer.post("/api/v1/aml/check", b),
    );
    await prop(
      "decision",
      fc.tuple(
        fc.oneof(
          anyJson,
          fc.record(
            {
              decision: fc.oneof(fc.constantFrom("FALSE_POSITIVE", "CONFIRMED_MATCH"), fc.string()),
              reason: text,
              // the reason the investor reads when a confirmation closes the application: neutral, tipping-off, any
              investorReason: fc.oneof(
                text,
                fc.constantFrom("We could not complete your verification", "Listed on a sanctions watchlist"),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        version,
      ),
      ([b, v]: [unknown, string]) =>
        officer.post(`/api/v1/aml/screenings/${screeningId}/decision`, b, { headers: { "if-match": v } }),
    );
    await prop(
      "screen",
      fc.oneof(
        anyJson,
        fc.record(
          { pep: fc.anything(), manualFlags: fc.array(fc.string({ maxLength: 45 }), { maxLength: 12 }) },
          { requiredKeys: [] },
        ),
      ),
      (b) => officer.post(`/api/v1/aml/applications/${applicationId}/screen`, b),
    );
  });

  it("still works afterwards: the application can be decided and reviewed normally", async () => {
    const app = await t.db.kycApplication.findUniqueOrThrow({ where: { id: applicationId } });
    assert.ok(
      ["SUBMITTED", "UNDER_REVIEW", "MORE_INFO_REQUESTED", "APPROVED", "REJECTED", "REVOKED"].includes(app.status),
    );
    const res = await officer.get(`/api/v1/kyc/applications/${applicationId}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("etag"), `"${app.version}"`);
    // whatever was written, each application's sealed name is its identity's, under its key
    assert.deepEqual(await sealedNameMismatches(t.db, keyRingFromConfig(t.config.kycKeys)), []);
  });
});
