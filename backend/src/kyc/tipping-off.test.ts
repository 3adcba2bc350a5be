/**
 * Issue 12.3: no tipping-off. An investor never learns from any response that a sanctions hit or an AML freeze is
 * behind a state. Checked on every KYC and AML route (read from the route tables, so a new route is covered the
 * day it is added) as the investor, after random sequences of compliance events.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  createTestContext,
  type ApiResponse,
  type Client,
  type TestContext,
  type TestUser,
} from "../../test/support/harness.ts";
import { amlRoutes } from "../aml/routes.ts";
import {
  CLOSED_BY_A_MATCH,
  editSample,
  identity,
  idempotencyKey,
  ifMatch,
  inDays,
  listForm,
  sampleFiles,
  submission,
  uploadDocument,
  type SampleFiles,
} from "./kyc.fixtures.ts";
import { inboxOf, verifiedEmail } from "../notifications/notifications.fixtures.ts";
import { STANDARD_INVESTOR_REASONS } from "./investor-text.ts";
import { kycRoutes } from "./routes.ts";

/** What would tell the investor that screening is behind a state (issue 12.3's list, as whole words). */
const TIPPING_OFF =
  /\b(aml|sanctions?|sanctioned|hits?|freeze|frozen|unfreeze|screenings?|watch ?lists?|match(es|ed)?|ofac|sdn)\b/i;

describe("12.3 no tipping-off (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;
  let officerClient: Client;
  let files: SampleFiles;
  let listLoads = 0;

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    officerClient = t.as(officer);
    files = await sampleFiles();
    assert.equal((await officerClient.post("/api/v1/aml/lists", undefined, { raw: listForm(files) })).status, 201);
  });
  after(async () => t.close());

  async function current(id: string) {
    const res = await officerClient.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; version: number; status: string; wallet: string };
  }
  const officerMove = async (id: string, action: string, body?: unknown) =>
    officerClient.post(`/api/v1/kyc/applications/${id}/${action}`, body, ifMatch((await current(id)).version));
  const approve = (id: string) =>
    officerMove(id, "approve", { country: 250, accredited: false, kycExpiresAt: inDays(365) });

  /** A new list version that names this person: re-screening raises a hit (and freezes an approved wallet). */
  async function listThisPerson(name: string) {
    listLoads += 1;
    const row = `${99_900_000 + listLoads},"${name.toUpperCase()}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `;
    const res = await officerClient.post("/api/v1/aml/lists", undefined, {
      raw: listForm(editSample(files, { extraSdnRows: [row] })),
    });
    assert.equal(res.status, 201, res.text);
  }

  async function openHits(applicationId: string) {
    const res = await officerClient.get(
      `/api/v1/aml/screenings?applicationId=${applicationId}&status=PENDING_REVIEW&limit=50`,
    );
    return res.body.items as { id: string; version: number }[];
  }

  /** Every response the investor can get from the KYC and AML routes about their application. */
  async function everythingTheInvestorSees(
    investor: Client,
    applicationId: string,
  ): Promise<{ what: string; res: ApiResponse }[]> {
    const documentId =
      (await t.db.kycDocument.findFirst({ where: { applicationId }, select: { id: true } }))?.id ??
      "00000000-0000-4000-8000-000000000000";
    const seen: { what: string; res: ApiResponse }[] = [];
    for (const route of [...kycRoutes, ...amlRoutes]) {
      const path = `/api/v1${route.path.replace(":id", applicationId).replace(":documentId", documentId)}`;
      if (route.method === "get") seen.push({ what: `GET ${route.path}`, res: await investor.get(path) });
      else if (route.path.startsWith("/aml/"))
        seen.push({ what: `${route.method.toUpperCase()} ${route.path}`, res: await investor.post(path, {}) });
    }
    return seen;
  }

  function assertNothingTells(seen: { what: string; res: ApiResponse }[]) {
    for (const { what, res } of seen) {
      assert.ok(res.status < 500, `${what}: ${res.status}`);
      // a refusal may echo the path it refuses; what it says about the investor is the rest
      const body =
        res.body && typeof res.body === "object"
          ? JSON.stringify({ ...res.body, instance: undefined, type: undefined })
          : res.text;
      const word = TIPPING_OFF.exec(body)?.[0];
      assert.equal(word, undefined, `${what} tells the investor "${word}": ${body.slice(0, 400)}`);
    }
  }

  async function submit(investor: TestUser, names: Record<string, unknown>) {
    const res = await t
      .as(investor)
      .post("/api/v1/kyc/applications", submission(names), { headers: { "idempotency-key": idempotencyKey() } });
    assert.equal(res.status, 201, res.text);
    assert.equal((await uploadDocument(t.as(investor), res.body.id)).status, 201);
    return res.body.id as string;
  }

  /** An application of `investor` under review (approved, if asked), then a list naming them: an open hit. */
  async function flagged(investor: TestUser, name: { givenNames: string; familyName: string }, approved = false) {
    const id = await submit(investor, name);
    assert.equal((await officerMove(id, "review")).status, 200);
    if (approved) assert.equal((await approve(id)).status, 200);
    await listThisPerson(`${name.familyName}, ${name.givenNames}`);
    return id;
  }

  it("12.3 GET /kyc/applications/:id/onchain gives the investor no AML reason and no freeze; officers keep both", async () => {
    const investor = await t.user("INVESTOR");
    const id = await submit(investor, { givenNames: "Quentin", familyName: "Vorlabrenn" });
    assert.equal((await officerMove(id, "review")).status, 200);
    assert.equal((await approve(id)).status, 200);
    await listThisPerson("Vorlabrenn, Quentin");

    const asOfficer = await officerClient.get(`/api/v1/kyc/applications/${id}/onchain`);
    assert.deepEqual(
      asOfficer.body.items.map((w: { kind: string; reason: string }) => [w.kind, w.reason]),
      [
        ["FREEZE", "aml.hit"],
        ["REGISTER", "kyc.approved"],
      ],
    );
    const asInvestor = await t.as(investor).get(`/api/v1/kyc/applications/${id}/onchain`);
    assert.equal(asInvestor.status, 200);
    assert.deepEqual(
      asInvestor.body.items.map((w: { kind: string; reason: string }) => [w.kind, w.reason]),
      [["REGISTER", "kyc.approved"]],
    );
    assertNothingTells(await everythingTheInvestorSees(t.as(investor), id));
  });

  /** What the investor reads of one application, as the investor. */
  async function investorReads(investor: TestUser, id: string) {
    const as = t.as(investor);
    const detail = await as.get(`/api/v1/kyc/applications/${id}`);
    return {
      detail: { body: detail.body as unknown, etag: detail.headers.get("etag") },
      list: (await as.get("/api/v1/kyc/applications")).body as unknown,
      history: (await as.get(`/api/v1/kyc/applications/${id}/history`)).body as unknown,
      onchain: (await as.get(`/api/v1/kyc/applications/${id}/onchain`)).body as unknown,
      inbox: (await as.get("/api/v1/me/notifications")).body as unknown,
    };
  }

  const confirmHit = async (id: string) => {
    const [hit] = await openHits(id);
    assert.ok(hit, "a hit to confirm");
    const res = await officerClient.post(
      `/api/v1/aml/screenings/${hit.id}/decision`,
      {
        decision: "CONFIRMED_MATCH",
        reason: "Confirmed against the listed date of birth",
        investorReason: "The identity document could not be verified",
      },
      ifMatch(hit.version),
    );
    assert.equal(res.status, 200, res.text);
  };

  it("finding: a confirmed match that rejects an open application notifies the investor as an officer's rejection does", async () => {
    const investor = await t.user("INVESTOR");
    await verifiedEmail(t, investor);
    const name = { givenNames: "Isidor", familyName: "Wrexhallow" };
    const id = await flagged(investor, name);
    await confirmHit(id);
    assert.equal((await current(id)).status, "REJECTED");
    // what reject (kyc/service.ts) gives every rejected investor: the inbox row and its email
    assert.deepEqual(await inboxOf(t, investor.id, "KYC_DECIDED"), [
      { event: "KYC_DECIDED", data: { decision: "REJECTED" }, email: true, key: null },
    ]);
  });

  it("finding: a confirmed match that revokes an approved application shows the investor an officer's revocation on chain; the wallet stays registered and frozen", async () => {
    const investor = await t.user("INVESTOR");
    const name = { givenNames: "Philomena", familyName: "Quarstedtova" };
    const id = await flagged(investor, name, true);
    await confirmHit(id);
    assert.equal((await current(id)).status, "REVOKED");
    const asInvestor = await t.as(investor).get(`/api/v1/kyc/applications/${id}/onchain`);
    assert.deepEqual(
      asInvestor.body.items.map((w: { kind: string; reason: string }) => [w.kind, w.reason]),
      [
        ["REMOVE", "kyc.revoked"],
        ["REGISTER", "kyc.approved"],
      ],
      "what an officer's revocation shows them",
    );
    const queued = await t.db.onchainIdentityChange.findMany({
      where: { wallet: investor.address },
      orderBy: { seq: "asc" },
    });
    assert.deepEqual(
      queued.map((w) => [w.kind, w.reason]),
      [
        ["REGISTER", "kyc.approved"],
        ["FREEZE", "aml.hit"],
        ["FREEZE", "aml.confirmed"],
      ],
      "never removed: a sanctioned holder stays registered and frozen",
    );
    assertNothingTells(await everythingTheInvestorSees(t.as(investor), id));
  });

  it("finding: the reason an investor reads after a confirmed match is the one the officer wrote to them, as for any rejection or revocation", async () => {
    // It was always the fixed "closed by a compliance decision", where an officer's own rejection or revocation
    // carries the reason they typed: that sentence told the investor the match was behind it.
    for (const [name, approved, investorReason] of [
      [{ givenNames: "Leocadia", familyName: "Thorvaldsbrik" }, false, "The identity document could not be verified"],
      [
        { givenNames: "Emmerich", familyName: "Vasquellano" },
        true,
        "Your verification no longer meets our requirements",
      ],
    ] as const) {
      const investor = await t.user("INVESTOR");
      const id = await flagged(investor, name, approved);
      const [hit] = await openHits(id);
      assert.ok(hit, "a hit to confirm");
      const res = await officerClient.post(
        `/api/v1/aml/screenings/${hit.id}/decision`,
        { decision: "CONFIRMED_MATCH", reason: "Confirmed: listed date of birth and nationality", investorReason },
        ifMatch(hit.version),
      );
      assert.equal(res.status, 200, res.text);
      const reads = await investorReads(investor, id);
      const detail = reads.detail.body as { status: string; rejectionReason: string; revocationReason: string };
      assert.equal(detail.status, approved ? "REVOKED" : "REJECTED");
      assert.equal(approved ? detail.revocationReason : detail.rejectionReason, investorReason);
      const history = reads.history as { items: { toStatus: string; note: string | null }[] };
      assert.equal(history.items.find((c) => c.toStatus === detail.status)?.note, investorReason);
      assert.ok(!JSON.stringify(reads).includes("compliance decision"), "no fixed sentence anywhere they read");
      // the grounds stay the reviewers'
      assert.ok(!JSON.stringify(reads).includes("listed date of birth"));
    }
  });

  it("finding: a confirmed match whose reason for the investor names the screening is a 400 on the field, and changes nothing", async () => {
    const investor = await t.user("INVESTOR");
    await verifiedEmail(t, investor);
    const name = { givenNames: "Bartholda", familyName: "Quennerstrom" };
    const id = await flagged(investor, name);
    const [hit] = await openHits(id);
    assert.ok(hit, "a hit to confirm");
    const state = async () => ({
      screening: await t.db.amlScreening.findUniqueOrThrow({ where: { id: hit.id } }),
      application: await t.db.kycApplication.findUniqueOrThrow({ where: { id } }),
      history: await t.db.kycStatusChange.count({ where: { applicationId: id } }),
      outbox: await t.db.onchainIdentityChange.count(),
      notifications: await t.db.notification.count({ where: { userId: investor.id } }),
      emails: await t.db.emailOutbox.count({ where: { userId: investor.id } }),
      audit: await t.db.auditEntry.count(),
    });
    const before = await state();
    assert.equal(before.screening.status, "PENDING_REVIEW");
    for (const [investorReason, word] of [
      ["Closed after our sanctions screening", "sanctions"],
      ["Your name is on the OFAC list", "OFAC"],
      ["Your wallet is frozen", "frozen"],
      ["AML review outcome", "AML"],
      ["Listed as a PEP", "PEP"],
      ["Watchlist match", "Watchlist"],
    ]) {
      const res = await officerClient.post(
        `/api/v1/aml/screenings/${hit.id}/decision`,
        { decision: "CONFIRMED_MATCH", reason: "Confirmed against the listed date of birth", investorReason },
        ifMatch(hit.version),
      );
      assert.equal(res.status, 400, `${investorReason}: ${res.status} ${res.text}`);
      assert.equal(res.body.errors?.[0]?.path, "body.investorReason", res.text);
      // refused as free text (a standard reason only), whatever word it carries
      assert.match(res.body.detail as string, /choose one of the standard reasons/, `${word}: ${res.text}`);
    }
    assert.deepEqual(await state(), before, "refused decisions change nothing");
  });

  it("finding H2 (browser 2026-12-06): a confirmed match's reason for the investor is one of the standard reasons, never free text: the bypass sentence is a 400 on the field and changes nothing", async () => {
    const investor = await t.user("INVESTOR");
    await verifiedEmail(t, investor);
    const name = { givenNames: "Gilberta", familyName: "Orejuelova" };
    const id = await flagged(investor, name);
    const [hit] = await openHits(id);
    assert.ok(hit, "a hit to confirm");
    const state = async () => ({
      screening: await t.db.amlScreening.findUniqueOrThrow({ where: { id: hit.id } }),
      application: await t.db.kycApplication.findUniqueOrThrow({ where: { id } }),
      history: await t.db.kycStatusChange.count({ where: { applicationId: id } }),
      outbox: await t.db.onchainIdentityChange.count(),
      notifications: await t.db.notification.count({ where: { userId: investor.id } }),
      audit: await t.db.auditEntry.count(),
    });
    const before = await state();
    for (const investorReason of [
      "We matched you to a list of people the US Treasury bars us from serving",
      // neutral words, but free text: a confirmed match takes a standard reason only
      "Please contact us about your application",
    ]) {
      const res = await officerClient.post(
        `/api/v1/aml/screenings/${hit.id}/decision`,
        { decision: "CONFIRMED_MATCH", reason: "Confirmed against the listed date of birth", investorReason },
        ifMatch(hit.version),
      );
      assert.equal(res.status, 400, `${investorReason}: ${res.status} ${res.text}`);
      assert.equal(res.body.errors?.[0]?.path, "body.investorReason", res.text);
    }
    assert.deepEqual(await state(), before, "refused decisions change nothing");
  });

  it("finding H2 (browser 2026-12-06): an officer's free-text reason naming the Treasury, a designation or a government list is refused too (the word gate's second line)", async () => {
    const investor = await t.user("INVESTOR");
    const id = await submit(investor, {});
    assert.equal((await officerMove(id, "review")).status, 200);
    for (const reason of [
      "We matched you to a list of people the US Treasury bars us from serving",
      "You are a designated person",
      "Your name is on a government list",
      "You appear on the OFAC list",
      "Regulations bar us from serving you",
      "You are a blocked person",
    ]) {
      const res = await officerMove(id, "reject", { reason });
      assert.equal(res.status, 400, `${reason}: ${res.text}`);
      assert.equal(res.body.errors?.[0]?.path, "body.reason", res.text);
    }
    assert.equal((await current(id)).status, "UNDER_REVIEW", "refused requests change nothing");
  });

  it("H2 class, generated: a confirmed match that closes an application takes only a standard reason; any other text (a paraphrase of a list, a near-copy of a standard reason, any words) is a 400 on the field and changes nothing", async () => {
    const investor = await t.user("INVESTOR");
    const name = { givenNames: "Severina", familyName: "Kalvendrupp" };
    const id = await flagged(investor, name, true); // approved, then listed: a confirmation would revoke
    const [hit] = await openHits(id);
    assert.ok(hit, "a hit to confirm");
    const state = async () => ({
      screening: await t.db.amlScreening.findUniqueOrThrow({ where: { id: hit.id } }),
      application: await t.db.kycApplication.findUniqueOrThrow({ where: { id } }),
      history: await t.db.kycStatusChange.count({ where: { applicationId: id } }),
      outbox: await t.db.onchainIdentityChange.count(),
      audit: await t.db.auditEntry.count(),
    });
    const before = await state();
    const standard = fc.constantFrom(...STANDARD_INVESTOR_REASONS);
    const words = fc.constantFrom(
      "We",
      "matched",
      "you",
      "to",
      "a",
      "list",
      "of",
      "people",
      "the",
      "US",
      "Treasury",
      "bars",
      "us",
      "from",
      "serving",
      "government",
      "designated",
      "blocked",
      "person",
      "verification",
      "requirements",
      "identity",
      "could",
      "not",
      "be",
      "verified",
      "please",
      "contact",
      "support",
    );
    const notStandard = fc
      .oneof(
        fc.array(words, { minLength: 1, maxLength: 14 }).map((w) => w.join(" ")),
        fc.string({ maxLength: 80 }),
        // a standard reason, slightly changed: a full stop, another case, a word added or left out
        fc.tuple(standard, fc.constantFrom(".", "!", " please", " (list)")).map(([r, tail]) => r + tail),
        standard.map((r) => r.toUpperCase()),
        standard.map((r) => r.split(" ").slice(1).join(" ")),
      )
      .filter((text) => !(STANDARD_INVESTOR_REASONS as readonly string[]).includes(text));
    await fc.assert(
      fc.asyncProperty(notStandard, async (investorReason) => {
        const res = await officerClient.post(
          `/api/v1/aml/screenings/${hit.id}/decision`,
          { decision: "CONFIRMED_MATCH", reason: "Confirmed against the listed date of birth", investorReason },
          ifMatch(hit.version),
        );
        assert.equal(res.status, 400, `${JSON.stringify(investorReason)}: ${res.status} ${res.text}`);
        assert.ok(
          (res.body.errors as { path: string }[]).some((e) => e.path === "body.investorReason"),
          `names the field: ${res.text}`,
        );
      }),
      { numRuns: 40, examples: [["We matched you to a list of people the US Treasury bars us from serving"]] },
    );
    assert.deepEqual(await state(), before, "refused decisions change nothing");
  });

  it("finding: an officer's manual re-screen changes nothing the investor reads (not even updatedAt)", async () => {
    const investor = await t.user("INVESTOR");
    const id = await submit(investor, {});
    assert.equal((await officerMove(id, "review")).status, 200);
    const before = await investorReads(investor, id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const screened = await officerClient.post(`/api/v1/aml/applications/${id}/screen`, {
      pep: true,
      manualFlags: ["adverse_media"],
    });
    assert.equal(screened.status, 201, screened.text);
    assert.deepEqual(await investorReads(investor, id), before);
  });

  it("12.3 an officer's reason or request that the investor reads cannot name sanctions, AML or a freeze", async () => {
    const investor = await t.user("INVESTOR");
    const id = await submit(investor, {});
    assert.equal((await officerMove(id, "review")).status, 200);
    for (const [action, body] of [
      ["request-info", { message: "Your name matched the OFAC list, please explain" }],
      ["reject", { reason: "Possible sanctions match" }],
      ["reject", { reason: "AML concerns" }],
      ["reject", { reason: "Wallet frozen" }],
    ] as const) {
      const res = await officerMove(id, action, body);
      assert.equal(res.status, 400, `${action} ${JSON.stringify(body)}: ${res.text}`);
    }
    assert.equal((await current(id)).status, "UNDER_REVIEW", "refused requests change nothing");
    assert.equal(
      (await officerMove(id, "reject", { reason: "The identity document could not be verified" })).status,
      200,
    );
  });

  it("12.3 property: after any sequence of compliance events, no investor response mentions screening, a hit or a freeze", async () => {
    type Event =
      | "review"
      | "approve"
      | "list-hit"
      | "clear"
      | "confirm"
      | "request-info"
      | "resubmit"
      | "manual-screen"
      | "revoke";
    const event = fc.constantFrom<Event>(
      "review",
      "approve",
      "list-hit",
      "clear",
      "confirm",
      "request-info",
      "resubmit",
      "manual-screen",
      "revoke",
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.boolean(),
        fc.array(event, { minLength: 1, maxLength: 6 }),
        async (listedAtStart, approvedAtStart, events) => {
          run += 1;
          const name = { givenNames: "Ottokar", familyName: `Brennvaldt${String.fromCharCode(97 + (run % 26))}${run}` };
          const investor = await t.user("INVESTOR");
          if (listedAtStart) await listThisPerson(`${name.familyName}, ${name.givenNames}`);
          const id = await submit(investor, name);
          if (approvedAtStart && !listedAtStart) {
            assert.equal((await officerMove(id, "review")).status, 200);
            await approve(id); // refused when an earlier run's listed name is close to this one: then it stays under review
          }
          for (const e of events) {
            const app = await current(id);
            if (e === "review" && app.status === "SUBMITTED") await officerMove(id, "review");
            else if (e === "approve" && app.status === "UNDER_REVIEW") await approve(id);
            else if (e === "list-hit") await listThisPerson(`${name.familyName}, ${name.givenNames}`);
            else if (e === "clear" || e === "confirm") {
              const [hit] = await openHits(id);
              if (hit) {
                const decision = e === "clear" ? "FALSE_POSITIVE" : "CONFIRMED_MATCH";
                // a confirmation that closes the application carries what the investor reads, as a rejection does
                const closes = decision === "CONFIRMED_MATCH" && CLOSED_BY_A_MATCH.has(app.status);
                const res = await officerClient.post(
                  `/api/v1/aml/screenings/${hit.id}/decision`,
                  {
                    decision,
                    reason: "Sanctions match reviewed against the listed DOB",
                    ...(closes ? { investorReason: "We could not complete your verification" } : {}),
                  },
                  ifMatch(hit.version),
                );
                assert.equal(res.status, 200, `${decision}: ${res.text}`);
              }
            } else if (e === "request-info" && app.status === "UNDER_REVIEW")
              await officerMove(id, "request-info", { message: "Please upload a clearer scan" });
            else if (e === "resubmit" && app.status === "MORE_INFO_REQUESTED") {
              await t
                .as(investor)
                .post(`/api/v1/kyc/applications/${id}/resubmit`, { identity: identity(name) }, ifMatch(app.version));
            } else if (e === "manual-screen")
              await officerClient.post(`/api/v1/aml/applications/${id}/screen`, {
                pep: true,
                manualFlags: ["adverse_media"],
              });
            else if (e === "revoke" && app.status === "APPROVED")
              await officerMove(id, "revoke", { reason: "Account closed at the investor's request" });
            assertNothingTells(await everythingTheInvestorSees(t.as(investor), id));
          }
        },
      ),
      // the review's path first (approved, then listed: a freeze), then random sequences
      {
        numRuns: 10,
        examples: [
          [false, true, ["list-hit", "clear"]],
          [true, false, ["review", "confirm"]],
        ],
      },
    );
  });
});
