/**
 * Distributed vs distributable (issue 16): a closed period reports the rent deposit that names its statement, only
 * when that deposit was made on the property's own governing token; drafts and unpaid periods report none.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, closedPeriod } from "./support/fixtures.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

interface PeriodReply {
  id: string;
  status: string;
  statementSha256: string | null;
  totals: { distributable: string };
  distribution: { amount: string; decimals: number; txHash: string; distributedMinor: string } | null;
  distributedMinor: string | null;
}

describe("16 distributed vs distributable per period", () => {
  let t: TestContext;
  let manager: TestUser;
  let officer: TestUser;
  before(async () => {
    t = await createTestContext();
    [manager, officer] = await Promise.all([t.user("PROPERTY_MANAGER"), t.user("COMPLIANCE_OFFICER")]);
  });
  after(() => t.close());

  it("16 a deposit naming a period's statement pays that period, on the property's token only", async () => {
    const valuation = { amount: "500000.00", valuedOn: "2025-12-01" };
    const { propertyId } = await valuedProperty(t, manager, officer, valuation);
    const { propertyId: otherId } = await valuedProperty(t, manager, officer, valuation);
    const token = new SyntheticToken(t.db, t.config.siwe.chainId);
    await token.launch(propertyId, manager.address, 1_000_000n);
    const otherToken = new SyntheticToken(t.db, t.config.siwe.chainId, 1_000);
    await otherToken.launch(otherId, manager.address, 1_000_000n);

    const lines: ["INCOME", string, string][] = [["INCOME", "PARKING", "250075"]];
    const january = await closedPeriod(t, manager, propertyId, { year: 2026, month: 1, reserve: "0", lines });
    const february = await closedPeriod(t, manager, propertyId, { year: 2026, month: 2, reserve: "0", lines });
    const draft = await t
      .as(manager)
      .post(`${API}/properties/${propertyId}/financial-periods`, { year: 2026, month: 3 });
    assert.equal(draft.status, 201, draft.text);

    // January paid in full on its own token (2,500.75 = 2,500,750,000 base units of the 6-decimal stablecoin);
    // February's statement named by a deposit on ANOTHER property's token: that pays nothing here.
    await token.rentDeposited(2_500_750_000n, `0x${january.statementSha256}`, "2026-02-05T10:00:00Z");
    await otherToken.rentDeposited(2_500_750_000n, `0x${february.statementSha256}`, "2026-03-05T10:00:00Z");

    const list = await t.as(manager).get(`${API}/properties/${propertyId}/financial-periods`);
    assert.equal(list.status, 200, list.text);
    const byId = new Map((list.body as PeriodReply[]).map((p) => [p.id, p]));
    const jan = byId.get(january.id)!;
    assert.deepEqual(
      [jan.distribution?.amount, jan.distribution?.decimals, jan.distribution?.distributedMinor, jan.distributedMinor],
      ["2500750000", 6, "250075", "250075"],
    );
    assert.equal(jan.distributedMinor, jan.totals.distributable, "distributed equals distributable");
    assert.equal(byId.get(february.id)!.distribution, null, "a deposit on another token does not pay February");
    assert.equal(byId.get(draft.body.id as string)!.distribution, null, "the manager's draft is unpaid");

    // The single period says the same as the list.
    const one = await t.anonymous.get(`${API}/financial-periods/${january.id}`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual((one.body as PeriodReply).distribution, jan.distribution);
    const unpaid = await t.anonymous.get(`${API}/financial-periods/${february.id}`);
    assert.deepEqual(
      [(unpaid.body as PeriodReply).distribution, (unpaid.body as PeriodReply).distributedMinor],
      [null, null],
    );
  });
});
