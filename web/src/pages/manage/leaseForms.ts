/**
 * Client-side checks of the manager's lease forms, mirroring the backend's rules so a mistake is explained next
 * to its field before anything is sent. The backend checks again (and has rules the browser cannot know, such as
 * the deposit limit): its problem+json answer is shown as well.
 */
import type { LeaseDraft, LeaseMove, PaymentInput, PaymentMethod, RentFrequency, UnitInput } from "../../api/leases";

export type FieldErrors<K extends string> = Partial<Record<K, string>>;
export type Checked<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date `YYYY-MM-DD` (what `<input type="date">` gives), or undefined. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  if (!DATE.test(t)) return undefined;
  const d = new Date(`${t}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === t ? t : undefined;
}

export type MoneyCheck = { ok: true; value: string } | { ok: false; error: string };

/** A non-negative amount with at most two decimals ("1,500.5" -> "1500.50"); `positive` refuses zero. */
export function parseAmount(text: string, { positive = false, what = "the amount" } = {}): MoneyCheck {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return { ok: false, error: `Enter ${what}.` };
  const m = /^(\d{1,16})(?:\.(\d*))?$/.exec(t);
  if (!m) return { ok: false, error: `Enter ${what} as a number, for example 1500.00.` };
  const fraction = m[2] ?? "";
  if (fraction.length > 2) return { ok: false, error: "At most two decimal places (cents)." };
  const value = `${BigInt(m[1]!).toString()}.${fraction.padEnd(2, "0")}`;
  if (positive && /^0\.00$/.test(value))
    return { ok: false, error: `${what.charAt(0).toUpperCase()}${what.slice(1)} must be more than zero.` };
  return { ok: true, value };
}

const cents = (amount: string): bigint => BigInt(amount.replace(".", ""));

export type UnitField = "label" | "floorAreaSqm" | "bedrooms";

export function checkUnit(v: Record<UnitField, string>): Checked<UnitInput, UnitField> {
  const errors: FieldErrors<UnitField> = {};
  const label = v.label.trim();
  if (!label) errors.label = "Give the unit a label, for example “Flat 2B”.";
  else if (label.length > 60) errors.label = "At most 60 characters.";
  const out: UnitInput = { label };
  if (v.floorAreaSqm.trim()) {
    const area = parseAmount(v.floorAreaSqm, { positive: true, what: "the floor area" });
    if (area.ok) out.floorAreaSqm = area.value;
    else errors.floorAreaSqm = area.error;
  }
  if (v.bedrooms.trim()) {
    const n = Number(v.bedrooms.trim());
    if (!/^\d+$/.test(v.bedrooms.trim()) || n > 500) errors.bedrooms = "A whole number of bedrooms (0 or more).";
    else out.bedrooms = n;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: out };
}

export type LeaseField =
  | "unitId"
  | "tenantName"
  | "tenantEmail"
  | "startDate"
  | "endDate"
  | "rentAmount"
  | "frequency"
  | "dueDay"
  | "depositAmount"
  | "escalationPercent";
export type LeaseFormValues = Record<LeaseField, string>;

export function checkLease(
  v: LeaseFormValues,
  context: { propertyId: string; currency: string },
): Checked<LeaseDraft, LeaseField> {
  const errors: FieldErrors<LeaseField> = {};
  if (!v.unitId) errors.unitId = "Choose the unit the lease is for.";
  const tenantName = v.tenantName.trim();
  if (!tenantName) errors.tenantName = "Enter the tenant's name.";
  else if (tenantName.length > 200) errors.tenantName = "At most 200 characters.";
  const tenantEmail = v.tenantEmail.trim();
  if (tenantEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(tenantEmail))
    errors.tenantEmail = "Enter an email address like name@example.com, or leave it empty.";
  const startDate = parseDate(v.startDate);
  const endDate = parseDate(v.endDate);
  if (!startDate) errors.startDate = "Enter the start date.";
  if (!endDate) errors.endDate = "Enter the end date.";
  if (startDate && endDate && endDate <= startDate) errors.endDate = "The end date must be after the start date.";
  const rent = parseAmount(v.rentAmount, { positive: true, what: "the rent" });
  if (!rent.ok) errors.rentAmount = rent.error;
  const frequency = v.frequency as RentFrequency;
  if (frequency !== "MONTHLY" && frequency !== "QUARTERLY") errors.frequency = "Choose monthly or quarterly.";
  const dueDay = Number(v.dueDay);
  if (!/^\d{1,2}$/.test(v.dueDay.trim()) || dueDay < 1 || dueDay > 28)
    errors.dueDay = "A day of the month from 1 to 28 (every month has it).";
  const deposit = parseAmount(v.depositAmount || "0", { what: "the deposit" });
  if (!deposit.ok) errors.depositAmount = deposit.error;
  const escalation = parseAmount(v.escalationPercent || "0", { what: "the yearly escalation" });
  if (!escalation.ok) errors.escalationPercent = escalation.error;
  else if (cents(escalation.value) > 10_000n) errors.escalationPercent = "At most 100%.";
  if (Object.keys(errors).length || !rent.ok || !deposit.ok || !escalation.ok || !startDate || !endDate)
    return { ok: false, errors };
  return {
    ok: true,
    value: {
      propertyId: context.propertyId,
      unitId: v.unitId,
      tenantName,
      ...(tenantEmail ? { tenantEmail } : {}),
      startDate,
      endDate,
      rentAmount: rent.value,
      currency: context.currency,
      frequency,
      dueDay,
      depositAmount: deposit.value,
      escalationPercent: escalation.value,
    },
  };
}

export type PaymentField = "amount" | "fees" | "paidOn" | "method" | "reference";

/** A payment against one schedule entry: more than zero, at most what is outstanding, fees within the amount. */
export function checkPayment(
  v: Record<PaymentField, string>,
  entry: { id: string; outstanding: string },
  currency: string,
): Checked<PaymentInput, PaymentField> {
  const errors: FieldErrors<PaymentField> = {};
  const amount = parseAmount(v.amount, { positive: true, what: "the amount received" });
  if (!amount.ok) errors.amount = amount.error;
  else {
    const outstanding = parseAmount(entry.outstanding);
    if (outstanding.ok && cents(amount.value) > cents(outstanding.value))
      errors.amount = `Only ${outstanding.value} ${currency} is outstanding for this period.`;
  }
  const fees = parseAmount(v.fees || "0", { what: "the fees" });
  if (!fees.ok) errors.fees = fees.error;
  else if (amount.ok && cents(fees.value) > cents(amount.value))
    errors.fees = "Fees cannot exceed the amount received.";
  const paidOn = parseDate(v.paidOn);
  if (!paidOn) errors.paidOn = "Enter the date the rent was paid.";
  const methods: readonly string[] = ["BANK_TRANSFER", "CARD", "CHEQUE", "CASH", "STABLECOIN"];
  if (!methods.includes(v.method)) errors.method = "Choose how the rent was paid.";
  const reference = v.reference.trim();
  if (reference.length > 120) errors.reference = "At most 120 characters.";
  if (Object.keys(errors).length || !amount.ok || !fees.ok || !paidOn) return { ok: false, errors };
  return {
    ok: true,
    value: {
      scheduleEntryId: entry.id,
      amount: amount.value,
      fees: fees.value,
      paidOn,
      method: v.method as PaymentMethod,
      ...(reference ? { reference } : {}),
    },
  };
}

export type TerminationField = "effectiveOn" | "reason";

/** Termination: a date after the start and not after the end of the lease, and a reason. */
export function checkTermination(
  v: Record<TerminationField, string>,
  lease: { startDate: string; endDate: string },
): Checked<LeaseMove, TerminationField> {
  const errors: FieldErrors<TerminationField> = {};
  const effectiveOn = parseDate(v.effectiveOn);
  if (!effectiveOn) errors.effectiveOn = "Enter the last day of the lease.";
  else if (effectiveOn <= lease.startDate || effectiveOn > lease.endDate)
    errors.effectiveOn = `Choose a date after ${lease.startDate} and no later than ${lease.endDate}.`;
  const reason = v.reason.trim();
  if (!reason) errors.reason = "Say why the lease ends early (kept in the audit trail).";
  else if (reason.length > 2000) errors.reason = "At most 2,000 characters.";
  if (Object.keys(errors).length || !effectiveOn) return { ok: false, errors };
  return { ok: true, value: { to: "TERMINATED", effectiveOn, reason } };
}
