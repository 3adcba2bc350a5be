/**
 * The manager dashboard (issue 16.1): raised and holders from the synced offering, occupancy, rent due vs collected
 * per month from the lease schedule and payments, the NOI trend of the closed months, overdue rent and the next
 * distribution, which a deposit naming the month's statement settles. Who may read it: the authz matrix.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toDateOnly, parseDateOnly } from "../src/core/schemas.ts";
import { DashboardView } from "../src/dashboard/schemas.ts";
import { addMonths } from "../src/leases/schedule.ts";
import { API, closedPeriod, etag, leaseInput, unit } from "./support/fixtures.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { SyntheticToken, valuedProperty } from "./support/chain-ledger.ts";

describe("16 GET /properties/:id/dashboard", () => {
  let t: TestContext;
  let manager: TestUser;
  let officer: TestUser;
  let otherManager: TestUser;
  const today = parseDateOnly(new Date().toISOString().slice(0, 10));
  const thisMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const monthsFromNow = (n: number) => toDateOnly(addMonths(thisMonth, n))!;
  before(async () => {
    t = await createTestContext();
    [manager, officer, otherManager] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("PROPERTY_MANAGER"),
    ]);
  });
  after(() => t.close());

  it("16 hand-computed figures; a deposit naming the month's statement settles the next distribution", async () => {
    const { propertyId } = await valuedProperty(t, manager, officer, { amount: "600000.00", valuedOn: "2026-01-10" });
    const [a] = [await unit(t, manager, propertyId, "A"), await unit(t, manager, propertyId, "B")];
    const drafted = await t.as(manager).post(
      `${API}/leases`,
      leaseInput(propertyId, a!.id, {
        startDate: monthsFromNow(-2),
        endDate: monthsFromNow(10),
        rentAmount: "1500.00",
        escalationPercent: "0",
        dueDay: 1,
      }),
    );
    assert.equal(drafted.status, 201, drafted.text);
    const active = await t
      .as(manager)
      .post(`${API}/leases/${drafted.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(drafted.body.version) });
    assert.equal(active.status, 200, active.text);
    const schedule = (await t.as(manager).get(`${API}/leases/${drafted.body.id}/schedule`)).body as {
      id: string;
      dueDate: string;
      amountDue: string;
    }[];
    // Last month's rent paid in full (45.00 of fees withheld), the month before never paid: overdue.
    const lastMonth = schedule.find((e) => e.dueDate.slice(0, 7) === monthsFromNow(-1).slice(0, 7))!;
    const paid = await t.as(manager).post(`${API}/leases/${drafted.body.id}/payments`, {
      scheduleEntryId: lastMonth.id,
      amount: "1500.00",
      fees: "45.00",
      paidOn: lastMonth.dueDate,
      method: "BANK_TRANSFER",
    });
    assert.equal(paid.status, 201, paid.text);

    // Last month closed: rent 1,455.00 (from the payment) + parking 240.00 = NOI 1,695.00; 120.00 reserved.
    const [y, m] = monthsFromNow(-1).split("-").map(Number) as [number, number];
    const period = await closedPeriod(t, manager, propertyId, {
      year: y,
      month: m,
      reserve: "12000",
      lines: [["INCOME", "PARKING", "24000"]],
    });

    // 100 units sold at 5.00 (6-decimal stablecoin), held by two wallets.
    const token = new SyntheticToken(t.db, t.config.siwe.chainId);
    await token.launch(propertyId, manager.address, 5_000_000n);
    // 90 at the public price and 10 through an invitation at 4.00: raised is what was paid, not 100 x 5.00.
    await t.db.chainOffering.updateMany({
      where: { token: token.token },
      data: { unitsSold: "100", paid: "490000000", refunded: "0" },
    });
    const [alice, bob] = [otherManager.address, officer.address];
    await token.claim(alice, 60n, "2026-01-05T00:00:00Z");
    await token.claim(bob, 40n, "2026-01-05T00:00:00Z");

    const read = async () => {
      const res = await t.as(manager).get(`${API}/properties/${propertyId}/dashboard`);
      assert.equal(res.status, 200, res.text);
      return DashboardView.parse(res.body);
    };
    const d = await read();
    assert.deepEqual(
      { ...d.offering, paymentToken: d.offering.paymentToken && { ...d.offering.paymentToken, address: "-" } },
      {
        raised: "490000000",
        decimals: 6,
        paymentToken: { address: "-", symbol: "tUSD", decimals: 6 },
        unitsSold: "100",
        holders: 2,
      },
    );
    assert.deepEqual([d.unitsTotal, d.unitsLeased, d.occupancyBps], [2, 1, 5000]);
    assert.equal(d.rentByMonth.length, 12);
    const month = (offset: number) => d.rentByMonth.find((r) => r.month === monthsFromNow(offset).slice(0, 7))!;
    assert.deepEqual(month(-1), {
      month: monthsFromNow(-1).slice(0, 7),
      contractedMinor: "150000",
      collectedMinor: "145500",
    });
    assert.deepEqual([month(-2).contractedMinor, month(-2).collectedMinor], ["150000", "0"]);
    assert.equal(month(-3).contractedMinor, "0", "nothing was due before the lease began");
    // Overdue: the unpaid month before last, and this month's instalment once its due day (the 1st) has passed.
    const overdueNow = today > parseDateOnly(monthsFromNow(0)) ? 2 : 1;
    assert.deepEqual(d.overdue, { entries: overdueNow, outstandingMinor: String(150000 * overdueNow) });
    assert.deepEqual(d.noiTrend, [
      {
        periodId: period.id,
        month: monthsFromNow(-1).slice(0, 7),
        noi: "169500",
        distributable: "157500",
        distributedMinor: null,
      },
    ]);
    assert.deepEqual(d.nextDistribution, {
      periodId: period.id,
      month: monthsFromNow(-1).slice(0, 7),
      distributable: "157500",
    });

    // Paid out on chain, naming the statement: distributed, and nothing left to distribute.
    await token.rentDeposited(1_575_000_000n, `0x${period.statementSha256}`, "2026-02-05T10:00:00Z");
    const after = await read();
    assert.equal(after.noiTrend[0]!.distributedMinor, "157500");
    assert.equal(after.nextDistribution, null);
  });

  it("16 another manager gets 404, an officer 200, anonymous 401, a bad id 400", async () => {
    const { propertyId } = await valuedProperty(t, manager, officer, { amount: "100000.00", valuedOn: "2026-01-10" });
    const path = `${API}/properties/${propertyId}/dashboard`;
    assert.equal((await t.as(otherManager).get(path)).status, 404);
    assert.equal((await t.as(officer).get(path)).status, 200);
    assert.equal((await t.anonymous.get(path)).status, 401);
    assert.equal((await t.as(manager).get(`${API}/properties/not-a-uuid/dashboard`)).status, 400);
  });
});
