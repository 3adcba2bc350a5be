/**
 * The AML freeze is the identity's, as on chain (IdentityRegistry `_setFrozen` freezes the wallet's identity, every
 * wallet of it, and the freeze survives removal and re-registration). Regression tests of the 2026-12 review:
 * clearing one wallet's hit must not unfreeze an identity another of its wallets is still flagged on, and an
 * identity frozen across an expiry must be unfrozen when it is approved again with nothing open. The outbox is applied
 * to a model of the contract's rules (registry-model.fixtures.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { startComplianceDriver, type ComplianceDriver } from "./compliance-driver.fixtures.ts";
import { registryAfterOutbox } from "./registry-model.fixtures.ts";

describe("the AML freeze is the identity's (real PostgreSQL, the registry's rules)", () => {
  let t: TestContext;
  let kyc: ComplianceDriver;

  before(async () => {
    t = await createTestContext();
    kyc = await startComplianceDriver(t);
  });
  after(async () => t.close());

  async function approve(id: string, extra: Record<string, unknown> = {}) {
    const res = await kyc.approve(id, extra);
    assert.equal(res.status, 200, res.text);
  }
  it("clearing one wallet's name hit leaves the identity frozen while another of its wallets is on the list", async () => {
    const person = { givenNames: "Tarquin", familyName: "Fenwick-Oyelaran" };
    const w1 = await t.user("INVESTOR");
    const w2 = await t.user("INVESTOR");
    const first = await kyc.submit(w1, person, "RF1000001");
    await approve(first);
    const second = await kyc.submit(w2, person, "RF1000001");
    await approve(second, { sameIdentityAs: first });

    // a list reload names the person (both wallets) and lists the second wallet itself
    await kyc.list(["Fenwick-Oyelaran, Tarquin"], [w2.address]);
    let chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.equal(chain.identityOf(w2.address), w1.address, "one identity, two wallets");
    assert.ok(chain.isFrozen(w1.address) && chain.isFrozen(w2.address));
    assert.equal((await kyc.openHits(second))[0]?.walletHit, true);

    // the officer clears the first wallet's name hit: the second wallet's hit is still open
    const cleared = await kyc.decideOpen(first, "FALSE_POSITIVE");
    assert.equal(cleared.status, 200, cleared.text);
    chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.equal(chain.isVerified(w2.address), false, "a listed wallet must stay frozen");
    assert.equal(chain.isVerified(w1.address), false, "the identity stays frozen");

    // confirmed: frozen for good
    assert.equal((await kyc.decideOpen(second, "CONFIRMED_MATCH")).status, 200);
    chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.ok(chain.isFrozen(w1.address) && chain.isFrozen(w2.address));
    assert.deepEqual(chain.reverts, []);
  });

  it("an identity frozen across an expiry is unfrozen when approved again with no hit open", async () => {
    const person = { givenNames: "Ludmila", familyName: "Quenneville-Atkaryan" };
    const investor = await t.user("INVESTOR");
    const first = await kyc.submit(investor, person, "RF2000001");
    await approve(first);
    await kyc.list(["Quenneville-Atkaryan, Ludmila"]);
    assert.equal((await registryAfterOutbox(t.db, [investor.address])).isFrozen(investor.address), true);

    // the KYC expires while the hit is open: the wallet is removed, the identity stays frozen on chain
    await kyc.expire(first);
    // a new application (screened: the name is still listed), both hits cleared, approved
    const second = await kyc.submit(investor, person, "RF2000002");
    assert.equal((await kyc.decideOpen(first, "FALSE_POSITIVE")).status, 200);
    assert.equal((await kyc.decideOpen(second, "FALSE_POSITIVE")).status, 200);
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
    const first = await kyc.submit(w1, person, "RF3000001");
    await approve(first);
    const second = await kyc.submit(w2, { givenNames: "Claire Anne", familyName: "Dubois" }, "RF3000001");
    await approve(second, { sameIdentityAs: first });
    await kyc.list(["Halloran-Szymczak, Evander"]);
    assert.equal((await registryAfterOutbox(t.db, [w1.address, w2.address])).isFrozen(w2.address), true);
    // the joined wallet expires; the name hit on the first wallet is then confirmed
    await kyc.expire(second);
    assert.equal((await kyc.decideOpen(first, "CONFIRMED_MATCH")).status, 200);
    const chain = await registryAfterOutbox(t.db, [w1.address, w2.address]);
    assert.equal(chain.isVerified(w1.address), false);
    assert.equal(chain.isFrozen(w2.address), true, "the removed wallet's identity stays frozen");
    assert.deepEqual(chain.reverts, []);
  });
});
