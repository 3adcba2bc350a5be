/**
 * The AML freeze is the identity's, as on chain (IdentityRegistry `_setFrozen` freezes the wallet's identity, every
 * wallet of it, and the freeze survives removal and re-registration). Regression tests of the 2026-12 review:
 * clearing one wallet's hit must not unfreeze an identity another of its wallets is still flagged on, and an
 * identity frozen across an expiry must be unfrozen when it is approved again with nothing open. The outbox is applied
 * to a model of the contract's rules (registry-model.fixtures.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type Client, type TestContext, type TestUser } from "../../test/support/harness.ts";
import {
  editSample,
  identity,
  idempotencyKey,
  ifMatch,
  inDays,
  loadList,
  sampleFiles,
  submission,
  uploadDocument,
  type SampleFiles,
} from "./kyc.fixtures.ts";
import { registryAfterOutbox } from "./registry-model.fixtures.ts";
import { expireDue } from "./service.ts";

describe("the AML freeze is the identity's (real PostgreSQL, the registry's rules)", () => {
  let t: TestContext;
  let officer: TestUser;
  let officerClient: Client;
  let files: SampleFiles;

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
    officerClient = t.as(officer);
    files = await sampleFiles();
    assert.equal((await loadList(officerClient, files)).status, 201);
  });
  after(async () => t.close());

  async function current(id: string) {
    const res = await officerClient.get(`/api/v1/kyc/applications/${id}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; version: number; status: string };
  }
  const officerMove = async (id: string, action: string, body?: unknown) =>
    officerClient.post(`/api/v1/kyc/applications/${id}/${action}`, body, ifMatch((await current(id)).version));
  async function approve(id: string, extra: Record<string, unknown> = {}) {
    if ((await current(id)).status === "SUBMITTED") assert.equal((await officerMove(id, "review")).status, 200);
    const res = await officerMove(id, "approve", {
      country: 250,
      accredited: false,
      kycExpiresAt: inDays(365),
      ...extra,
    });
    assert.equal(res.status, 200, res.text);
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
  async function openHit(applicationId: string) {
    const res = await officerClient.get(
      `/api/v1/aml/screenings?applicationId=${applicationId}&status=PENDING_REVIEW&limit=50`,
    );
    assert.equal(res.status, 200, res.text);
    const [hit] = res.body.items as { id: string; version: number; walletHit: boolean }[];
    assert.ok(hit, `application ${applicationId} has an open hit`);
    return hit;
  }
  const decide = async (applicationId: string, decision: "FALSE_POSITIVE" | "CONFIRMED_MATCH") => {
    const hit = await openHit(applicationId);
    return officerClient.post(
      `/api/v1/aml/screenings/${hit.id}/decision`,
      { decision, reason: "Checked date of birth and nationality" },
      ifMatch(hit.version),
    );
  };
  let rows = 0;
  /** A new list version: the sample plus these names ("Family, Given") and wallet addresses. */
  async function list(names: string[], wallets: string[] = []) {
    const extra = [
      ...names.map(
        (n) =>
          `${99_800_000 + ++rows},"${n.toUpperCase()}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `,
      ),
      ...wallets.map(
        (w) =>
          `${99_800_000 + ++rows},"DESIGNATED WALLET ${rows}",-0- ,"CYBER2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Digital Currency Address - ETH ${w}."`,
      ),
    ];
    const res = await loadList(officerClient, editSample(files, { extraSdnRows: extra }));
    assert.equal(res.status, 201, res.text);
  }

  it("clearing one wallet's name hit leaves the identity frozen while another of its wallets is on the list", async () => {
    const person = { givenNames: "Tarquin", familyName: "Fenwick-Oyelaran" };
    const w1 = await t.user("INVESTOR");
    const w2 = await t.user("INVESTOR");
    const first = await submit(w1, person, "RF1000001");
    await approve(first);
    const second = await submit(w2, person, "RF1000001");
    await approve(second, { sameIdentityAs: first });

    // a list reload names the person (both wallets) and lists the second wallet itself
    await list(["Fenwick-Oyelaran, Tarquin"], [w2.address]);
    let chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.equal(chain.identityOf(w2.address), w1.address, "one identity, two wallets");
    assert.ok(chain.isFrozen(w1.address) && chain.isFrozen(w2.address));
    assert.equal((await openHit(second)).walletHit, true);

    // the officer clears the first wallet's name hit: the second wallet's hit is still open
    const cleared = await decide(first, "FALSE_POSITIVE");
    assert.equal(cleared.status, 200, cleared.text);
    chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.equal(chain.isVerified(w2.address), false, "a listed wallet must stay frozen");
    assert.equal(chain.isVerified(w1.address), false, "the identity stays frozen");

    // confirmed: frozen for good
    assert.equal((await decide(second, "CONFIRMED_MATCH")).status, 200);
    chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.ok(chain.isFrozen(w1.address) && chain.isFrozen(w2.address));
    assert.deepEqual(chain.reverts, []);
  });

  it("an identity frozen across an expiry is unfrozen when approved again with no hit open", async () => {
    const person = { givenNames: "Ludmila", familyName: "Quenneville-Atkaryan" };
    const investor = await t.user("INVESTOR");
    const first = await submit(investor, person, "RF2000001");
    await approve(first);
    await list(["Quenneville-Atkaryan, Ludmila"]);
    assert.equal((await registryAfterOutbox(t.db, [investor.address])).isFrozen(investor.address), true);

    // the KYC expires while the hit is open: the wallet is removed, the identity stays frozen on chain
    await t.db.kycApplication.update({ where: { id: first }, data: { kycExpiresAt: new Date(Date.now() - 1000) } });
    assert.deepEqual(await t.db.$transaction((tx) => expireDue(tx, null)), [first]);
    // a new application (screened: the name is still listed), both hits cleared, approved
    const second = await submit(investor, person, "RF2000002");
    assert.equal((await decide(first, "FALSE_POSITIVE")).status, 200);
    assert.equal((await decide(second, "FALSE_POSITIVE")).status, 200);
    await approve(second);

    const chain = await registryAfterOutbox(t.db, [investor.address]);
    assert.equal(chain.isRegistered(investor.address), true);
    assert.equal(chain.isVerified(investor.address), true, "approved, nothing open: verified on chain");
    assert.deepEqual(chain.reverts, []);
  });

  it("an identity frozen across an expiry stays frozen at re-approval while a hit on it is confirmed", async () => {
    const person = { givenNames: "Evander", familyName: "Halloran-Szymczak" };
    const w1 = await t.user("INVESTOR");
    const w2 = await t.user("INVESTOR");
    const first = await submit(w1, person, "RF3000001");
    await approve(first);
    const second = await submit(w2, { givenNames: "Claire Anne", familyName: "Dubois" }, "RF3000001");
    await approve(second, { sameIdentityAs: first });
    await list(["Halloran-Szymczak, Evander"]);
    assert.equal((await registryAfterOutbox(t.db, [w1.address, w2.address])).isFrozen(w2.address), true);
    // the joined wallet expires; the name hit on the first wallet is then confirmed
    await t.db.kycApplication.update({ where: { id: second }, data: { kycExpiresAt: new Date(Date.now() - 1000) } });
    await t.db.$transaction((tx) => expireDue(tx, null));
    assert.equal((await decide(first, "CONFIRMED_MATCH")).status, 200);
    const chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.equal(chain.isVerified(w1.address), false);
    assert.equal(chain.isFrozen(w2.address), true, "the removed wallet's identity stays frozen");
    assert.deepEqual(chain.reverts, []);
  });
});
