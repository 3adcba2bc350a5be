/**
 * Finding M1 (browser review 2026-12-06): a KYC form sent with a document the server refused (a truncated PDF) told
 * the investor "Your application was not submitted – the file is not a valid PDF: the PDF trailer (startxref ...
 * %%EOF) is missing", yet the application had been created (SUBMITTED, no document: no officer may approve it, the
 * investor could not add one). POST /kyc/applications/with-document submits the application with its identity
 * document in one transaction: a refused file leaves no application. Refusals of files say what to do, in words for
 * people (`detail`); the parser's reason is `technicalReason`, for developers (also L9, property documents).
 *
 * Class test: any sequence of submissions that fail at any step (the application's JSON, its fields, a live
 * application already there, the file: truncated, mislabelled, of a type not accepted, empty) or succeed leaves the
 * investor able to finish: no application, or one that holds its identity document; never a submitted application
 * without one. Every refused file is worded for people.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { FAKE_PDF, minimalPdf } from "../../test/support/files.ts";
import { createProperty, uploadDocument as uploadPropertyDocument } from "../../test/support/fixtures.ts";
import { IDENTITY_DOCUMENT_KINDS } from "./service.ts";
import { idempotencyKey, PNG, submission } from "./kyc.fixtures.ts";

const PDF = minimalPdf("passport scan");
/** The browser reviewer's file: a PDF cut before its cross-reference table. */
const TRUNCATED = PDF.subarray(0, Math.floor(PDF.length / 2));
/** Words of parsers and MIME types that a person uploading a file should never read. */
const INTERNALS = /startxref|%%EOF|xref|trailer|application\/|image\/|mime|content type|header/i;

interface Attempt {
  application: unknown;
  kind?: string;
  bytes: Buffer;
  type: string;
  name?: string;
}

describe("M1: a KYC application is submitted with its identity document, or not at all (real PostgreSQL)", () => {
  let t: TestContext;

  before(async () => {
    t = await createTestContext();
  });
  after(async () => t.close());

  function send(investor: TestUser, a: Attempt) {
    const form = new FormData();
    form.set("application", typeof a.application === "string" ? a.application : JSON.stringify(a.application));
    form.set("kind", a.kind ?? "PASSPORT");
    form.set("file", new Blob([new Uint8Array(a.bytes)], { type: a.type }), a.name ?? "passport.pdf");
    return t.as(investor).post("/api/v1/kyc/applications/with-document", undefined, {
      raw: form,
      headers: { "idempotency-key": idempotencyKey() },
    });
  }

  /** The investor's applications with whether each holds an identity document. */
  async function applicationsOf(investor: TestUser) {
    const apps = await t.db.kycApplication.findMany({
      where: { applicant: { address: investor.address } },
      include: { documents: { select: { kind: true } } },
    });
    return apps.map((a) => ({
      status: a.status,
      identityDocument: a.documents.some((d) => IDENTITY_DOCUMENT_KINDS.includes(d.kind)),
    }));
  }

  it("regression: a truncated PDF is refused in words for people and leaves no application", async () => {
    const erin = await t.user("INVESTOR");
    const refused = await send(erin, { application: submission(), bytes: TRUNCATED, type: "application/pdf" });
    assert.equal(refused.status, 415, refused.text);
    assert.equal(refused.body.detail, "This file is not a readable PDF. Export it again or upload a photo.");
    assert.match(refused.body.technicalReason, /startxref/, "developers still learn why");
    assert.deepEqual(await applicationsOf(erin), [], "nothing was submitted");

    const accepted = await send(erin, { application: submission(), bytes: PDF, type: "application/pdf" });
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal(accepted.body.status, "SUBMITTED");
    assert.deepEqual(await applicationsOf(erin), [{ status: "SUBMITTED", identityDocument: true }]);
    const detail = await t.as(erin).get(`/api/v1/kyc/applications/${accepted.body.id}`);
    assert.equal(detail.body.version, accepted.body.version, "the answer is the application as it stands");
    assert.equal(detail.body.documents.length, 1);
  });

  it("L9: a property document that is not a readable PDF is refused in the same words", async () => {
    const manager = await t.user("PROPERTY_MANAGER");
    const property = await createProperty(t, manager);
    const res = await uploadPropertyDocument(t, manager, property.id, "OTHER", TRUNCATED, "report.pdf");
    assert.equal(res.status, 415, res.text);
    assert.equal(res.body.detail, "This file is not a readable PDF. Export it again or upload a photo.");
  });

  const failing: fc.Arbitrary<Attempt> = fc.oneof(
    fc.constant<Attempt>({ application: "{not json", bytes: PDF, type: "application/pdf" }),
    fc.constant<Attempt>({ application: submission({ dateOfBirth: "tomorrow" }), bytes: PDF, type: "application/pdf" }),
    fc.constant<Attempt>({ application: submission(), kind: "PROOF_OF_ADDRESS", bytes: PDF, type: "application/pdf" }),
    fc
      .integer({ min: 1, max: PDF.length - 1 })
      .map((cut): Attempt => ({ application: submission(), bytes: PDF.subarray(0, cut), type: "application/pdf" })),
    fc.constant<Attempt>({ application: submission(), bytes: FAKE_PDF, type: "application/pdf" }),
    fc.constant<Attempt>({ application: submission(), bytes: PNG, type: "application/pdf", name: "passport.pdf" }),
    fc.constant<Attempt>({ application: submission(), bytes: Buffer.from("plain text"), type: "text/plain" }),
    fc.constant<Attempt>({ application: submission(), bytes: Buffer.alloc(0), type: "application/pdf" }),
  );
  const succeeding = fc.constantFrom<Attempt>(
    { application: submission(), bytes: PDF, type: "application/pdf" },
    { application: submission(), bytes: PNG, type: "image/png", name: "passport.png" },
  );

  it("class: any failure at any step leaves the investor able to finish, never a submission without a document", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(failing, succeeding), { minLength: 1, maxLength: 4 }), async (attempts) => {
        const investor = await t.user("INVESTOR");
        for (const attempt of attempts) {
          const res = await send(investor, attempt);
          if (res.status >= 400) {
            assert.ok(res.status < 500, res.text);
            if (res.status === 415) {
              assert.doesNotMatch(res.body.detail, INTERNALS, `worded for people: ${res.body.detail}`);
              assert.equal(typeof res.body.technicalReason, "string");
            }
          }
          const apps = await applicationsOf(investor);
          // never a submitted application without its identity document; at most one live application
          for (const a of apps) assert.ok(a.identityDocument, `an application without a document: ${a.status}`);
          assert.ok(apps.length <= 1);
        }
        // and they can finish: a live application, or a clean submission now goes through
        if ((await applicationsOf(investor)).length === 0) {
          const done = await send(investor, { application: submission(), bytes: PDF, type: "application/pdf" });
          assert.equal(done.status, 201, done.text);
        }
      }),
      { numRuns: 25, includeErrorInReport: true },
    );
  });
});
