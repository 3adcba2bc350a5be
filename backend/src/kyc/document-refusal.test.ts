/**
 * Outside browser review: an officer who refused an investor's proof of address after the application was submitted
 * had no way to say so; the investor saw "We are checking your application", their document as sent, and waited
 * for ever. Now an officer refuses one document with a standard reason (`POST .../documents/:documentId/refuse`):
 * the application goes back to the investor (MORE_INFO_REQUESTED), who reads the document as refused with that
 * reason, is notified, uploads a replacement and resubmits. The officer's own note stays with the reviewers.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { replaces } from "./document-review.ts";
import { STANDARD_DOCUMENT_REASONS } from "./investor-text.ts";
import { idempotencyKey, ifMatch, inDays, loadList, sampleFiles, submission, uploadDocument } from "./kyc.fixtures.ts";
import { DOCUMENT_KINDS } from "./schemas.ts";

const NOTE = "Utility bill dated 2019; the address differs from the sanctions screening record";

describe("finding: a refused KYC document reaches the investor with a next step (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: Client;

  before(async () => {
    t = await createTestContext();
    officer = t.as(await t.user("COMPLIANCE_OFFICER"));
    assert.equal((await loadList(officer, await sampleFiles())).status, 201);
  });
  after(async () => t.close());

  async function version(id: string): Promise<number> {
    return ((await officer.get(`/api/v1/kyc/applications/${id}`)).body as { version: number }).version;
  }

  async function underReview(investor: TestUser) {
    const created = await t
      .as(investor)
      .post("/api/v1/kyc/applications", submission(), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.equal((await uploadDocument(t.as(investor), id, "PASSPORT")).status, 201);
    const proof = await uploadDocument(t.as(investor), id, "PROOF_OF_ADDRESS");
    assert.equal(proof.status, 201, proof.text);
    const reviewed = await officer.post(`/api/v1/kyc/applications/${id}/review`, undefined, ifMatch(await version(id)));
    assert.equal(reviewed.status, 200, reviewed.text);
    return { id, proofId: proof.body.id as string };
  }

  it("the investor reads the proof of address refused, with the standard reason, and can replace it", async () => {
    const investor = await t.user("INVESTOR");
    const { id, proofId } = await underReview(investor);

    const refused = await officer.post(
      `/api/v1/kyc/applications/${id}/documents/${proofId}/refuse`,
      { reason: "The document is older than three months", note: NOTE },
      ifMatch(await version(id)),
    );
    assert.equal(refused.status, 200, refused.text);

    const mine = await t.as(investor).get(`/api/v1/kyc/applications/${id}`);
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.body.status, "MORE_INFO_REQUESTED", "the application is back with the investor");
    const doc = mine.body.documents.find((d: { id: string }) => d.id === proofId);
    assert.equal(doc.status, "REFUSED");
    assert.equal(doc.refusalReason, "The document is older than three months");
    assert.ok(!JSON.stringify(mine.body).includes(NOTE), "the officer's note is for reviewers");
    const theirs = await officer.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(theirs.body.documents.find((d: { id: string }) => d.id === proofId).reviewNote, NOTE);

    const notified = await t.db.notification.findMany({ where: { userId: investor.id } });
    assert.ok(
      notified.some((n) => n.event === "KYC_MORE_INFO_REQUESTED"),
      "the investor is told to look",
    );

    // resubmitting without a replacement is refused, and changes nothing
    const early = await t.as(investor).post(`/api/v1/kyc/applications/${id}/resubmit`, {}, ifMatch(await version(id)));
    assert.equal(early.status, 422, early.text);
    assert.match(early.body.detail, /proof of address/);

    const replacement = await uploadDocument(t.as(investor), id, "PROOF_OF_ADDRESS");
    assert.equal(replacement.status, 201, replacement.text);
    const after = await t.as(investor).get(`/api/v1/kyc/applications/${id}`);
    assert.equal(after.body.documents.find((d: { id: string }) => d.id === proofId).status, "REPLACED");
    const resubmitted = await t
      .as(investor)
      .post(`/api/v1/kyc/applications/${id}/resubmit`, {}, ifMatch(await version(id)));
    assert.equal(resubmitted.status, 200, resubmitted.text);
    assert.equal(resubmitted.body.status, "SUBMITTED");
  });

  /**
   * The class: whatever document an officer refuses, with whatever standard reason and whatever note, from whatever
   * status the application is in, either the refusal is refused and changes nothing, or the investor reads the
   * document REFUSED with that reason (and nothing of the note, in any response they can read) and the step it
   * implies is one the API takes: an upload of a replacement, then the resubmission (refused before it).
   */
  it("class: every refusal leaves the investor a state they can act on, and none of the officer's note", async () => {
    const FROM = ["SUBMITTED", "UNDER_REVIEW", "MORE_INFO_REQUESTED", "APPROVED", "REJECTED"] as const;
    const REFUSABLE: readonly string[] = ["UNDER_REVIEW", "MORE_INFO_REQUESTED"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DOCUMENT_KINDS),
        fc.constantFrom(...STANDARD_DOCUMENT_REASONS),
        fc.constantFrom(...FROM),
        fc.constantFrom(...DOCUMENT_KINDS),
        fc.option(
          fc
            .string({ minLength: 4, maxLength: 40 })
            .map((s) => `possible OFAC match, screening pending ${s.replace(/\s/g, "_")}`),
          { nil: undefined },
        ),
        async (kind, reason, from, replacementKind, note) => {
          const investor = await t.user("INVESTOR");
          const me = t.as(investor);
          const created = await me.post("/api/v1/kyc/applications", submission(), {
            headers: { "idempotency-key": idempotencyKey() },
          });
          const id = created.body.id as string;
          assert.equal((await uploadDocument(me, id, "PASSPORT")).status, 201);
          const target = kind === "PASSPORT" ? null : await uploadDocument(me, id, kind);
          const docs = (await officer.get(`/api/v1/kyc/applications/${id}`)).body.documents as { id: string }[];
          const documentId = target ? (target.body.id as string) : docs[0]!.id;
          const act = async (action: string, body?: unknown) => {
            const res = await officer.post(
              `/api/v1/kyc/applications/${id}/${action}`,
              body,
              ifMatch(await version(id)),
            );
            assert.equal(res.status, 200, `${action}: ${res.text}`);
          };
          if (from !== "SUBMITTED") await act("review");
          if (from === "MORE_INFO_REQUESTED") await act("request-info", { message: "Please check your date of birth" });
          if (from === "APPROVED") await act("approve", { country: 250, accredited: false, kycExpiresAt: inDays(365) });
          if (from === "REJECTED") await act("reject", { reason: "We could not complete your verification" });

          const before = await officer.get(`/api/v1/kyc/applications/${id}`);
          const res = await officer.post(
            `/api/v1/kyc/applications/${id}/documents/${documentId}/refuse`,
            { reason, ...(note === undefined ? {} : { note }) },
            ifMatch(before.body.version),
          );
          if (!REFUSABLE.includes(from)) {
            assert.equal(res.status, 422, res.text);
            assert.deepEqual((await officer.get(`/api/v1/kyc/applications/${id}`)).body, before.body, "nothing moved");
            return;
          }
          assert.equal(res.status, 200, res.text);

          // what the investor reads: the state, the reason, never the note
          const reads = [
            await me.get(`/api/v1/kyc/applications/${id}`),
            await me.get(`/api/v1/kyc/applications`),
            await me.get(`/api/v1/kyc/applications/${id}/history`),
            await me.get(`/api/v1/me/notifications`),
          ];
          for (const r of reads) assert.equal(r.status, 200, r.text);
          if (note !== undefined)
            for (const r of reads)
              assert.ok(!r.text.includes(note), `the officer's note reached the investor: ${r.text}`);
          for (const r of reads) assert.doesNotMatch(r.text, /ofac|screening|sanction/i);
          const mine = reads[0]!.body;
          assert.equal(mine.status, "MORE_INFO_REQUESTED");
          const shown = mine.documents.find((d: { id: string }) => d.id === documentId);
          assert.deepEqual([shown.status, shown.refusalReason, "reviewNote" in shown], ["REFUSED", reason, false]);

          // the next step is one the API takes: not resubmitting as it is, but uploading a replacement, then resubmitting
          const early = await me.post(`/api/v1/kyc/applications/${id}/resubmit`, {}, ifMatch(await version(id)));
          assert.equal(early.status, 422, early.text);
          const upload = await uploadDocument(me, id, replacementKind);
          assert.equal(upload.status, 201, upload.text);
          const replaced = replaces(kind, replacementKind);
          const after = (await me.get(`/api/v1/kyc/applications/${id}`)).body;
          assert.equal(
            after.documents.find((d: { id: string }) => d.id === documentId).status,
            replaced ? "REPLACED" : "REFUSED",
          );
          if (!replaced) assert.equal((await uploadDocument(me, id, kind)).status, 201);
          const resubmitted = await me.post(`/api/v1/kyc/applications/${id}/resubmit`, {}, ifMatch(await version(id)));
          assert.equal(resubmitted.status, 200, resubmitted.text);
        },
      ),
      { numRuns: 15 },
    );
  });
});
