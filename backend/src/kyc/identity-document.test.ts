/**
 * Issue 12.4: one identity document, one identity. A second wallet submitting an identity document (issuing
 * country + number) already used by another wallet is flagged for the reviewers with a link to the first, the
 * investor learns nothing, and approval can only add the wallet to the first wallet's on-chain identity.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { documentIndexForms, documentIndexOf, documentKey } from "./document-index.ts";
import {
  identity,
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  sampleFiles,
  submission,
  uploadDocument,
} from "./kyc.fixtures.ts";

describe("12.4 one identity document, one identity (real PostgreSQL)", () => {
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

  const withDocument = (number: string, issuingCountry = 250, names: Record<string, unknown> = {}) =>
    submission({ ...names, document: { ...identity().document, number, issuingCountry } });

  async function submitted(investor: TestUser, body: unknown) {
    const res = await t
      .as(investor)
      .post("/api/v1/kyc/applications", body, { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    assert.equal((await uploadDocument(t.as(investor), res.body.id)).status, 201);
    return res.body.id as string;
  }

  async function current(id: string, client: Client = officerClient) {
    const res = await client.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  const officerMove = async (id: string, action: string, body?: unknown) =>
    officerClient.post(`/api/v1/kyc/applications/${id}/${action}`, body, ifMatch((await current(id)).version));
  const approve = (id: string, extra: Record<string, unknown> = {}) =>
    officerMove(id, "approve", { country: 250, accredited: false, kycExpiresAt: inDays(365), ...extra });

  it("12.4 a second wallet with the same document number and country is flagged, linked for officers, and joins the first identity", async () => {
    const first = await t.user("INVESTOR");
    const firstId = await submitted(first, withDocument("X1240001"));
    assert.equal((await officerMove(firstId, "review")).status, 200);
    assert.equal((await approve(firstId)).status, 200);

    // same document written differently (case, spaces, dash) by another wallet
    const second = await t.user("INVESTOR");
    const secondId = await submitted(second, withDocument("x124-0001 "));

    // officers see the link; the investor sees nothing of it
    const seenByOfficer = await current(secondId);
    assert.deepEqual(
      seenByOfficer.sameIdentityDocument.map((a: { id: string; wallet: string; status: string }) => [
        a.id,
        a.wallet,
        a.status,
      ]),
      [[firstId, first.address, "APPROVED"]],
    );
    const seenByInvestor = await current(secondId, t.as(second));
    assert.equal(seenByInvestor.sameIdentityDocument, undefined);
    assert.ok(!JSON.stringify(seenByInvestor).includes(firstId));
    const flagged = await t.db.auditEntry.findFirst({
      where: { action: "kyc.identity_document_shared", entityId: secondId },
    });
    assert.ok(flagged, "the flag is in the audit trail");

    // approval without the officer's decision would create a second identity for one person: refused
    assert.equal((await officerMove(secondId, "review")).status, 200);
    const refused = await approve(secondId);
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.rule, "identity_document_shared");
    assert.match(refused.body.detail, new RegExp(firstId));
    const wrongLink = await approve(secondId, { sameIdentityAs: secondId });
    assert.equal(wrongLink.status, 422);
    assert.equal(wrongLink.body.rule, "same_identity_not_found");
    assert.equal(
      await t.db.onchainIdentityChange.count({ where: { wallet: second.address } }),
      0,
      "refusals queue nothing",
    );

    // the officer links the wallet to the first identity: the registry gets one identity with two wallets
    const joined = await approve(secondId, { sameIdentityAs: firstId });
    assert.equal(joined.status, 200, joined.text);
    const registrations = await t.db.onchainIdentityChange.findMany({
      where: { wallet: { in: [first.address, second.address] }, kind: "REGISTER" },
    });
    assert.deepEqual(new Set(registrations.map((r) => r.identity)), new Set([first.address]));
  });

  it("12.4 the same number from another issuing country is another document", async () => {
    const a = await t.user("INVESTOR");
    const b = await t.user("INVESTOR");
    await submitted(a, withDocument("X1240002", 250));
    const bId = await submitted(b, withDocument("X1240002", 276));
    assert.deepEqual((await current(bId)).sameIdentityDocument, []);
    assert.equal((await officerMove(bId, "review")).status, 200);
    assert.equal((await approve(bId)).status, 200);
  });

  it("12.4 a resubmission that switches to an already registered document is flagged too", async () => {
    const first = await t.user("INVESTOR");
    const firstId = await submitted(first, withDocument("X1240003"));
    assert.equal((await officerMove(firstId, "review")).status, 200);
    assert.equal((await approve(firstId)).status, 200);
    const second = await t.user("INVESTOR");
    const secondId = await submitted(second, withDocument("X1240004"));
    assert.equal((await officerMove(secondId, "review")).status, 200);
    assert.equal((await officerMove(secondId, "request-info", { message: "Passport scan unreadable" })).status, 200);
    const app = await current(secondId, t.as(second));
    const res = await t
      .as(second)
      .post(
        `/api/v1/kyc/applications/${secondId}/resubmit`,
        { identity: withDocument("X1240003").identity },
        ifMatch(app.version),
      );
    assert.equal(res.status, 200, res.text);
    assert.equal((await officerMove(secondId, "review")).status, 200);
    assert.equal((await approve(secondId)).body.rule, "identity_document_shared");
  });

  it("12.4 property: the index depends only on country and normalised number, and survives key rotation", () => {
    const k1 = keyRingFromConfig([{ id: "k1", key: Buffer.alloc(32, 1) }]);
    const k2 = keyRingFromConfig([
      { id: "k2", key: Buffer.alloc(32, 2) },
      { id: "k1", key: Buffer.alloc(32, 1) },
    ]);
    const number = fc.stringMatching(/^[A-Z0-9]{3,12}$/);
    const writtenAs = (n: string, seed: number) =>
      [...n]
        .map((ch, i) => ((seed >> i) & 1 ? ch.toLowerCase() : ch) + ((seed >> (i + 8)) & 1 ? (i % 2 ? "-" : " ") : ""))
        .join("");
    fc.assert(
      fc.property(
        number,
        number,
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        fc.nat(),
        (n1, n2, c1, c2, seed) => {
          const id = (n: string, c: number) =>
            ({ ...identity(), document: { ...identity().document, number: n, issuingCountry: c } }) as never;
          // written differently, same document: same index, and an index written under k1 is found after rotating to k2
          assert.equal(documentIndexOf(k1, id(writtenAs(n1, seed), c1)), documentIndexOf(k1, id(n1, c1)));
          assert.ok(documentIndexForms(k2, id(n1, c1)).includes(documentIndexOf(k1, id(writtenAs(n1, seed), c1))));
          // a different document: a different index (and the index never contains the number)
          const same =
            documentKey({ number: n1, issuingCountry: c1 }) === documentKey({ number: n2, issuingCountry: c2 });
          assert.equal(documentIndexOf(k1, id(n1, c1)) === documentIndexOf(k1, id(n2, c2)), same);
          // The index is the key id and a 256-bit MAC, whatever the number's length: it cannot carry the number.
          const index = documentIndexOf(k1, id(n1, c1));
          assert.match(index, /^k1\.[A-Za-z0-9_-]{43}$/);
          // A short number can appear in the 43 base64url characters by chance (["G50", ..., 7] below: about one
          // seed in 300 drew one); from 6 characters on, chance is below one in a billion draws.
          if (n1.length >= 6) assert.ok(!index.includes(n1), `${index} contains ${n1}`);
        },
      ),
      { numRuns: 300, examples: [["G50", "000", 7, 1, 0]] },
    );
  });
});
