import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, etag, leaseInput, unit } from "./support/fixtures.ts";

describe("leases", () => {
  let t: TestContext;
  let manager: TestUser;
  let stranger: TestUser;
  let officer: TestUser;
  let tenant: TestUser;
  let propertyId: string;
  before(async () => {
    t = await createTestContext();
    [manager, stranger, officer, tenant] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
    propertyId = (await createProperty(t, manager)).id;
  });
  after(async () => t.close());

  async function draft(overrides: Record<string, unknown> = {}, label?: string) {
    const u = await unit(t, manager, propertyId, label ?? `U-${Math.random().toString(36).slice(2, 8)}`);
    const res = await t.as(manager).post(`${API}/leases`, leaseInput(propertyId, u.id, overrides));
    assert.equal(res.status, 201, res.text);
    return { lease: res.body, unitId: u.id };
  }

  async function activate(lease: { id: string; version: number }) {
    const res = await t
      .as(manager)
      .post(`${API}/leases/${lease.id}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.version) });
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  it("lists leases newest first in keyset pages: every lease of the property once, whatever the page size", async () => {
    const property = (await createProperty(t, manager)).id;
    for (let i = 0; i < 5; i += 1) {
      const u = await unit(t, manager, property, `P-${i}`);
      assert.equal((await t.as(manager).post(`${API}/leases`, leaseInput(property, u.id))).status, 201);
    }
    const expected = (
      await t.db.lease.findMany({ where: { propertyId: property }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })
    ).map((l) => l.id);
    for (const limit of [1, 2, 5]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `propertyId=${property}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await t.as(manager).get(`${API}/leases?${query}`);
        assert.equal(res.status, 200, res.text);
        seen.push(...res.body.items.map((l: { id: string }) => l.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, expected, `limit ${limit}`);
    }
  });

  it("fuzz finding: a calendar date at the edge of what PostgreSQL stores (0000-01-01) is refused with 400, never a 500", async () => {
    for (const asOf of ["0000-01-01", "0000-12-31"]) {
      const overdue = await t.as(manager).get(`${API}/leases/overdue?asOf=${asOf}`);
      assert.equal(overdue.status, 400, overdue.text);
      assert.equal(overdue.headers.get("content-type"), "application/problem+json; charset=utf-8");
    }
    const u = await unit(t, manager, propertyId, "Y-0");
    const lease = await t.as(manager).post(`${API}/leases`, leaseInput(propertyId, u.id, { startDate: "0000-01-01" }));
    assert.equal(lease.status, 400, lease.text);
  });

  it("class: any YYYY-MM-DD from year 0000 to 9999 as asOf gets 200 or a 400 problem, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        async (year, month, day) => {
          const asOf = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          const res = await t.as(manager).get(`${API}/leases/overdue?asOf=${asOf}&propertyId=${propertyId}`);
          assert.ok(res.status === 200 || res.status === 400, `${asOf}: ${res.status} ${res.text}`);
        },
      ),
      {
        numRuns: 60,
        seed: 14_070_001,
        examples: [
          [0, 1, 1],
          [1, 1, 1],
          [9999, 12, 31],
          [2024, 2, 29],
          [2023, 2, 29],
        ],
      },
    );
  });

  it("refuses end before start, deposits over the limit, foreign units and currencies", async () => {
    const u = await unit(t, manager, propertyId, "R-1");
    const backwards = await t
      .as(manager)
      .post(`${API}/leases`, leaseInput(propertyId, u.id, { startDate: "2026-05-01", endDate: "2026-05-01" }));
    assert.equal(backwards.status, 400);
    const deposit = await t
      .as(manager)
      .post(`${API}/leases`, leaseInput(propertyId, u.id, { depositAmount: "4500.01" }));
    assert.equal(deposit.status, 422);
    assert.equal(deposit.body.rule, "deposit_limit");
    const atLimit = await t
      .as(manager)
      .post(`${API}/leases`, leaseInput(propertyId, u.id, { depositAmount: "4500.00" }));
    assert.equal(atLimit.status, 201);
    const other = await createProperty(t, manager);
    const foreign = await unit(t, manager, other.id, "F-1");
    const wrongUnit = await t.as(manager).post(`${API}/leases`, leaseInput(propertyId, foreign.id));
    assert.equal(wrongUnit.status, 400);
    const usd = await t.as(manager).post(`${API}/leases`, leaseInput(propertyId, u.id, { currency: "USD" }));
    assert.equal(usd.status, 422);
    const notMine = await t.as(stranger).post(`${API}/leases`, leaseInput(propertyId, u.id));
    assert.equal(notMine.status, 404);
  });

  it("activates with a generated schedule and allows only one active lease per unit", async () => {
    const { lease, unitId } = await draft();
    const active = await activate(lease);
    assert.equal(active.status, "ACTIVE");
    const schedule = await t.as(manager).get(`${API}/leases/${lease.id}/schedule?asOf=2026-01-01`);
    assert.equal(schedule.body.length, 12);
    assert.equal(schedule.body[0].amountDue, "1500.00");
    assert.equal(schedule.body[0].dueDate, "2026-01-05");
    const second = await t.as(manager).post(`${API}/leases`, leaseInput(propertyId, unitId, { tenantName: "B" }));
    assert.equal(second.status, 201);
    const clash = await t
      .as(manager)
      .post(`${API}/leases/${second.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(second.body.version) });
    assert.equal(clash.status, 422);
    assert.equal(clash.body.rule, "unit_occupied");
    assert.equal(await t.db.rentScheduleEntry.count({ where: { leaseId: second.body.id } }), 0, "no partial schedule");
  });

  it("is enforced by the database too: a second ACTIVE lease on a unit is refused by PostgreSQL", async () => {
    const { lease, unitId } = await draft();
    await activate(lease);
    const { lease: other } = await draft({}, undefined);
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await assert.rejects(
        client.query(`UPDATE leases SET status = 'ACTIVE', "unitId" = $1 WHERE id = $2`, [unitId, other.id]),
        /leases_one_active_per_unit/,
      );
      await assert.rejects(
        client.query(`UPDATE leases SET "endDate" = "startDate" WHERE id = $1`, [other.id]),
        /leases_end_after_start/,
      );
    } finally {
      await client.end();
    }
  });

  it("records payments, refuses overpayment, and detects overdue rent", async () => {
    const { lease } = await draft();
    await activate(lease);
    const schedule = (await t.as(manager).get(`${API}/leases/${lease.id}/schedule?asOf=2026-01-01`)).body;
    const jan = schedule[0];
    const pay = await t.as(manager).post(`${API}/leases/${lease.id}/payments`, {
      scheduleEntryId: jan.id,
      amount: "1000.00",
      fees: "10.00",
      paidOn: "2026-01-04",
      method: "BANK_TRANSFER",
    });
    assert.equal(pay.status, 201, pay.text);
    assert.equal(pay.body.net, "990");
    const over = await t.as(manager).post(`${API}/leases/${lease.id}/payments`, {
      scheduleEntryId: jan.id,
      amount: "500.01",
      paidOn: "2026-01-04",
      method: "CASH",
    });
    assert.equal(over.status, 422);
    assert.equal(over.body.rule, "overpayment");
    const asOf = await t.as(manager).get(`${API}/leases/${lease.id}/schedule?asOf=2026-02-10`);
    assert.equal(asOf.body[0].status, "OVERDUE");
    assert.equal(asOf.body[0].outstanding, "500.00");
    assert.equal(asOf.body[0].daysOverdue, 36);
    assert.equal(asOf.body[1].status, "OVERDUE");
    assert.equal(asOf.body[2].status, "UPCOMING");
    const overdue = await t.as(manager).get(`${API}/leases/overdue?asOf=2026-02-10&propertyId=${propertyId}`);
    assert.ok(overdue.body.some((e: { id: string }) => e.id === jan.id));
    const strangerView = await t.as(stranger).get(`${API}/leases/overdue?asOf=2026-02-10`);
    assert.deepEqual(strangerView.body, []);
    const rest = await t.as(manager).post(`${API}/leases/${lease.id}/payments`, {
      scheduleEntryId: jan.id,
      amount: "500.00",
      paidOn: "2026-02-11",
      method: "CARD",
    });
    assert.equal(rest.status, 201);
    const paid = await t.as(manager).get(`${API}/leases/${lease.id}/schedule?asOf=2026-02-12`);
    assert.equal(paid.body[0].status, "PAID");
  });

  it("reports net rent collected per month", async () => {
    const p = await createProperty(t, manager);
    const u = await unit(t, manager, p.id, "N-1");
    const l = await t.as(manager).post(`${API}/leases`, leaseInput(p.id, u.id));
    await activate(l.body);
    const sched = (await t.as(manager).get(`${API}/leases/${l.body.id}/schedule`)).body;
    await t.as(manager).post(`${API}/leases/${l.body.id}/payments`, {
      scheduleEntryId: sched[0].id,
      amount: "1500.00",
      fees: "45.00",
      paidOn: "2026-01-05",
      method: "BANK_TRANSFER",
    });
    await t.as(manager).post(`${API}/leases/${l.body.id}/payments`, {
      scheduleEntryId: sched[1].id,
      amount: "1500.00",
      fees: "45.00",
      paidOn: "2026-02-03",
      method: "STABLECOIN",
    });
    const report = await t.as(manager).get(`${API}/properties/${p.id}/rent-collected?from=2026-01-01&to=2026-03-01`);
    assert.equal(report.status, 200, report.text);
    assert.deepEqual(
      report.body.periods.map((x: { month: string; net: string }) => [x.month, x.net]),
      [
        ["2026-01", "1455.00"],
        ["2026-02", "1455.00"],
      ],
    );
    assert.equal(report.body.totals.net, "2910.00");
    const denied = await t.as(stranger).get(`${API}/properties/${p.id}/rent-collected?from=2026-01-01&to=2026-03-01`);
    assert.equal(denied.status, 404);
  });

  it("terminates with a date and reason, dropping later periods; expires only after the end", async () => {
    const { lease } = await draft();
    const active = await activate(lease);
    const early = await t
      .as(manager)
      .post(`${API}/leases/${lease.id}/transitions`, { to: "EXPIRED" }, { headers: etag(active.version) });
    assert.equal(early.status, 422);
    const noReason = await t
      .as(manager)
      .post(
        `${API}/leases/${lease.id}/transitions`,
        { to: "TERMINATED", effectiveOn: "2026-07-01" },
        { headers: etag(active.version) },
      );
    assert.equal(noReason.status, 400);
    const done = await t
      .as(manager)
      .post(
        `${API}/leases/${lease.id}/transitions`,
        { to: "TERMINATED", effectiveOn: "2026-07-01", reason: "Mutual agreement" },
        { headers: etag(active.version) },
      );
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.terminatedOn, "2026-07-01");
    assert.equal(await t.db.rentScheduleEntry.count({ where: { leaseId: lease.id } }), 6);
    const reopen = await t
      .as(manager)
      .post(`${API}/leases/${lease.id}/transitions`, { to: "ACTIVE" }, { headers: etag(done.body.version) });
    assert.equal(reopen.status, 409);
  });

  it("shows a lease to its tenant and managers, not to strangers", async () => {
    const { lease } = await draft({ tenantUserId: tenant.id });
    assert.equal((await t.as(tenant).get(`${API}/leases/${lease.id}`)).status, 200);
    assert.equal((await t.as(officer).get(`${API}/leases/${lease.id}`)).status, 200);
    assert.equal((await t.as(stranger).get(`${API}/leases/${lease.id}`)).status, 404);
    const mine = await t.as(tenant).get(`${API}/leases`);
    assert.deepEqual(
      mine.body.items.map((l: { id: string }) => l.id),
      [lease.id],
    );
    const tenantPays = await t.as(tenant).post(`${API}/leases/${lease.id}/payments`, {
      scheduleEntryId: lease.id,
      amount: "1.00",
      paidOn: "2026-01-01",
      method: "CASH",
    });
    assert.equal(tenantPays.status, 403);
  });

  it("cancels a draft, and does not audit tenant personal data", async () => {
    const { lease } = await draft({ tenantEmail: "ana@example.pt" });
    const res = await t
      .as(manager)
      .post(`${API}/leases/${lease.id}/transitions`, { to: "CANCELLED" }, { headers: etag(lease.version) });
    assert.equal(res.status, 200);
    const audit = await t.db.auditEntry.findMany({ where: { entityId: lease.id } });
    assert.ok(audit.length >= 2);
    assert.ok(!JSON.stringify(audit).includes("ana@example.pt"));
    assert.ok(!JSON.stringify(audit).includes("Ana Sousa"));
  });
});
