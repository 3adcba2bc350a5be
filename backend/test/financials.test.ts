/**
 * Property financials (issue 16.1): periods drafted per month with the rent taken from the lease payments, lines
 * edited only while DRAFT, closed into a canonical statement whose SHA-256 anyone recomputes, corrected only by
 * linked adjustments; a closed period's lines cannot change even by SQL. Bad lines never write anything.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { periodResult, type ExpenseCategory, type IncomeCategory } from "@freehold/finance";
import { MAX_RENT as RULES_MAX_RENT } from "@freehold/rules/leases";
import { MAX_RENT } from "../src/leases/schedule.ts";
import { canonicalJson } from "../src/audit/chain.ts";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API, createProperty, etag, leaseInput, unit, uploadDocument, verifiedProperty } from "./support/fixtures.ts";

interface Line {
  id: string;
  type: "INCOME" | "EXPENSE";
  category: string;
  amount: string;
  source: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** "1234.50" as 123450n. */
const toCents = (amount: string) => BigInt(amount.replace(".", ""));

/** The totals periodResult gives for these lines, as the API presents them (strings of minor units). */
function expectedTotals(lines: readonly Line[], reserve: bigint): Record<string, string> {
  const pick = <C extends string>(type: string) =>
    lines.filter((l) => l.type === type).map((l) => ({ category: l.category as C, amount: BigInt(l.amount) }));
  const result = periodResult({
    income: pick<IncomeCategory>("INCOME"),
    expenses: pick<ExpenseCategory>("EXPENSE"),
    reserveContribution: reserve,
  });
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, String(v)]));
}

describe("property financials", () => {
  let t: TestContext;
  let manager: TestUser;
  let otherManager: TestUser;
  let officer: TestUser;
  let investor: TestUser;
  let sql: pg.Pool;
  /** A verified (public) property with a lease paid for January 2026: 1,500.00 with 50.00 of fees withheld. */
  let propertyId: string;
  let leaseId: string;
  let entries: { id: string; periodStart: string }[];

  before(async () => {
    t = await createTestContext();
    [manager, otherManager, officer, investor] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
    ]);
    sql = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
    propertyId = (await verifiedProperty(t, manager, officer)).property.id;
    const u = await unit(t, manager, propertyId, "F-1");
    const lease = await t.as(manager).post(`${API}/leases`, leaseInput(propertyId, u.id));
    assert.equal(lease.status, 201, lease.text);
    leaseId = lease.body.id;
    const act = await t
      .as(manager)
      .post(`${API}/leases/${leaseId}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.body.version) });
    assert.equal(act.status, 200, act.text);
    entries = (await t.as(manager).get(`${API}/leases/${leaseId}/schedule`)).body;
    await pay(entries[0]!.id, "1500.00", "50.00", "2026-01-05");
  });
  after(async () => {
    await sql?.end();
    await t?.close();
  });

  async function pay(scheduleEntryId: string, amount: string, fees: string, paidOn: string) {
    const res = await t
      .as(manager)
      .post(`${API}/leases/${leaseId}/payments`, { scheduleEntryId, amount, fees, paidOn, method: "BANK_TRANSFER" });
    assert.equal(res.status, 201, res.text);
  }

  async function draft(year: number, month: number, on = propertyId, reserveContribution = "0", as = manager) {
    return t.as(as).post(`${API}/properties/${on}/financial-periods`, { year, month, reserveContribution });
  }

  async function drafted(year: number, month: number, on = propertyId, reserveContribution = "0") {
    const res = await draft(year, month, on, reserveContribution);
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; version: number; lines: Line[] };
  }

  async function addLine(periodId: string, line: Record<string, unknown>, as = manager) {
    return t.as(as).post(`${API}/financial-periods/${periodId}/lines`, line);
  }

  const current = async (periodId: string) => (await t.as(manager).get(`${API}/financial-periods/${periodId}`)).body;

  async function close(periodId: string, as = manager) {
    const { version } = await current(periodId);
    return t.as(as).post(`${API}/financial-periods/${periodId}/close`, undefined, { headers: etag(version) });
  }

  /** Creates and activates a lease (as the manager); its id. */
  async function activeLease(input: Record<string, unknown>): Promise<string> {
    const lease = await t.as(manager).post(`${API}/leases`, input);
    assert.equal(lease.status, 201, lease.text);
    const act = await t
      .as(manager)
      .post(`${API}/leases/${lease.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(lease.body.version) });
    assert.equal(act.status, 200, act.text);
    return lease.body.id as string;
  }

  /** A snapshot of everything a refused request must leave as it was. */
  async function state(periodId: string) {
    return {
      period: await t.db.financialPeriod.findUnique({ where: { id: periodId }, include: { lines: true } }),
      audit: await t.db.auditEntry.count(),
    };
  }

  it("a drafted month takes its RENT line from the lease payments (net of fees withheld): managers do not type rent", async () => {
    const period = await drafted(2026, 1);
    const rent = period.lines.filter((l) => l.category === "RENT");
    assert.deepEqual(
      rent.map((l) => [l.type, l.amount, l.source]),
      [["INCOME", "145000", "LEASE_PAYMENTS"]],
    );
    const before = await state(period.id);
    const typed = await addLine(period.id, { type: "INCOME", category: "RENT", description: "Rent", amount: "100" });
    assert.equal(typed.status, 422, typed.text);
    assert.equal(typed.body.rule, "rent_from_leases");
    const edit = await t.as(manager).patch(`${API}/financial-periods/${period.id}/lines/${rent[0]!.id}`, {
      amount: "999999",
    });
    assert.equal(edit.status, 422, edit.text);
    const remove = await t.as(manager).delete(`${API}/financial-periods/${period.id}/lines/${rent[0]!.id}`);
    assert.equal(remove.status, 422, remove.text);
    const rentCategory = await t.as(manager).patch(`${API}/financial-periods/${period.id}/lines/${rent[0]!.id}`, {
      type: "INCOME",
      category: "PARKING",
    });
    assert.equal(rentCategory.status, 422, rentCategory.text);
    assert.deepEqual(await state(period.id), before, "refusals wrote nothing");
  });

  it("totals are periodResult of the lines (hand-checked income and operating expenses), and a second draft of the month is a 409", async () => {
    const period = await drafted(2026, 2, propertyId, "10000");
    for (const line of [
      { type: "INCOME", category: "PARKING", description: "Parking bays", amount: "20000" },
      { type: "EXPENSE", category: "MAINTENANCE", description: "Boiler repair", amount: "30000" },
      { type: "EXPENSE", category: "CAPITAL_EXPENDITURE", description: "New roof", amount: "50000" },
    ]) {
      const res = await addLine(period.id, line);
      assert.equal(res.status, 201, res.text);
    }
    const now = await current(period.id);
    assert.equal(now.totals.totalIncome, "20000", "no rent was paid in February");
    assert.equal(now.totals.operatingExpenses, "30000");
    assert.equal(now.totals.capitalExpenditure, "50000");
    assert.deepEqual(now.totals, expectedTotals(now.lines, 10000n));
    const again = await draft(2026, 2);
    assert.equal(again.status, 409, again.text);
  });

  it("closing: refused for a month not yet ended, an empty period, without If-Match or with a stale version; then the statement's bytes hash to the stored SHA-256", async () => {
    const today = new Date();
    const thisMonth = await drafted(today.getUTCFullYear(), today.getUTCMonth() + 1);
    await addLine(thisMonth.id, { type: "INCOME", category: "FEES", description: "Admin fees", amount: "500" });
    const early = await close(thisMonth.id);
    assert.equal(early.status, 422, early.text);
    assert.equal(early.body.rule, "period_not_ended");
    const nextMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
    const future = await draft(nextMonth.getUTCFullYear(), nextMonth.getUTCMonth() + 1);
    assert.equal(future.status, 422, future.text);
    assert.equal(future.body.rule, "future_month");

    const empty = await drafted(2025, 6);
    assert.deepEqual(empty.lines, [], "no rent was paid in June 2025");
    const refused = await close(empty.id);
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.rule, "empty_period");

    const period = await drafted(2026, 3, propertyId, "2500");
    await addLine(period.id, { type: "EXPENSE", category: "INSURANCE", description: "Policy", amount: "7000" });
    await pay(entries[2]!.id, "1500.00", "0.00", "2026-03-04");
    const noMatch = await t.as(manager).post(`${API}/financial-periods/${period.id}/close`);
    assert.equal(noMatch.status, 428, noMatch.text);
    const stale = await t
      .as(manager)
      .post(`${API}/financial-periods/${period.id}/close`, undefined, { headers: etag(period.version) });
    assert.equal(stale.status, 412, stale.text);
    const closed = await close(period.id);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.body.status, "CLOSED");
    assert.deepEqual(
      closed.body.lines.filter((l: Line) => l.category === "RENT").map((l: Line) => l.amount),
      ["150000"],
      "the rent paid after drafting is taken at close",
    );

    const statement = await t.anonymous.get(`${API}/financial-periods/${period.id}/statement`);
    assert.equal(statement.status, 200, statement.text);
    assert.equal(sha256(statement.text), closed.body.statementSha256, "anyone recomputes the hash from the bytes");
    assert.equal(statement.headers.get("x-content-sha256"), closed.body.statementSha256);
    assert.equal(canonicalJson(JSON.parse(statement.text)), statement.text, "canonical: sorted keys, no whitespace");
    const doc = JSON.parse(statement.text);
    assert.deepEqual(doc.totals, closed.body.totals);
    assert.deepEqual(doc.totals, expectedTotals(closed.body.lines, 2500n));
    assert.deepEqual(doc.property, { id: propertyId, name: "Harbour View Apartments", currency: "EUR" });
    assert.equal(doc.period.corrects, null);
    assert.equal(doc.lines.length, 2);

    const check = await t.anonymous.get(`${API}/documents/check?sha256=${closed.body.statementSha256}`);
    assert.equal(check.status, 200, check.text);
    assert.deepEqual(
      check.body.matches.map((m: { kind: string; propertyId: string }) => [m.kind, m.propertyId]),
      [["financial_statement", propertyId]],
      "the public document check finds the statement",
    );

    const twice = await close(period.id);
    assert.equal(twice.status, 409, twice.text);
  });

  it("no partial write: a stale close after a late rent payment rolls back the refreshed RENT line with everything else", async () => {
    const period = await drafted(2026, 4);
    assert.deepEqual(period.lines, [], "nothing collected in April 2026 yet");
    await addLine(period.id, { type: "EXPENSE", category: "UTILITIES", description: "Power", amount: "2000" });
    await pay(entries[3]!.id, "1500.00", "45.00", "2026-04-03");
    const before = await state(period.id);
    const stale = await t
      .as(manager)
      .post(`${API}/financial-periods/${period.id}/close`, undefined, { headers: etag(period.version) });
    assert.equal(stale.status, 412, stale.text);
    assert.deepEqual(await state(period.id), before, "the RENT line written during the refused close is gone");
    const closed = await close(period.id);
    assert.equal(closed.status, 200, closed.text);
    assert.deepEqual(
      closed.body.lines.filter((l: Line) => l.category === "RENT").map((l: Line) => l.amount),
      ["145500"],
    );
  });

  it("a closed period never changes through the API, and a draft has no statement", async () => {
    const period = await drafted(2025, 7);
    const line = await addLine(period.id, { type: "INCOME", category: "PARKING", description: "Bays", amount: "800" });
    const draftStatement = await t.as(manager).get(`${API}/financial-periods/${period.id}/statement`);
    assert.equal(draftStatement.status, 404, draftStatement.text);
    assert.equal((await close(period.id)).status, 200);
    const before = await state(period.id);
    const { version } = await current(period.id);
    for (const res of [
      await addLine(period.id, { type: "INCOME", category: "PARKING", description: "More", amount: "1" }),
      await t.as(manager).patch(`${API}/financial-periods/${period.id}/lines/${line.body.id}`, { amount: "1" }),
      await t.as(manager).delete(`${API}/financial-periods/${period.id}/lines/${line.body.id}`),
      await t
        .as(manager)
        .patch(`${API}/financial-periods/${period.id}`, { reserveContribution: "1" }, { headers: etag(version) }),
      await t.as(t.admin).post(`${API}/financial-periods/${period.id}/lines`, {
        type: "EXPENSE",
        category: "UTILITIES",
        description: "Late bill",
        amount: "100",
      }),
    ]) {
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.rule, "period_closed");
    }
    assert.deepEqual(await state(period.id), before);
  });

  it("the database refuses any change to a closed period or its lines, even by raw SQL", async () => {
    const period = await drafted(2025, 8);
    const line = await addLine(period.id, {
      type: "EXPENSE",
      category: "UTILITIES",
      description: "Power",
      amount: "900",
    });
    const open = await drafted(2025, 9);
    await addLine(open.id, { type: "INCOME", category: "PARKING", description: "Bays", amount: "400" });
    assert.equal((await close(period.id)).status, 200);
    const attempts: [string, unknown[]][] = [
      [`UPDATE financial_lines SET amount = 1 WHERE id = $1`, [line.body.id]],
      [`DELETE FROM financial_lines WHERE id = $1`, [line.body.id]],
      [
        `INSERT INTO financial_lines (id, "periodId", type, category, description, amount, "createdById", "updatedAt")
         VALUES (gen_random_uuid(), $1, 'INCOME', 'PARKING', 'x', 5, $2, now())`,
        [period.id, manager.id],
      ],
      [`UPDATE financial_lines SET "periodId" = $1 WHERE "periodId" = $2`, [period.id, open.id]],
      [`UPDATE financial_periods SET "reserveContribution" = 7 WHERE id = $1`, [period.id]],
      [`UPDATE financial_periods SET status = 'DRAFT' WHERE id = $1`, [period.id]],
      [`DELETE FROM financial_periods WHERE id = $1`, [period.id]],
    ];
    const before = await state(period.id);
    for (const [text, values] of attempts) {
      await assert.rejects(sql.query(text, values), /closed/, text);
    }
    assert.deepEqual(await state(period.id), before);
    // A draft's lines still change through SQL (the trigger guards closed periods only).
    await sql.query(`UPDATE financial_lines SET description = 'Parking' WHERE "periodId" = $1`, [open.id]);
    // A statement that does not hash to its stored SHA-256 is refused too.
    await assert.rejects(
      sql.query(
        `UPDATE financial_periods SET status = 'CLOSED', "closedAt" = now(), "closedById" = $2,
        statement = '{}', "statementSha256" = repeat('a', 64) WHERE id = $1`,
        [open.id, manager.id],
      ),
      /check constraint/,
    );
  });

  it("a correction is a linked ADJUSTMENT restating the month: the corrected lines to edit, the rent collected by now, its own statement naming the corrected hash", async () => {
    const period = await drafted(2025, 10, propertyId, "1000");
    await addLine(period.id, { type: "EXPENSE", category: "MANAGEMENT", description: "Fee", amount: "10000" });
    const draftAdjust = await t.as(manager).post(`${API}/financial-periods/${period.id}/adjustments`, {});
    assert.equal(draftAdjust.status, 422, draftAdjust.text);
    assert.equal(draftAdjust.body.rule, "period_not_closed");
    const original = await close(period.id);
    assert.equal(original.status, 200, original.text);

    // A late payment recorded for October 2025 after the close is what the adjustment brings in.
    const extra = await unit(t, manager, propertyId, "F-2");
    const late = await activeLease(
      leaseInput(propertyId, extra.id, {
        startDate: "2025-10-01",
        endDate: "2026-10-01",
        rentAmount: "800.00",
        depositAmount: "1600.00",
      }),
    );
    const schedule = (await t.as(manager).get(`${API}/leases/${late}/schedule`)).body;
    const paid = await t.as(manager).post(`${API}/leases/${late}/payments`, {
      scheduleEntryId: schedule[0].id,
      amount: "800.00",
      fees: "20.00",
      paidOn: "2025-10-20",
      method: "CASH",
    });
    assert.equal(paid.status, 201, paid.text);

    const adjustment = await t.as(manager).post(`${API}/financial-periods/${period.id}/adjustments`, {});
    assert.equal(adjustment.status, 201, adjustment.text);
    assert.equal(adjustment.body.kind, "ADJUSTMENT");
    assert.equal(adjustment.body.correctsId, period.id);
    assert.equal(adjustment.body.sequence, 1);
    assert.deepEqual(
      adjustment.body.lines.map((l: Line) => [l.category, l.amount, l.source]).sort(),
      [
        ["MANAGEMENT", "10000", "MANUAL"],
        ["RENT", "78000", "LEASE_PAYMENTS"],
      ],
      "the corrected period's lines, and the rent recorded late for the month",
    );
    assert.equal(adjustment.body.reserveContribution, "1000", "the corrected reserve unless another is given");
    const second = await t.as(manager).post(`${API}/financial-periods/${period.id}/adjustments`, {});
    assert.equal(second.status, 422, second.text);
    assert.equal(second.body.rule, "adjustment_open");

    const fee = adjustment.body.lines.find((l: Line) => l.category === "MANAGEMENT");
    const corrected = await t.as(manager).patch(`${API}/financial-periods/${adjustment.body.id}/lines/${fee.id}`, {
      description: "Fee (corrected)",
      amount: "7500",
    });
    assert.equal(corrected.status, 200, corrected.text);
    for (const amount of ["-2500", "0"]) {
      const refused = await t
        .as(manager)
        .patch(`${API}/financial-periods/${adjustment.body.id}/lines/${fee.id}`, { amount });
      assert.equal(refused.status, 400, refused.text);
    }
    const closed = await close(adjustment.body.id);
    assert.equal(closed.status, 200, closed.text);
    assert.notEqual(closed.body.statementSha256, original.body.statementSha256);
    const doc = JSON.parse((await t.anonymous.get(`${API}/financial-periods/${adjustment.body.id}/statement`)).text);
    assert.deepEqual(doc.period.corrects, { id: period.id, statementSha256: original.body.statementSha256 });
    assert.deepEqual(doc.totals, expectedTotals(closed.body.lines, 1000n));
    assert.equal(doc.totals.noi, String(78000 - 7500), "hand-checked: rent 780.00 less the corrected fee 75.00");
    assert.deepEqual(await current(period.id), original.body, "the corrected period is unchanged");

    const list = await t.anonymous.get(`${API}/properties/${propertyId}/financial-periods`);
    const october = list.body.filter((p: { year: number; month: number }) => p.year === 2025 && p.month === 10);
    assert.deepEqual(
      october.map((p: { sequence: number; kind: string }) => [p.sequence, p.kind]),
      [
        [0, "MONTH"],
        [1, "ADJUSTMENT"],
      ],
    );
  });

  it("who sees and who changes: everyone sees closed periods with NOI and distributable; drafts only managers, officers, admins; others' changes are refused", async () => {
    const shown = await drafted(2025, 11);
    await addLine(shown.id, { type: "INCOME", category: "PARKING", description: "Bays", amount: "3000" });
    assert.equal((await close(shown.id)).status, 200);
    const hidden = await drafted(2025, 12);
    await addLine(hidden.id, { type: "INCOME", category: "PARKING", description: "Bays", amount: "3000" });

    for (const client of [t.anonymous, t.as(investor), t.as(otherManager)]) {
      const list = await client.get(`${API}/properties/${propertyId}/financial-periods`);
      assert.equal(list.status, 200, list.text);
      assert.ok(list.body.every((p: { status: string }) => p.status === "CLOSED"));
      const entry = list.body.find((p: { id: string }) => p.id === shown.id);
      assert.equal(
        entry.totals.noi,
        expectedTotals([{ category: "PARKING", type: "INCOME", amount: "3000" } as Line], 0n).noi,
      );
      assert.ok("distributable" in entry.totals);
      assert.equal((await client.get(`${API}/financial-periods/${hidden.id}`)).status, 404);
      assert.equal((await client.get(`${API}/financial-periods/${shown.id}`)).status, 200);
    }
    for (const client of [t.as(officer), t.as(t.admin), t.as(manager)]) {
      const list = await client.get(`${API}/properties/${propertyId}/financial-periods`);
      assert.ok(list.body.some((p: { id: string }) => p.id === hidden.id));
    }
    const before = await state(hidden.id);
    const outsider = await addLine(
      hidden.id,
      { type: "INCOME", category: "PARKING", description: "x", amount: "1" },
      otherManager,
    );
    assert.equal(outsider.status, 404, "a draft is invisible to another manager");
    const officerWrite = await addLine(
      hidden.id,
      { type: "INCOME", category: "PARKING", description: "x", amount: "1" },
      officer,
    );
    assert.equal(officerWrite.status, 403, "officers read drafts, they do not edit them");
    const adjustByOther = await t.as(otherManager).post(`${API}/financial-periods/${shown.id}/adjustments`, {});
    assert.equal(adjustByOther.status, 403, adjustByOther.text);
    const closeByOther = await close(hidden.id, otherManager);
    assert.equal(closeByOther.status, 404, closeByOther.text);
    const draftByOther = await draft(2024, 1, propertyId, "0", otherManager);
    assert.equal(draftByOther.status, 403, draftByOther.text);
    assert.deepEqual(await state(hidden.id), before);

    const privateProperty = await createProperty(t, manager);
    const privatePeriod = await drafted(2026, 1, privateProperty.id);
    await addLine(privatePeriod.id, { type: "INCOME", category: "PARKING", description: "Bays", amount: "10" });
    assert.equal((await close(privatePeriod.id)).status, 200);
    assert.equal((await t.anonymous.get(`${API}/properties/${privateProperty.id}/financial-periods`)).status, 404);
    assert.equal((await t.anonymous.get(`${API}/financial-periods/${privatePeriod.id}/statement`)).status, 404);
    const privateHash = (await current(privatePeriod.id)).statementSha256;
    const unseen = await t.anonymous.get(`${API}/documents/check?sha256=${privateHash}`);
    assert.equal(unseen.body.recorded, false, "a draft property's statement is not reported to outsiders");
  });

  it("a supporting document of the property is hashed into the line and the statement; another property's document is refused", async () => {
    const period = await drafted(2024, 2);
    const invoice = await uploadDocument(t, manager, propertyId, "OTHER", `invoice ${Math.random()}`, "invoice.pdf");
    assert.equal(invoice.status, 201, invoice.text);
    const line = await addLine(period.id, {
      type: "EXPENSE",
      category: "PROFESSIONAL_FEES",
      description: "Audit",
      amount: "42000",
      supportingDocumentId: invoice.body.id,
    });
    assert.equal(line.status, 201, line.text);
    assert.equal(line.body.supportingDocumentSha256, invoice.body.sha256);
    const elsewhere = await createProperty(t, manager);
    const foreign = await uploadDocument(t, manager, elsewhere.id, "OTHER", `foreign ${Math.random()}`, "x.pdf");
    const before = await state(period.id);
    const refused = await addLine(period.id, {
      type: "EXPENSE",
      category: "UTILITIES",
      description: "Power",
      amount: "100",
      supportingDocumentId: foreign.body.id,
    });
    assert.equal(refused.status, 400, refused.text);
    assert.deepEqual(await state(period.id), before, "no partial write");
    const closed = await close(period.id);
    const doc = JSON.parse((await t.anonymous.get(`${API}/financial-periods/${period.id}/statement`)).text);
    assert.equal(closed.status, 200);
    assert.equal(doc.lines[0].supportingDocumentSha256, invoice.body.sha256);
  });

  it("class: bad lines (wrong category for the type, fractional, float, signed or oversized amounts, blank text, extra keys) get a 4xx problem and write nothing", async () => {
    const period = await drafted(2024, 3);
    await addLine(period.id, { type: "INCOME", category: "PARKING", description: "Bays", amount: "100" });
    const valid = { type: "EXPENSE", category: "UTILITIES", description: "Water", amount: "100" };
    const badLine = fc.oneof(
      fc
        .constantFrom(
          ["INCOME", "MAINTENANCE"],
          ["INCOME", "CAPITAL_EXPENDITURE"],
          ["EXPENSE", "PARKING"],
          ["EXPENSE", "RENT"],
          ["INCOME", "RENT"],
          ["ASSET", "PARKING"],
          ["EXPENSE", "BRIBES"],
        )
        .map(([type, category]) => ({ ...valid, type, category })),
      fc
        .oneof(
          fc.constantFrom("0", "-5", "12.50", "1e3", "", " 1", "0x10", "1234567890123456", "NaN"),
          // Any double as text, except those that print as a valid amount: fc.double() lands on a whole number
          // of 15 digits or fewer about once in 27,000 draws ("755053730420081" with seed 1887).
          fc
            .double()
            .map(String)
            .filter((amount) => !/^[1-9]\d{0,14}$/.test(amount)),
          fc.integer({ max: 0 }).map(String),
          fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map(String),
        )
        .map((amount) => ({ ...valid, amount })),
      fc.constantFrom(100, 1.5, null, true).map((amount) => ({ ...valid, amount })),
      fc.constantFrom("", "   ", "x".repeat(501)).map((description) => ({ ...valid, description })),
      fc
        .constantFrom({ source: "LEASE_PAYMENTS" }, { periodId: period.id }, { supportingDocumentId: "nope" })
        .map((extra) => ({ ...valid, ...extra })),
      fc
        .constantFrom("type", "category", "description", "amount")
        .map((missing) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== missing))),
    );
    const before = await state(period.id);
    await fc.assert(
      fc.asyncProperty(badLine, async (line) => {
        const res = await addLine(period.id, line);
        assert.ok([400, 422].includes(res.status), `${JSON.stringify(line)} -> ${res.status} ${res.text}`);
        assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
      }),
      { numRuns: 60 },
    );
    assert.deepEqual(await state(period.id), before);
    // The edge of the amount's domain: 15 digits is an amount (16, "1234567890123456" above, is not).
    const largest = await addLine(period.id, { ...valid, amount: "999999999999999" });
    assert.equal(largest.status, 201, largest.text);
  });

  it("property: any sequence of edits then close gives totals = periodResult of the stored lines, and the closed period is immutable", async () => {
    const manual = fc.record({
      type: fc.constantFrom("INCOME", "EXPENSE"),
      pick: fc.nat(),
      amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    });
    const edit = fc.oneof(
      manual.map((l) => ({ op: "add" as const, ...l })),
      fc.record({
        op: fc.constant("update" as const),
        which: fc.nat(),
        amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
      }),
      fc.record({ op: fc.constant("delete" as const), which: fc.nat() }),
      fc.record({ op: fc.constant("reserve" as const), amount: fc.bigInt({ min: 0n, max: 10n ** 12n }) }),
    );
    const income = ["PARKING", "FEES", "LATE_FEES", "OTHER_INCOME"];
    const expense = [
      "MANAGEMENT",
      "MAINTENANCE",
      "UTILITIES",
      "INSURANCE",
      "PROPERTY_TAX",
      "PROFESSIONAL_FEES",
      "CAPITAL_EXPENDITURE",
      "OTHER_EXPENSE",
    ];
    let month = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        month++;
        const period = await drafted(2010 + Math.floor((month - 1) / 12), ((month - 1) % 12) + 1);
        for (const e of edits) {
          const now = await current(period.id);
          const manualLines = now.lines.filter((l: Line) => l.source === "MANUAL") as Line[];
          if (e.op === "add") {
            const list = e.type === "INCOME" ? income : expense;
            const res = await addLine(period.id, {
              type: e.type,
              category: list[e.pick % list.length],
              description: `line ${e.pick}`,
              amount: String(e.amount),
            });
            assert.equal(res.status, 201, res.text);
          } else if (e.op === "reserve") {
            const res = await t
              .as(manager)
              .patch(
                `${API}/financial-periods/${period.id}`,
                { reserveContribution: String(e.amount) },
                { headers: etag(now.version) },
              );
            assert.equal(res.status, 200, res.text);
          } else if (manualLines.length > 0) {
            const target = manualLines[e.which % manualLines.length]!;
            const path = `${API}/financial-periods/${period.id}/lines/${target.id}`;
            const res =
              e.op === "update"
                ? await t.as(manager).patch(path, { amount: String(e.amount) })
                : await t.as(manager).delete(path);
            assert.ok(res.status === 200 || res.status === 204, res.text);
          }
        }
        const res = await close(period.id);
        const stored = await t.db.financialLine.findMany({ where: { periodId: period.id } });
        if (stored.length === 0) {
          assert.equal(res.status, 422, res.text);
          return;
        }
        assert.equal(res.status, 200, res.text);
        const expected = expectedTotals(
          stored.map((l) => ({ ...l, amount: l.amount.toString() }) as unknown as Line),
          BigInt(res.body.reserveContribution),
        );
        assert.deepEqual(res.body.totals, expected);
        const statement = await t.anonymous.get(`${API}/financial-periods/${period.id}/statement`);
        assert.deepEqual(JSON.parse(statement.text).totals, expected);
        const frozen = await state(period.id);
        const refused = await addLine(period.id, {
          type: "INCOME",
          category: "PARKING",
          description: "late",
          amount: "1",
        });
        assert.equal(refused.status, 422);
        await assert.rejects(sql.query(`DELETE FROM financial_lines WHERE "periodId" = $1`, [period.id]));
        assert.deepEqual(await state(period.id), frozen);
        assert.equal(sha256(statement.text), res.body.statementSha256);
      }),
      { numRuns: 12 },
    );
  });
  it("refuses with a 422 a month whose rent collected does not fit a line (drafting or closing it), changing nothing", async () => {
    // Finding: rentAmount 9999999999999999.99 passed the lease's amount rule; ten such payments in one month summed
    // past the bigint column of the RENT line (22003) and drafting or closing the month answered 500. Such leases and
    // payments are refused now (rent_out_of_range, rent_too_large); the months they left behind still answer a 422.
    const huge = "9999999999999999.99";
    const { property } = await verifiedProperty(t, manager, officer);
    const u = await unit(t, manager, property.id, "H-1");
    const hugeLease = await activeLease(
      leaseInput(property.id, u.id, {
        startDate: "2025-01-01",
        endDate: "2027-01-01",
        rentAmount: "9999999999999.99",
        depositAmount: "0.00",
        escalationPercent: "0.00",
      }),
    );
    const january = await drafted(2025, 1, property.id);
    const schedule = (await t.as(manager).get(`${API}/leases/${hugeLease}/schedule`)).body as { id: string }[];
    // Payments recorded before POST /leases/:id/payments refused such a month (next test): written as they were.
    for (const [i, entry] of schedule.slice(0, 20).entries())
      await t.db.rentPayment.create({
        data: {
          leaseId: hugeLease,
          scheduleEntryId: entry.id,
          amount: huge,
          paidOn: new Date(i < 10 ? "2025-01-20" : "2025-02-20"),
          method: "BANK_TRANSFER",
          recordedById: manager.id,
        },
      });

    const before = await state(january.id);
    const closing = await close(january.id);
    assert.equal(closing.status, 422, closing.text);
    assert.equal(closing.headers.get("content-type")?.split(";")[0], "application/problem+json");
    assert.equal(closing.body.rule, "rent_too_large");
    assert.match(closing.body.detail, /2025-01/);
    assert.deepEqual(await state(january.id), before, "the draft, its lines and the audit trail are as they were");

    const periods = await t.db.financialPeriod.count();
    const audit = await t.db.auditEntry.count();
    const february = await draft(2025, 2, property.id);
    assert.equal(february.status, 422, february.text);
    assert.equal(february.body.rule, "rent_too_large");
    assert.equal(await t.db.financialPeriod.count(), periods, "no period drafted");
    assert.equal(await t.db.auditEntry.count(), audit);
  });

  it("refuses with a 422 a payment that would take its month's rent collected past what a line holds, counting every lease of the property", async () => {
    // A month past the bound could never be drafted or closed (no payment is corrected or deleted), so the payment
    // that would take it there is refused; the bound is on the property's month, across its leases, net of fees.
    const bound = "9999999999999.99";
    const { property } = await verifiedProperty(t, manager, officer);
    const leases = [];
    for (const label of ["B-1", "B-2"]) {
      const u = await unit(t, manager, property.id, label);
      leases.push(
        await activeLease(
          leaseInput(property.id, u.id, {
            startDate: "2025-01-01",
            endDate: "2026-01-01",
            rentAmount: bound,
            depositAmount: "0.00",
            escalationPercent: "0.00",
          }),
        ),
      );
    }
    const entryOf = async (lease: string) =>
      ((await t.as(manager).get(`${API}/leases/${lease}/schedule`)).body as { id: string }[])[0]!.id;
    const pay = async (lease: string, amount: string, fees: string, paidOn = "2025-03-10") =>
      t.as(manager).post(`${API}/leases/${lease}/payments`, {
        scheduleEntryId: await entryOf(lease),
        amount,
        fees,
        paidOn,
        method: "BANK_TRANSFER",
      });

    // One instalment fills the month (no lease asks more: rent_out_of_range); net of fees, a second one fits.
    assert.equal((await pay(leases[0]!, bound, "0.00")).status, 201);
    assert.equal((await pay(leases[1]!, "0.01", "0.01")).status, 201);
    const payments = await t.db.rentPayment.count();
    const audit = await t.db.auditEntry.count();
    const second = await pay(leases[1]!, "0.01", "0.00");
    assert.equal(second.status, 422, second.text);
    assert.equal(second.headers.get("content-type")?.split(";")[0], "application/problem+json");
    assert.equal(second.body.rule, "rent_too_large");
    assert.match(second.body.detail, /2025-03/);
    assert.equal(await t.db.rentPayment.count(), payments, "nothing recorded");
    assert.equal(await t.db.auditEntry.count(), audit);
    // Another month has its own room (what the instalment still owes).
    assert.equal((await pay(leases[1]!, "9999999999999.98", "0.00", "2025-04-10")).status, 201);
    const april = await draft(2025, 4, property.id);
    assert.equal(april.status, 201, april.text);
  });

  it("refuses a lease whose rent alone is more than a month's financial line holds (400 from the shared lease rules at creation; 422 for an escalation past it, and at activation of an older draft), changing nothing", async () => {
    // Finding: rentAmount allows 16 digits and 2 decimals, a month's RENT line at most 15 digits of minor units; a lease
    // of 10000000000000.00 a month was accepted and activated, and then no payment of a full instalment could be
    // recorded (rent_too_large), so its rent could never be collected in full.
    const { property } = await verifiedProperty(t, manager, officer);
    const u = await unit(t, manager, property.id, "R-1");
    const terms = { startDate: "2025-01-01", endDate: "2026-01-01", depositAmount: "0.00", escalationPercent: "0.00" };
    const leases = await t.db.lease.count();
    const audit = await t.db.auditEntry.count();
    assert.equal(MAX_RENT.toFixed(2), RULES_MAX_RENT, "the form's bound is the month's line");
    for (const over of [
      { rentAmount: "10000000000000.00" },
      { rentAmount: "9999999999999999.99", frequency: "QUARTERLY" },
    ]) {
      // The same words the web's lease form shows before sending (@freehold/rules).
      const res = await t.as(manager).post(`${API}/leases`, leaseInput(property.id, u.id, { ...terms, ...over }));
      assert.equal(res.status, 400, res.text);
      assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
      assert.deepEqual(
        res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]),
        [["body.rentAmount", "The rent is at most 9,999,999,999,999.99, what a month's statement can record."]],
      );
    }
    // The rent fits in the first year, its escalation does not in the second.
    const escalating = await t.as(manager).post(
      `${API}/leases`,
      leaseInput(property.id, u.id, {
        ...terms,
        rentAmount: "9999999999999.99",
        escalationPercent: "0.01",
        endDate: "2027-01-01",
      }),
    );
    assert.equal(escalating.status, 422, escalating.text);
    assert.equal(escalating.headers.get("content-type")?.split(";")[0], "application/problem+json");
    assert.equal(escalating.body.rule, "rent_out_of_range");
    assert.match(escalating.body.detail, /9999999999999\.99/);
    assert.equal(await t.db.lease.count(), leases, "no lease drafted");
    assert.equal(await t.db.auditEntry.count(), audit);

    // The largest rent that fits is accepted, and a full instalment is recorded and its month closed.
    const largest = await activeLease(leaseInput(property.id, u.id, { ...terms, rentAmount: "9999999999999.99" }));
    const [entry] = (await t.as(manager).get(`${API}/leases/${largest}/schedule`)).body as { id: string }[];
    const paid = await t.as(manager).post(`${API}/leases/${largest}/payments`, {
      scheduleEntryId: entry!.id,
      amount: "9999999999999.99",
      paidOn: "2025-01-10",
      method: "BANK_TRANSFER",
    });
    assert.equal(paid.status, 201, paid.text);
    const january = await drafted(2025, 1, property.id);
    assert.equal((await close(january.id)).status, 200);

    // A draft written before creation refused such a rent is refused at activation, and stays a draft.
    const other = await unit(t, manager, property.id, "R-2");
    const older = await t.as(manager).post(`${API}/leases`, leaseInput(property.id, other.id, terms));
    assert.equal(older.status, 201, older.text);
    await t.db.lease.update({ where: { id: older.body.id }, data: { rentAmount: "10000000000000.00" } });
    const entries = await t.db.rentScheduleEntry.count();
    const activation = await t
      .as(manager)
      .post(`${API}/leases/${older.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(older.body.version) });
    assert.equal(activation.status, 422, activation.text);
    assert.equal(activation.body.rule, "rent_out_of_range");
    assert.equal((await t.db.lease.findUniqueOrThrow({ where: { id: older.body.id } })).status, "DRAFT");
    assert.equal(await t.db.rentScheduleEntry.count(), entries, "no schedule generated");
  });

  it("every lease the API accepts can have its largest instalment paid in one payment and the month closed; every refused one changes nothing (generated rents around a month's line)", async () => {
    const bound = 999_999_999_999_999n; // minor units a month's RENT line holds
    const cents = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, "0")}`;
    const rent = fc.oneof(
      fc.bigInt(bound - 3n, bound + 3n),
      fc.bigInt(bound / 2n - 2n, bound / 2n + 2n),
      fc.bigInt(1n, 10n ** 18n - 1n), // anything the rent's 16 digits and 2 decimals allow
    );
    const { property } = await verifiedProperty(t, manager, officer);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        rent,
        fc.constantFrom("MONTHLY", "QUARTERLY"),
        fc.constantFrom("0.00", "0.01", "3.00"),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(99), // fees withheld, in percent: some rent is left for the month's line
        async (minor, frequency, escalationPercent, years, feePercent) => {
          run++;
          const u = await unit(t, manager, property.id, `G-${run}`);
          const counts = async () => [await t.db.lease.count(), await t.db.auditEntry.count()];
          const before = await counts();
          const input = leaseInput(property.id, u.id, {
            startDate: "2020-01-01",
            endDate: `${2020 + years}-01-01`,
            rentAmount: cents(minor),
            frequency,
            escalationPercent,
            depositAmount: "0.00",
          });
          const created = await t.as(manager).post(`${API}/leases`, input);
          if (created.status !== 201) {
            assert.ok([400, 422].includes(created.status), created.text);
            assert.equal(created.headers.get("content-type")?.split(";")[0], "application/problem+json");
            assert.deepEqual(await counts(), before, "a refused lease changes nothing");
            return;
          }
          const act = await t
            .as(manager)
            .post(`${API}/leases/${created.body.id}/transitions`, { to: "ACTIVE" }, { headers: etag(1) });
          assert.equal(act.status, 200, act.text);
          const schedule = (await t.as(manager).get(`${API}/leases/${created.body.id}/schedule`)).body as {
            id: string;
            amountDue: string;
          }[];
          const largest = schedule.reduce((a, b) => (toCents(b.amountDue) > toCents(a.amountDue) ? b : a));
          const amount = toCents(largest.amountDue);
          // Each run pays into a month of its own, from January 2000 on.
          const [year, month] = [2000 + Math.floor((run - 1) / 12), ((run - 1) % 12) + 1];
          const paid = await t.as(manager).post(`${API}/leases/${created.body.id}/payments`, {
            scheduleEntryId: largest.id,
            amount: largest.amountDue,
            fees: cents((amount * BigInt(feePercent)) / 100n),
            paidOn: `${year}-${String(month).padStart(2, "0")}-15`,
            method: "BANK_TRANSFER",
          });
          assert.equal(paid.status, 201, paid.text);
          const period = await drafted(year, month, property.id);
          const closed = await close(period.id);
          assert.equal(closed.status, 200, closed.text);
        },
      ),
      { numRuns: 30 },
    );
  });
});
