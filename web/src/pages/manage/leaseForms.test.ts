import { describe, expect, it } from "vitest";
import {
  checkLease,
  checkPayment,
  checkTermination,
  checkUnit,
  parseAmount,
  parseDate,
  type LeaseFormValues,
} from "./leaseForms";

const lease = (overrides: Partial<LeaseFormValues> = {}): LeaseFormValues => ({
  unitId: "u1",
  tenantName: "  Ana Sousa ",
  tenantEmail: "",
  startDate: "2026-01-01",
  endDate: "2027-01-01",
  rentAmount: "1,500",
  frequency: "MONTHLY",
  dueDay: "5",
  depositAmount: "3000",
  escalationPercent: "3",
  ...overrides,
});
const ctx = { propertyId: "p1", currency: "EUR" };

describe("lease forms", () => {
  it("parses amounts exactly to two decimals and refuses what the registry would", () => {
    expect(parseAmount("1,500.5")).toEqual({ ok: true, value: "1500.50" });
    expect(parseAmount("007")).toEqual({ ok: true, value: "7.00" });
    expect(parseAmount("0", { positive: true, what: "the rent" })).toEqual({
      ok: false,
      error: "The rent must be more than zero.",
    });
    expect(parseAmount("1.005")).toEqual({ ok: false, error: "At most two decimal places (cents)." });
    expect(parseAmount("-3").ok).toBe(false);
    expect(parseAmount("12345678901234567").ok).toBe(false);
    expect(parseAmount("", { what: "the deposit" })).toEqual({ ok: false, error: "Enter the deposit." });
  });

  it("accepts only real calendar dates", () => {
    expect(parseDate("2028-02-29")).toBe("2028-02-29");
    expect(parseDate("2027-02-29")).toBeUndefined();
    expect(parseDate("01/02/2027")).toBeUndefined();
  });

  it("builds the lease the API expects from a valid form", () => {
    expect(checkLease(lease(), ctx)).toEqual({
      ok: true,
      value: {
        propertyId: "p1",
        unitId: "u1",
        tenantName: "Ana Sousa",
        startDate: "2026-01-01",
        endDate: "2027-01-01",
        rentAmount: "1500.00",
        currency: "EUR",
        frequency: "MONTHLY",
        dueDay: 5,
        depositAmount: "3000.00",
        escalationPercent: "3.00",
      },
    });
    const withEmail = checkLease(lease({ tenantEmail: "ana@example.pt", frequency: "QUARTERLY" }), ctx);
    expect(withEmail.ok && withEmail.value.tenantEmail).toBe("ana@example.pt");
  });

  it("explains every mistake next to its field", () => {
    const r = checkLease(
      lease({
        unitId: "",
        tenantName: " ",
        tenantEmail: "ana@",
        endDate: "2025-12-31",
        rentAmount: "0",
        dueDay: "31",
        depositAmount: "x",
        escalationPercent: "150",
      }),
      ctx,
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        unitId: "Choose the unit the lease is for.",
        tenantName: "Enter the tenant's name.",
        tenantEmail: "Enter an email address like name@example.com, or leave it empty.",
        endDate: "The end date must be after the start date.",
        rentAmount: "The rent must be more than zero.",
        dueDay: "A day of the month from 1 to 28 (every month has it).",
        depositAmount: "Enter the deposit as a number, for example 1500.00.",
        escalationPercent: "At most 100%.",
      },
    });
    expect(checkLease(lease({ endDate: "2026-01-01" }), ctx)).toEqual({
      ok: false,
      errors: { endDate: "The end date must be after the start date." },
    });
    expect(checkLease(lease({ startDate: "" }), ctx)).toEqual({
      ok: false,
      errors: { startDate: "Enter the start date." },
    });
  });

  it("checks units", () => {
    expect(checkUnit({ label: " 2B ", floorAreaSqm: "75.5", bedrooms: "2" })).toEqual({
      ok: true,
      value: { label: "2B", floorAreaSqm: "75.50", bedrooms: 2 },
    });
    expect(checkUnit({ label: "", floorAreaSqm: "", bedrooms: "" })).toEqual({
      ok: false,
      errors: { label: "Give the unit a label, for example “Flat 2B”." },
    });
    expect(checkUnit({ label: "A", floorAreaSqm: "0", bedrooms: "1.5" })).toEqual({
      ok: false,
      errors: {
        floorAreaSqm: "The floor area must be more than zero.",
        bedrooms: "A whole number of bedrooms (0 or more).",
      },
    });
  });

  it("keeps a payment within what is outstanding and fees within the amount", () => {
    const entry = { id: "e1", outstanding: "1500.00" };
    const base = { amount: "1500", fees: "45", paidOn: "2026-01-04", method: "BANK_TRANSFER", reference: " TX-1 " };
    expect(checkPayment(base, entry, "EUR")).toEqual({
      ok: true,
      value: {
        scheduleEntryId: "e1",
        amount: "1500.00",
        fees: "45.00",
        paidOn: "2026-01-04",
        method: "BANK_TRANSFER",
        reference: "TX-1",
      },
    });
    expect(checkPayment({ ...base, amount: "1500.01" }, entry, "EUR")).toEqual({
      ok: false,
      errors: { amount: "Only 1500.00 EUR is outstanding for this period." },
    });
    expect(checkPayment({ ...base, amount: "40" }, entry, "EUR")).toEqual({
      ok: false,
      errors: { fees: "Fees cannot exceed the amount received." },
    });
    expect(checkPayment({ ...base, paidOn: "", method: "GOLD" }, entry, "EUR")).toEqual({
      ok: false,
      errors: { paidOn: "Enter the date the rent was paid.", method: "Choose how the rent was paid." },
    });
  });

  it("terminates only inside the lease term, with a reason", () => {
    const term = { startDate: "2026-01-01", endDate: "2027-01-01" };
    expect(checkTermination({ effectiveOn: "2026-07-01", reason: "Mutual agreement" }, term)).toEqual({
      ok: true,
      value: { to: "TERMINATED", effectiveOn: "2026-07-01", reason: "Mutual agreement" },
    });
    expect(checkTermination({ effectiveOn: "2026-01-01", reason: "" }, term)).toEqual({
      ok: false,
      errors: {
        effectiveOn: "Choose a date after 2026-01-01 and no later than 2027-01-01.",
        reason: "Say why the lease ends early (kept in the audit trail).",
      },
    });
    expect(checkTermination({ effectiveOn: "2027-01-01", reason: "End" }, term).ok).toBe(true);
  });
});
