import { CreateLeaseBody, PaymentBody, RENT_FREQUENCIES, UnitBody } from "@freehold/rules/leases";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLease, checkPayment, checkTermination, checkUnit, type LeaseFormValues } from "./leaseForms";

const PROPERTY = "3f1b1c9e-1d2a-4c1e-9a1b-1c2d3e4f5a6b";
const UNIT = "8c0d6c52-43e1-4a8f-9b0e-2f7d9a1c5e34";
const ENTRY = "0b6e3f1a-7c2d-4e5f-8a9b-1c2d3e4f5a6b";
const lease = (overrides: Partial<LeaseFormValues> = {}): LeaseFormValues => ({
  unitId: UNIT,
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
const ctx = { propertyId: PROPERTY, currency: "EUR" };
const rentError = (rentAmount: string) => {
  const r = checkLease(lease({ rentAmount }), ctx);
  return r.ok ? r.value.rentAmount : r.errors.rentAmount;
};

describe("lease forms", () => {
  it("reads amounts exactly, to two decimals, with the backend's wording", () => {
    expect(rentError("1,500.5")).toBe("1500.50");
    expect(rentError(" 007 ")).toBe("7.00");
    expect(rentError("0")).toBe("The rent must be more than zero.");
    expect(rentError("1.005")).toBe("At most two decimal places.");
    expect(rentError("-3")).toBe("Enter the rent as a number, for example 1500.00.");
    expect(rentError("12345678901234567")).toBe("The rent is too large.");
    expect(rentError("")).toBe("Enter the rent.");
  });

  it("accepts only real calendar dates", () => {
    expect(checkLease(lease({ startDate: "2028-02-29", endDate: "2029-01-01" }), ctx).ok).toBe(true);
    expect(checkLease(lease({ startDate: "2027-02-29" }), ctx)).toEqual({
      ok: false,
      errors: { startDate: "Enter the start date." },
    });
    expect(checkLease(lease({ endDate: "01/02/2027" }), ctx)).toEqual({
      ok: false,
      errors: { endDate: "Enter the end date." },
    });
  });

  it("builds the lease the API expects from a valid form", () => {
    expect(checkLease(lease(), ctx)).toEqual({
      ok: true,
      value: {
        propertyId: PROPERTY,
        unitId: UNIT,
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
    expect(checkLease(lease({ dueDay: "" }), ctx)).toEqual({
      ok: false,
      errors: { dueDay: "A day of the month from 1 to 28 (every month has it)." },
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
    const entry = { id: ENTRY, outstanding: "1500.00" };
    const base = { amount: "1500", fees: "45", paidOn: "2026-01-04", method: "BANK_TRANSFER", reference: " TX-1 " };
    expect(checkPayment(base, entry, "EUR")).toEqual({
      ok: true,
      value: {
        scheduleEntryId: ENTRY,
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
    expect(checkTermination({ effectiveOn: "2026-02-30", reason: "x".repeat(2_001) }, term)).toEqual({
      ok: false,
      errors: { effectiveOn: "Enter the last day of the lease.", reason: "At most 2,000 characters." },
    });
    expect(checkTermination({ effectiveOn: "2027-01-01", reason: "End" }, term).ok).toBe(true);
  });
});

/**
 * Issue 15: the form and the backend agree. For generated forms (valid and invalid: zero, negative, three decimals,
 * too many digits, impossible dates, an end before the start, more than 100 %), the web's check accepts exactly
 * when the backend's request schema accepts the same values written as the API takes them; and what the web sends
 * is accepted by the backend and means what was typed.
 */
describe("15 the web's lease checks accept exactly what the backend accepts", () => {
  /** Mostly a valid value, sometimes an invalid or edge one: forms with one or two mistakes are the common case. */
  const mostly = <T>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: odd, weight: 1 });
  const amount = mostly(
    fc.oneof(
      fc.integer({ min: 0, max: 10_000_000 }).map(String),
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 2 }))
        .map(([whole, fraction, digits]) => `${whole}.${String(fraction).padStart(2, "0").slice(0, digits)}`),
    ),
    fc.constantFrom("0", "0.00", "-1", "1.005", "12.345", "1e3", "abc", "", "100.01", "1000", "99999999999999999"),
  );
  const date = mostly(
    fc
      .date({ min: new Date("2000-01-01"), max: new Date("2040-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom("", "2027-02-29", "2026-13-01", "2026-04-31", "0000-01-01", "01/02/2027", "2026-1-5"),
  );
  const form = fc.record({
    unitId: mostly(fc.constant(UNIT), fc.constantFrom("", "not-a-unit")),
    tenantName: mostly(fc.constantFrom("Ana Sousa", " Bo "), fc.constantFrom(" ", "", "x".repeat(201))),
    tenantEmail: mostly(fc.constantFrom("", "ana@example.pt"), fc.constantFrom("ana@", "a b@c.d")),
    startDate: date,
    endDate: date,
    rentAmount: amount,
    frequency: mostly(fc.constantFrom(...RENT_FREQUENCIES), fc.constantFrom("WEEKLY", "")),
    dueDay: mostly(fc.integer({ min: 1, max: 28 }).map(String), fc.constantFrom("0", "29", "31", "-1", "", "1.5", "x")),
    depositAmount: amount,
    escalationPercent: amount,
  });
  /** The form's values as an API client would send them: numbers as numbers, an empty optional field left out. */
  const asSent = (v: LeaseFormValues) => ({
    ...ctx,
    unitId: v.unitId,
    tenantName: v.tenantName,
    ...(v.tenantEmail ? { tenantEmail: v.tenantEmail } : {}),
    startDate: v.startDate,
    endDate: v.endDate,
    rentAmount: v.rentAmount,
    frequency: v.frequency,
    dueDay: /^-?\d+$/.test(v.dueDay) ? Number(v.dueDay) : v.dueDay,
    depositAmount: v.depositAmount || "0",
    escalationPercent: v.escalationPercent || "0",
  });

  it("15 leases: the same verdict, and the web's body passes the backend with the same values", () => {
    fc.assert(
      fc.property(form, (v) => {
        const web = checkLease(v, ctx);
        const backend = CreateLeaseBody.safeParse(asSent(v));
        expect(web.ok).toBe(backend.success);
        if (web.ok && backend.success) {
          const sent = CreateLeaseBody.parse(web.value);
          expect(sent).toEqual({
            ...backend.data,
            ...pick(sent, ["rentAmount", "depositAmount", "escalationPercent"]),
          });
          for (const key of ["rentAmount", "depositAmount", "escalationPercent"] as const)
            expect(Number(sent[key])).toBe(Number(backend.data[key]));
        }
        if (!web.ok) expect(Object.keys(web.errors).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("15 payments (nothing outstanding limits them) and units: the same verdict", () => {
    const entry = { id: ENTRY, outstanding: "9999999999999999.99" };
    const payment = fc.record({
      amount,
      fees: amount,
      paidOn: date,
      method: mostly(fc.constantFrom("BANK_TRANSFER", "CARD", "STABLECOIN"), fc.constantFrom("GOLD", "")),
      reference: mostly(fc.constantFrom("", "TX-1"), fc.constant("x".repeat(121))),
    });
    fc.assert(
      fc.property(payment, (v) => {
        const backend = PaymentBody.safeParse({
          scheduleEntryId: ENTRY,
          amount: v.amount,
          fees: v.fees || "0",
          paidOn: v.paidOn,
          method: v.method,
          ...(v.reference ? { reference: v.reference } : {}),
        });
        expect(checkPayment(v, entry, "EUR").ok).toBe(backend.success);
      }),
      { numRuns: 300 },
    );
    const unit = fc.record({
      label: mostly(fc.constant("2B"), fc.constantFrom("", " ", "x".repeat(61))),
      floorAreaSqm: fc.oneof(amount, fc.constant("")),
      bedrooms: mostly(fc.integer({ min: 0, max: 10_000 }).map(String), fc.constantFrom("", "1.5", "-1", "10001")),
    });
    fc.assert(
      fc.property(unit, (v) => {
        const backend = UnitBody.safeParse({
          label: v.label,
          ...(v.floorAreaSqm ? { floorAreaSqm: v.floorAreaSqm } : {}),
          ...(v.bedrooms ? { bedrooms: /^-?\d+$/.test(v.bedrooms) ? Number(v.bedrooms) : v.bedrooms } : {}),
        });
        expect(checkUnit(v).ok).toBe(backend.success);
      }),
      { numRuns: 300 },
    );
  });
});

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}
