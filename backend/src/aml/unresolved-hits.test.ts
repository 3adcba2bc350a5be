/**
 * Issue 12.1: an unresolved possible match keeps blocking approval. No approval while any screening of the
 * application, or of an application with the same identity document or the same wallet, has an unresolved hit
 * (PENDING_REVIEW) or a confirmed one; a resubmission is screened again and the earlier hits stay open until an
 * officer clears or confirms each one.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import {
  CLOSED_BY_A_MATCH,
  identity,
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  sampleFiles,
  submission,
  uploadDocument,
} from "../kyc/kyc.fixtures.ts";

const LISTED = { givenNames: "Ebrahim", familyName: "Raisi" };
const ORDINARY = { givenNames: "Claire Anne", familyName: "Dubois" };

describe("12.1 unresolved possible matches block approval (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;
  let officerClient: Client;

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    officerClient = t.as(officer);
    const loaded = await loadList(officerClient, await sampleFiles());
    assert.equal(loaded.status, 201, loaded.text);
  });
  after(async () => t.close());

  async function current(id: string) {
    const res = await officerClient.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; version: number; status: string };
  }

  async function submit(investor: TestUser, names: Record<string, unknown>, passport: string) {
    const body = submission({ ...names, document: { ...identity().document, number: passport } });
    const res = await t
      .as(investor)
      .post("/api/v1/kyc/applications", body, { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    assert.equal((await uploadDocument(t.as(investor), res.body.id)).status, 201);
    return res.body.id as string;
  }

  const officerMove = async (id: string, action: string, body?: unknown) =>
    officerClient.post(`/api/v1/kyc/applications/${id}/${action}`, body, ifMatch((await current(id)).version));
  const approve = (id: string) =>
    officerMove(id, "approve", { country: 250, accredited: false, kycExpiresAt: inDays(365) });

  async function screenings(applicationId: string) {
    const res = await officerClient.get(`/api/v1/aml/screenings?applicationId=${applicationId}&limit=50`);
    assert.equal(res.status, 200, res.text);
    return res.body.items as { id: string; status: string; version: number; trigger: string; applicationId: string }[];
  }

  /** Decides a screening; a confirmation that closes its application carries the reason the investor reads. */
  const decide = async (
    s: { id: string; version: number; applicationId: string },
    decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH",
  ) => {
    const closes = decision === "CONFIRMED_MATCH" && CLOSED_BY_A_MATCH.has((await current(s.applicationId)).status);
    return officerClient.post(
      `/api/v1/aml/screenings/${s.id}/decision`,
      {
        decision,
        reason: "Checked date of birth and nationality",
        ...(closes ? { investorReason: "We could not complete your verification" } : {}),
      },
      ifMatch(s.version),
    );
  };

  async function resubmitAs(investor: TestUser, id: string, names: Record<string, unknown>, passport: string) {
    const app = await t.as(investor).get(`/api/v1/kyc/applications/${id}`);
    const res = await t
      .as(investor)
      .post(
        `/api/v1/kyc/applications/${id}/resubmit`,
        { identity: identity({ ...names, document: { ...identity().document, number: passport } }) },
        ifMatch(app.body.version),
      );
    assert.equal(res.status, 200, res.text);
  }

  it("12.1 resubmitting under another name with the same passport does not make an open hit disappear", async () => {
    const investor = await t.user("INVESTOR");
    const id = await submit(investor, LISTED, "P12100001");
    const [hit] = await screenings(id);
    assert.equal(hit!.status, "PENDING_REVIEW");
    assert.equal((await officerMove(id, "review")).status, 200);
    assert.equal(
      (await officerMove(id, "request-info", { message: "Please upload a clearer passport scan" })).status,
      200,
    );

    await resubmitAs(investor, id, ORDINARY, "P12100001");
    const after = await screenings(id);
    assert.equal(after[0]!.trigger, "resubmission");
    assert.equal(after[0]!.status, "CLEAR", "the new name alone is clear");
    assert.equal(after.find((s) => s.id === hit!.id)!.status, "PENDING_REVIEW", "the earlier hit stays open");

    assert.equal((await officerMove(id, "review")).status, 200);
    const refused = await approve(id);
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.rule, "aml_hit_unresolved");
    assert.equal((await current(id)).status, "UNDER_REVIEW", "a refused approval changes nothing");
    assert.equal(await t.db.onchainIdentityChange.count({ where: { wallet: investor.address } }), 0);

    // the officer decides on the earlier hit itself (not only on the newest screening), then may approve
    const cleared = await decide(hit!, "FALSE_POSITIVE");
    assert.equal(cleared.status, 200, cleared.text);
    const approved = await approve(id);
    assert.equal(approved.status, 200, approved.text);
  });

  it("12.1 an open hit on another application with the same identity document blocks approval", async () => {
    const first = await t.user("INVESTOR");
    const firstId = await submit(first, LISTED, "P12100002");
    assert.equal((await screenings(firstId))[0]!.status, "PENDING_REVIEW");

    const second = await t.user("INVESTOR");
    const secondId = await submit(second, ORDINARY, "P12100002");
    assert.equal((await screenings(secondId))[0]!.status, "CLEAR");
    assert.equal((await officerMove(secondId, "review")).status, 200);
    const refused = await approve(secondId);
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.rule, "aml_hit_unresolved");

    // confirmed on the first: the same document stays blocked for good
    const [hit] = await screenings(firstId);
    assert.equal((await decide(hit!, "CONFIRMED_MATCH")).status, 200);
    assert.equal((await current(firstId)).status, "REJECTED");
    const still = await approve(secondId);
    assert.equal(still.status, 422, still.text);
    assert.equal(still.body.rule, "aml_hit_unresolved");
  });

  it("12.1 an open hit on an earlier application of the same wallet blocks a new one", async () => {
    const investor = await t.user("INVESTOR");
    const firstId = await submit(investor, LISTED, "P12100003");
    assert.equal((await officerMove(firstId, "reject", { reason: "Incomplete application" })).status, 200);
    const [hit] = await screenings(firstId);
    assert.equal(hit!.status, "PENDING_REVIEW", "rejecting the application does not resolve its hit");

    const secondId = await submit(investor, ORDINARY, "P12100004");
    assert.equal((await officerMove(secondId, "review")).status, 200);
    const refused = await approve(secondId);
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.rule, "aml_hit_unresolved");
    assert.equal((await decide(hit!, "FALSE_POSITIVE")).status, 200);
    assert.equal((await approve(secondId)).status, 200);
  });

  it("12.1 property: over random submit/resubmit/screen/decide/approve sequences, no approval while a related hit is open", async () => {
    type Step =
      | { kind: "resubmit"; listed: boolean; passport: number }
      | { kind: "screen" }
      | { kind: "decide"; pick: number; decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH" }
      | { kind: "approve" };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant("resubmit" as const),
        listed: fc.boolean(),
        passport: fc.integer({ min: 0, max: 1 }),
      }),
      fc.record({ kind: fc.constant("screen" as const) }),
      fc.record({
        kind: fc.constant("decide" as const),
        pick: fc.nat(),
        decision: fc.constantFrom("FALSE_POSITIVE" as const, "CONFIRMED_MATCH" as const),
      }),
      fc.record({ kind: fc.constant("approve" as const) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(step, { minLength: 1, maxLength: 7 }), async (listedFirst, steps) => {
        run += 1;
        const passports = [`PR${run}A`, `PR${run}B`];
        const investor = await t.user("INVESTOR");
        const id = await submit(investor, listedFirst ? LISTED : ORDINARY, passports[0]!);
        let passport = passports[0]!;
        for (const s of steps) {
          const app = await current(id);
          if (app.status === "APPROVED" || app.status === "REJECTED") break;
          if (s.kind === "resubmit") {
            if (app.status === "SUBMITTED") assert.equal((await officerMove(id, "review")).status, 200);
            if (app.status !== "MORE_INFO_REQUESTED")
              assert.equal((await officerMove(id, "request-info", { message: "More please" })).status, 200);
            passport = passports[s.passport]!;
            await resubmitAs(investor, id, s.listed ? LISTED : ORDINARY, passport);
          } else if (s.kind === "screen") {
            assert.equal((await officerClient.post(`/api/v1/aml/applications/${id}/screen`, {})).status, 201);
          } else if (s.kind === "decide") {
            const open = (await screenings(id)).filter((x) => x.status === "PENDING_REVIEW");
            if (open.length > 0) assert.equal((await decide(open[s.pick % open.length]!, s.decision)).status, 200);
          } else {
            if (app.status === "SUBMITTED" || app.status === "MORE_INFO_REQUESTED") {
              if (app.status === "MORE_INFO_REQUESTED") await resubmitAs(investor, id, ORDINARY, passport);
              assert.equal((await officerMove(id, "review")).status, 200);
            }
            const all = await screenings(id);
            const blocked = all.some((x) => x.status === "PENDING_REVIEW" || x.status === "CONFIRMED_MATCH");
            const res = await approve(id);
            if (blocked) {
              assert.equal(res.status, 422, `approved with an open hit: ${res.text}`);
              assert.equal(res.body.rule, "aml_hit_unresolved");
            } else {
              assert.equal(res.status, 200, res.text);
            }
          }
        }
      }),
      { numRuns: 12 },
    );
  });
});
