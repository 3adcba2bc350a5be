/**
 * Issue 17 / data minimisation: the review queue shows each applicant's name from an envelope of its own, so it
 * never decrypts dates of birth, document numbers or addresses. Property: for any names (any script, spaces,
 * punctuation), through submission and a resubmission that changes them, the queue shows the current name and every
 * stored application keeps the invariant of kyc.fixtures.ts sealedNameMismatches (the class: a write of the
 * identity that forgets the name). write-routes.property.test.ts checks the same invariant after its random writes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type Client, type TestContext } from "../../test/support/harness.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { idempotencyKey, sealedNameMismatches, submission } from "./kyc.fixtures.ts";

/** A name line as the identity schema takes it: 1 to 20 graphemes of any script, without control characters. */
const nameLine = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
  .map((s) => s.replace(/[\p{C}]/gu, "").trim())
  .filter((s) => s.length > 0);

describe("17 the queue's sealed applicant names (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: Client;

  before(async () => {
    t = await createTestContext();
    officer = t.as(await t.user("COMPLIANCE_OFFICER"));
  });
  after(async () => t.close());

  const queueName = async (id: string): Promise<string | undefined> => {
    const res = await officer.get(`/api/v1/kyc/applications?limit=100&sort=-submitted`);
    assert.equal(res.status, 200, res.text);
    return (res.body as { items: { id: string; applicantName?: string }[] }).items.find((i) => i.id === id)
      ?.applicantName;
  };
  const ifMatch = (version: number) => ({ headers: { "if-match": `"${version}"` } });

  it("property: submitted, then resubmitted with other names, the queue shows the current one", async () => {
    await fc.assert(
      fc.asyncProperty(nameLine, nameLine, nameLine, nameLine, async (given, family, given2, family2) => {
        const investor = t.as(await t.user("INVESTOR"));
        const submitted = await investor.post(
          "/api/v1/kyc/applications",
          submission({ givenNames: given, familyName: family }),
          { headers: { "idempotency-key": idempotencyKey() } },
        );
        assert.equal(submitted.status, 201, submitted.text);
        const id = submitted.body.id as string;
        assert.equal(await queueName(id), `${given} ${family}`);
        const reviewed = await officer.post(
          `/api/v1/kyc/applications/${id}/review`,
          undefined,
          ifMatch(submitted.body.version),
        );
        assert.equal(reviewed.status, 200, reviewed.text);
        const asked = await officer.post(
          `/api/v1/kyc/applications/${id}/request-info`,
          { message: "Please check your name" },
          ifMatch(reviewed.body.version),
        );
        assert.equal(asked.status, 200, asked.text);
        const resubmitted = await investor.post(
          `/api/v1/kyc/applications/${id}/resubmit`,
          { identity: submission({ givenNames: given2, familyName: family2 }).identity },
          ifMatch(asked.body.version),
        );
        assert.equal(resubmitted.status, 200, resubmitted.text);
        assert.equal(await queueName(id), `${given2} ${family2}`);
      }),
      { numRuns: 15 },
    );
    assert.deepEqual(await sealedNameMismatches(t.db, keyRingFromConfig(t.config.kycKeys)), []);
  });
});
