/** The public rent summary of a property: figures from real leases and payments, visibility, and no personal data. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Prisma } from "../src/generated/prisma/client.ts";
import { parseDateOnly, toDateOnly } from "../src/core/schemas.ts";
import { addMonths } from "../src/leases/schedule.ts";
import { RentSummaryView } from "../src/leases/schemas.ts";
import { annualContractedRent, grossYieldBps, lastMonths, occupancyBps } from "../src/leases/summary.ts";
import { API, createProperty, etag, leaseInput, unit, verifiedProperty } from "./support/fixtures.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";

const D = (v: string) => new Prisma.Decimal(v);

describe("rent summary arithmetic", () => {
  it("annualises monthly rent x12 and quarterly rent x4", () => {
    assert.equal(annualContractedRent([]).toFixed(2), "0.00");
    assert.equal(
      annualContractedRent([
        { rentAmount: "1500.00", frequency: "MONTHLY" },
        { rentAmount: "4000.50", frequency: "QUARTERLY" },
      ]).toFixed(2),
      "34002.00",
    );
  });

  it("rounds the gross yield down, and has none without a positive valuation", () => {
    assert.equal(grossYieldBps(D("34000"), "600000.00"), 566); // 566.67 bps
    assert.equal(grossYieldBps(D("60000"), "1000000"), 600);
    assert.equal(grossYieldBps(D("1"), "3"), 3333);
    assert.equal(grossYieldBps(D("34000"), null), null);
    assert.equal(grossYieldBps(D("34000"), "0"), null);
    assert.equal(grossYieldBps(D("0"), "500000"), 0);
  });

  it("rounds occupancy down, and has none without units", () => {
    assert.equal(occupancyBps(1, 3), 3333);
    assert.equal(occupancyBps(2, 3), 6666);
    assert.equal(occupancyBps(3, 3), 10_000);
    assert.equal(occupancyBps(0, 0), null);
  });

  it("covers the twelve calendar months ending with the current one", () => {
    const w = lastMonths(parseDateOnly("2026-01-31"), 12);
    assert.equal(toDateOnly(w.from), "2025-02-01");
    assert.equal(toDateOnly(w.to), "2026-02-01");
    assert.equal(w.months.length, 12);
    assert.deepEqual([w.months[0], w.months[11]], ["2025-02", "2026-01"]);
  });
});

describe("GET /properties/:id/rent-summary", () => {
  let t: TestContext;
  let manager: TestUser;
  let stranger: TestUser;
  let officer: TestUser;
  let investor: TestUser;
  const today = parseDateOnly(new Date().toISOString().slice(0, 10));
  const thisMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const monthsFromNow = (n: number) => toDateOnly(addMonths(thisMonth, n))!;

  before(async () => {
    t = await createTestContext();
    [manager, stranger, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
  });
  after(async () => t.close());

  const summaryPath = (id: string) => `${API}/properties/${id}/rent-summary`;

  async function lease(propertyId: string, unitId: string, overrides: Record<string, unknown>, activate = true) {
    const res = await t
      .as(manager)
      .post(`${API}/leases`, leaseInput(propertyId, unitId, { tenantEmail: "ana@example.pt", ...overrides }));
    assert.equal(res.status, 201, res.text);
    if (!activate) return res.body as { id: string; version: number };
    const act = await t
      .as(manager)
      .post(`${API}/leases/${res.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(res.body.version) });
    assert.equal(act.status, 200, act.text);
    return act.body as { id: string; version: number };
  }

  const schedule = async (leaseId: string) =>
    (await t.as(manager).get(`${API}/leases/${leaseId}/schedule`)).body as {
      id: string;
      dueDate: string;
      amountDue: string;
      status: string;
    }[];

  it("reports occupancy, contracted rent, gross yield, net collected per month and overdue rent, to anyone", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    const val = await t.as(manager).post(`${API}/properties/${property.id}/valuations`, {
      amount: "600000.00",
      currency: "EUR",
      method: "APPRAISAL",
      valuer: "Lisbon Valuers",
      valuedOn: "2026-01-10",
    });
    assert.equal(val.status, 201, val.text);
    // the gross yield is over the approved value
    assert.equal((await t.as(officer).post(`${API}/valuations/${val.body.id}/approve`, {})).status, 200);
    const [a, b, c] = [
      await unit(t, manager, property.id, "A"),
      await unit(t, manager, property.id, "B"),
      await unit(t, manager, property.id, "C"),
    ];
    // A: in force today, started 14 months ago. B: ACTIVE but starts next month (contracted, not yet occupied).
    const leaseA = await lease(property.id, a.id, {
      startDate: monthsFromNow(-14),
      endDate: monthsFromNow(12),
      rentAmount: "1500.00",
      frequency: "MONTHLY",
      escalationPercent: "0",
    });
    await lease(property.id, b.id, {
      startDate: monthsFromNow(1),
      endDate: monthsFromNow(25),
      rentAmount: "4000.00",
      frequency: "QUARTERLY",
    });
    // C: a draft and a terminated lease count for nothing (the terminated one may still owe rent).
    await lease(
      property.id,
      c.id,
      { startDate: monthsFromNow(-1), endDate: monthsFromNow(11), rentAmount: "9000.00", depositAmount: "0" },
      false,
    );
    const ended = await lease(property.id, c.id, {
      startDate: monthsFromNow(-3),
      endDate: monthsFromNow(9),
      rentAmount: "700.00",
      depositAmount: "0",
    });
    const term = await t
      .as(manager)
      .post(
        `${API}/leases/${ended.id}/transitions`,
        { to: "TERMINATED", effectiveOn: monthsFromNow(-1), reason: "Tenant left" },
        { headers: etag(ended.version) },
      );
    assert.equal(term.status, 200, term.text);

    const entries = await schedule(leaseA.id);
    const first = entries[0]!;
    const current = entries.find((e) => e.dueDate.slice(0, 7) === monthsFromNow(0).slice(0, 7))!;
    const lastMonth = entries.find((e) => e.dueDate.slice(0, 7) === monthsFromNow(-1).slice(0, 7))!;
    const pay = async (entryId: string, amount: string, fees: string, paidOn: string) => {
      const res = await t.as(manager).post(`${API}/leases/${leaseA.id}/payments`, {
        scheduleEntryId: entryId,
        amount,
        fees,
        paidOn,
        method: "BANK_TRANSFER",
      });
      assert.equal(res.status, 201, res.text);
    };
    await pay(first.id, first.amountDue, "0", first.dueDate); // 14 months ago: outside the window
    await pay(lastMonth.id, "1000.00", "30.00", lastMonth.dueDate); // part-paid: still overdue
    await pay(current.id, "500.00", "15.00", toDateOnly(today)!);

    const overdueByLease = async () => {
      let n = 0;
      for (const id of [leaseA.id, ended.id]) n += (await schedule(id)).filter((e) => e.status === "OVERDUE").length;
      return n;
    };
    const expectedOverdue = await overdueByLease();
    assert.ok(expectedOverdue >= 12, `lease A leaves a year of rent unpaid (${expectedOverdue})`);

    const res = await t.anonymous.get(summaryPath(property.id));
    assert.equal(res.status, 200, res.text);
    const s = RentSummaryView.parse(res.body);
    assert.equal(s.asOf, toDateOnly(today));
    assert.equal(s.currency, "EUR");
    assert.equal(s.unitsTotal, 3);
    assert.equal(s.unitsLeased, 1);
    assert.equal(s.occupancyBps, 3333);
    assert.equal(s.annualContractedRent, "34000.00"); // 1500 x 12 + 4000 x 4
    assert.equal(s.currentValuation, "600000.00");
    assert.equal(s.grossYieldBps, 566);
    assert.equal(s.collected.months.length, 12);
    assert.equal(s.collected.from, monthsFromNow(-11));
    assert.equal(s.collected.to, monthsFromNow(1));
    const net = Object.fromEntries(s.collected.months.map((m) => [m.month, m.net]));
    assert.equal(net[monthsFromNow(-1).slice(0, 7)], "970.00");
    assert.equal(net[monthsFromNow(0).slice(0, 7)], "485.00");
    assert.equal(s.collected.months.filter((m) => m.net !== "0.00").length, 2);
    assert.equal(s.collected.totalNet, "1455.00");
    assert.equal(s.overdueEntries, expectedOverdue);

    // Paying an overdue instalment in full takes it off the count.
    await pay(lastMonth.id, "500.00", "0", toDateOnly(today)!);
    const again = RentSummaryView.parse((await t.as(investor).get(summaryPath(property.id))).body);
    assert.equal(again.overdueEntries, expectedOverdue - 1);
    assert.equal(again.collected.totalNet, "1955.00");

    // Aggregates only: the tenants and their contact details never appear.
    for (const text of [res.text, JSON.stringify(again)]) {
      assert.doesNotMatch(text, /Ana Sousa|ana@example\.pt|tenant/i);
      assert.ok(!text.includes(leaseA.id), "no lease ids");
    }
  });

  it("is honest about a property without units, leases or valuation", async () => {
    const { property } = await verifiedProperty(t, manager, officer);
    const res = await t.anonymous.get(summaryPath(property.id));
    assert.equal(res.status, 200, res.text);
    const s = RentSummaryView.parse(res.body);
    assert.deepEqual(
      {
        unitsTotal: s.unitsTotal,
        unitsLeased: s.unitsLeased,
        occupancyBps: s.occupancyBps,
        annual: s.annualContractedRent,
        yield: s.grossYieldBps,
        valuation: s.currentValuation,
        overdue: s.overdueEntries,
        total: s.collected.totalNet,
      },
      {
        unitsTotal: 0,
        unitsLeased: 0,
        occupancyBps: null,
        annual: "0.00",
        yield: null,
        valuation: null,
        overdue: 0,
        total: "0.00",
      },
    );
    assert.ok(s.collected.months.every((m) => m.net === "0.00"));
  });

  it("answers 404 where the property is invisible: a draft to anyone but its owner, officers and admins; an unknown id", async () => {
    const draft = await createProperty(t, manager);
    await unit(t, manager, draft.id, "D-1");
    for (const caller of [t.anonymous, t.as(investor), t.as(stranger)]) {
      const res = await caller.get(summaryPath(draft.id));
      assert.equal(res.status, 404, res.text);
      assert.doesNotMatch(res.text, /unitsTotal/);
    }
    for (const caller of [t.as(manager), t.as(officer), t.as(t.admin)]) {
      const res = await caller.get(summaryPath(draft.id));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.unitsTotal, 1);
    }
    assert.equal((await t.anonymous.get(summaryPath("00000000-0000-4000-8000-000000000000"))).status, 404);
    assert.equal((await t.anonymous.get(summaryPath("not-a-uuid"))).status, 400);
  });
});
