import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addMonths, dueDateFor, entryStatus, generateSchedule } from "../src/leases/schedule.ts";
import { Prisma } from "../src/generated/prisma/client.ts";

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const iso = (x: Date) => x.toISOString().slice(0, 10);

describe("rent schedule", () => {
  it("adds months clamping to the end of shorter months", () => {
    assert.equal(iso(addMonths(d("2026-01-31"), 1)), "2026-02-28");
    assert.equal(iso(addMonths(d("2028-01-31"), 1)), "2028-02-29");
    assert.equal(iso(addMonths(d("2026-11-15"), 3)), "2027-02-15");
  });

  it("puts the due date on the first dueDay on or after the period start", () => {
    assert.equal(iso(dueDateFor(d("2026-01-01"), 5)), "2026-01-05");
    assert.equal(iso(dueDateFor(d("2026-01-15"), 5)), "2026-02-05");
    assert.equal(iso(dueDateFor(d("2026-01-05"), 5)), "2026-01-05");
  });

  it("generates monthly periods with yearly compounded escalation", () => {
    const s = generateSchedule({
      startDate: d("2026-01-01"),
      endDate: d("2028-01-01"),
      rentAmount: "1000.00",
      frequency: "MONTHLY",
      dueDay: 1,
      escalationPercent: "3",
    });
    assert.equal(s.length, 24);
    assert.equal(s[0]!.amountDue.toFixed(2), "1000.00");
    assert.equal(s[11]!.amountDue.toFixed(2), "1000.00");
    assert.equal(s[12]!.amountDue.toFixed(2), "1030.00");
    assert.equal(iso(s[23]!.periodEnd), "2028-01-01");
    for (let i = 1; i < s.length; i++)
      assert.equal(s[i]!.periodStart.getTime(), s[i - 1]!.periodEnd.getTime(), "contiguous");
  });

  it("prorates a final partial period by days", () => {
    const s = generateSchedule({
      startDate: d("2026-01-01"),
      endDate: d("2026-03-16"),
      rentAmount: "3000.00",
      frequency: "MONTHLY",
      dueDay: 1,
      escalationPercent: "0",
    });
    assert.equal(s.length, 3);
    assert.equal(iso(s[2]!.periodStart), "2026-03-01");
    assert.equal(iso(s[2]!.periodEnd), "2026-03-16");
    assert.equal(s[2]!.amountDue.toFixed(2), "1451.61"); // 3000 * 15 / 31
  });

  it("generates quarterly periods", () => {
    const s = generateSchedule({
      startDate: d("2026-02-01"),
      endDate: d("2027-02-01"),
      rentAmount: "9000.00",
      frequency: "QUARTERLY",
      dueDay: 10,
      escalationPercent: "5",
    });
    assert.deepEqual(
      s.map((p) => iso(p.periodStart)),
      ["2026-02-01", "2026-05-01", "2026-08-01", "2026-11-01"],
    );
    assert.ok(s.every((p) => p.amountDue.toFixed(2) === "9000.00"));
  });

  it("classifies entries: paid, overdue after the due date, partial, due, upcoming", () => {
    const D = (v: string) => new Prisma.Decimal(v);
    assert.equal(entryStatus(D("100"), D("100"), d("2026-01-05"), d("2026-01-01"), d("2026-03-01")), "PAID");
    assert.equal(entryStatus(D("100"), D("50"), d("2026-01-05"), d("2026-01-01"), d("2026-01-06")), "OVERDUE");
    assert.equal(entryStatus(D("100"), D("50"), d("2026-01-05"), d("2026-01-01"), d("2026-01-05")), "PARTIAL");
    assert.equal(entryStatus(D("100"), D("0"), d("2026-01-05"), d("2026-01-01"), d("2026-01-02")), "DUE");
    assert.equal(entryStatus(D("100"), D("0"), d("2026-01-05"), d("2026-01-01"), d("2025-12-31")), "UPCOMING");
  });
});
