/**
 * Issue 15: the lease rules say what is wrong in the words a person reads, one message per mistake, and a rule
 * across fields (end after start, fees within the amount) only when each of its fields is right.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateLeaseBody, LeaseTransitionBody, MAX_RENT, PaymentBody, UnitBody } from "@freehold/rules/leases";
import { amount, DateOnly, percent, positiveAmount, Text } from "@freehold/rules/scalars";

const ID = "3f1b1c9e-1d2a-4c1e-9a1b-1c2d3e4f5a6b";
/** A lease body every rule accepts; each test changes what it is about. */
const LEASE = {
  propertyId: ID,
  unitId: ID,
  tenantName: "Ana",
  startDate: "2026-01-01",
  endDate: "2027-01-01",
  rentAmount: "1500",
  currency: "EUR",
  depositAmount: "3000",
};
const problems = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("15 shared lease rules", () => {
  it("15 amounts: empty, not a number, too many decimals, too large, zero", () => {
    const rent = positiveAmount("the rent");
    assert.deepEqual(problems(rent.safeParse("")), [": Enter the rent."]);
    assert.deepEqual(problems(rent.safeParse("12a")), [": Enter the rent as a number, for example 1500.00."]);
    assert.deepEqual(problems(rent.safeParse("1.005")), [": At most two decimal places."]);
    assert.deepEqual(problems(rent.safeParse("12345678901234567")), [": The rent is too large."]);
    assert.deepEqual(problems(rent.safeParse("0.00")), [": The rent must be more than zero."]);
    assert.deepEqual(problems(amount("the deposit").safeParse("-3")), [
      ": Enter the deposit as a number, for example 1500.00.",
    ]);
    assert.equal(amount().safeParse("0").success, true);
    assert.deepEqual(problems(percent("the escalation").safeParse("100.01")), [": At most 100%."]);
    assert.deepEqual(problems(percent("the escalation").safeParse("1000")), [": At most 100%."]);
  });

  it("15 dates are real calendar days from year 0001; text is trimmed and bounded", () => {
    assert.equal(DateOnly.safeParse("2028-02-29").success, true);
    for (const bad of ["2027-02-29", "0000-01-01", "01/02/2027", ""])
      assert.equal(DateOnly.safeParse(bad).success, false, bad);
    assert.deepEqual(problems(Text(60, "Give it a name.").safeParse("  ")), [": Give it a name."]);
    assert.deepEqual(problems(Text(2_000).safeParse("x".repeat(2_001))), [": At most 2,000 characters."]);
  });

  it("15 a lease: every mistake next to its field, the end-date rule only between two dates", () => {
    const lease = LEASE;
    const ok = CreateLeaseBody.safeParse(lease);
    assert.ok(ok.success);
    assert.deepEqual(
      { frequency: ok.data.frequency, dueDay: ok.data.dueDay, escalation: ok.data.escalationPercent },
      { frequency: "MONTHLY", dueDay: 1, escalation: "0" },
    );
    assert.deepEqual(problems(CreateLeaseBody.safeParse({ ...lease, endDate: "2026-01-01", rentAmount: "x" })), [
      "rentAmount: Enter the rent as a number, for example 1500.00.",
      "endDate: The end date must be after the start date.",
    ]);
    assert.deepEqual(
      problems(CreateLeaseBody.safeParse({ ...lease, startDate: "2026-02-30", endDate: "2026-01-01" })),
      ["startDate: Enter the start date."],
    );
    assert.deepEqual(problems(CreateLeaseBody.safeParse({ ...lease, dueDay: 29 })), [
      "dueDay: A day of the month from 1 to 28 (every month has it).",
    ]);
    assert.equal(CreateLeaseBody.safeParse({ ...lease, extra: 1 }).success, false, "strict");
  });

  it("a lease's rent is at most what a month's financial line holds (15 digits of minor units), said in the form", () => {
    const lease = LEASE;
    assert.ok(CreateLeaseBody.safeParse({ ...lease, rentAmount: MAX_RENT }).success, "the bound itself");
    for (const rentAmount of ["10000000000000", "10000000000000.00", "9999999999999999.99"])
      assert.deepEqual(problems(CreateLeaseBody.safeParse({ ...lease, rentAmount })), [
        "rentAmount: The rent is at most 9,999,999,999,999.99, what a month's statement can record.",
      ]);
    // The deposit is no month's rent: it keeps the general bound.
    assert.ok(
      CreateLeaseBody.safeParse({ ...lease, rentAmount: "1500", depositAmount: "9999999999999999.99" }).success,
    );
  });

  it("15 a payment: fees within the amount, said once the amounts are amounts", () => {
    const payment = { scheduleEntryId: ID, amount: "40", fees: "45", paidOn: "2026-01-04", method: "CARD" };
    assert.deepEqual(problems(PaymentBody.safeParse(payment)), ["fees: Fees cannot exceed the amount received."]);
    assert.deepEqual(problems(PaymentBody.safeParse({ ...payment, amount: "abc", method: "GOLD" })), [
      "amount: Enter the amount received as a number, for example 1500.00.",
      "method: Choose how the rent was paid.",
    ]);
    assert.equal(PaymentBody.safeParse({ ...payment, fees: undefined }).success, true);
  });

  it("15 units and lease moves", () => {
    assert.deepEqual(problems(UnitBody.safeParse({ label: "A", floorAreaSqm: "0", bedrooms: 1.5 })), [
      "floorAreaSqm: The floor area must be more than zero.",
      "bedrooms: A whole number of bedrooms (0 or more).",
    ]);
    assert.equal(LeaseTransitionBody.safeParse({ to: "DRAFT" }).success, false);
    assert.deepEqual(LeaseTransitionBody.parse({ to: "TERMINATED", effectiveOn: "2026-07-01", reason: " End " }), {
      to: "TERMINATED",
      effectiveOn: "2026-07-01",
      reason: "End",
    });
  });
});
