/**
 * Issue 16, trust gap: what the public reads of a property show as its value (detail `currentValuation` and
 * `recentValuations`, the list's value and gross yield, the search's valuation filter and sort, the valuation
 * history, NAV) follows approved valuations only. A value a manager records is not shown until an officer approves it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, verifiedProperty } from "./support/fixtures.ts";

describe("16 valuations shown to investors are approved ones", () => {
  let t: TestContext;
  let manager: TestUser;
  let officer: TestUser;
  let investor: TestUser;
  before(async () => {
    t = await createTestContext();
    [manager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
  });
  after(async () => t.close());

  const record = async (propertyId: string, amount: string, valuedOn: string) => {
    const res = await t.as(manager).post(`${API}/properties/${propertyId}/valuations`, {
      amount,
      currency: "EUR",
      method: "APPRAISAL",
      valuer: "CBRE",
      valuedOn,
    });
    assert.equal(res.status, 201, res.text);
    return res.body.id as string;
  };
  const decide = async (id: string, verb: "approve" | "reject") => {
    const res = await t.as(officer).post(`${API}/valuations/${id}/${verb}`, verb === "reject" ? { reason: "No." } : {});
    assert.equal(res.status, 200, res.text);
  };

  /** Every public read of the property, as an investor sees it. */
  async function publicReads(property: { id: string; name: string }) {
    const investorApi = t.as(investor);
    const detail = await investorApi.get(`${API}/properties/${property.id}`);
    assert.equal(detail.status, 200, detail.text);
    const q = encodeURIComponent(property.name);
    const listed = await investorApi.get(`${API}/properties?q=${q}&sort=valuation&order=desc`);
    assert.equal(listed.status, 200, listed.text);
    const item = (listed.body.items as { id: string; currentValuation: string | null; yieldBps: number | null }[]).find(
      (i) => i.id === property.id,
    );
    assert.ok(item, "the property is in its own search");
    const history = await investorApi.get(`${API}/properties/${property.id}/valuations`);
    const nav = await investorApi.get(`${API}/properties/${property.id}/nav`);
    return {
      current: detail.body.currentValuation as string | null,
      recent: (detail.body.recentValuations as { id: string }[]).map((v) => v.id),
      listed: item.currentValuation,
      yieldBps: item.yieldBps,
      history: (history.body as { id: string }[]).map((v) => v.id),
      navValuationId: nav.status === 200 ? (nav.body.valuationId as string) : nav.status,
      found: async (amount: string) => {
        const res = await investorApi.get(`${API}/properties?q=${q}&minValuation=${amount}&maxValuation=${amount}`);
        return (res.body.items as { id: string }[]).some((i) => i.id === property.id);
      },
    };
  }

  it("16 regression: a recorded valuation is not the property's value until an officer approves it", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    const approved = await record(property.id, "1000000.00", "2026-01-31");
    await decide(approved, "approve");
    const pending = await record(property.id, "9000000.00", "2026-06-30");
    const named = {
      id: property.id,
      name: (await t.db.property.findUniqueOrThrow({ where: { id: property.id } })).name,
    };
    let reads = await publicReads(named);
    assert.deepEqual(
      [reads.current, reads.recent, reads.listed, reads.history, reads.navValuationId],
      ["1000000", [approved], "1000000.00", [approved], approved],
    );
    assert.equal(await reads.found("9000000.00"), false, "the search does not filter on the recorded value");
    assert.equal(await reads.found("1000000.00"), true);
    await decide(pending, "approve");
    reads = await publicReads(named);
    assert.deepEqual([reads.current, reads.recent, reads.navValuationId], ["9000000", [pending, approved], pending]);
  });

  it("16 for any sequence of record, approve and reject, every public read shows the latest approved valuation", async () => {
    // Each valuation has its own date, so "latest approved" is the approved one with the latest date.
    const step = fc.oneof(
      fc.record({ kind: fc.constant("record" as const), amount: fc.integer({ min: 1, max: 99_999_999 }) }),
      fc.record({ kind: fc.constantFrom("approve" as const, "reject" as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const { property } = await verifiedProperty(t, manager, officer);
        const named = {
          id: property.id,
          name: (await t.db.property.findUniqueOrThrow({ where: { id: property.id } })).name,
        };
        const model: { id: string; amount: string; valuedOn: string; status: "RECORDED" | "APPROVED" | "REJECTED" }[] =
          [];
        for (const [i, s] of steps.entries()) {
          if (s.kind === "record") {
            // dates in an order unrelated to the recording order
            const valuedOn = new Date(Date.UTC(2020, 0, 1 + ((i * 7919) % 365) * 3 + i)).toISOString().slice(0, 10);
            const amount = `${s.amount}.00`;
            model.push({ id: await record(property.id, amount, valuedOn), amount, valuedOn, status: "RECORDED" });
          } else {
            const open = model.filter((v) => v.status === "RECORDED");
            const target = open[s.pick % Math.max(open.length, 1)];
            if (!target) continue;
            await decide(target.id, s.kind);
            target.status = s.kind === "approve" ? "APPROVED" : "REJECTED";
          }
        }
        const approved = model
          .filter((v) => v.status === "APPROVED")
          .sort((a, b) => b.valuedOn.localeCompare(a.valuedOn));
        const latest = approved[0];
        const reads = await publicReads(named);
        assert.equal(reads.listed, latest?.amount ?? null);
        assert.equal(reads.current, latest ? String(Number(latest.amount)) : null);
        assert.equal(reads.yieldBps, latest ? 0 : null, "no lease: a zero yield over an approved value, else none");
        assert.deepEqual(
          reads.recent,
          approved.slice(0, 5).map((v) => v.id),
        );
        assert.deepEqual(
          reads.history,
          approved.map((v) => v.id),
        );
        assert.equal(reads.navValuationId, latest?.id ?? 404);
        for (const v of model) assert.equal(await reads.found(v.amount), v.amount === latest?.amount, v.status);
      }),
      { numRuns: 12 },
    );
  });
});
