/**
 * Checks of the manager's unit, lease, payment and termination forms with the backend's own request schemas
 * (@freehold/rules/leases), so a mistake is explained next to its field, in the words the backend's 400 uses,
 * before anything is sent. What the schemas cannot know the page adds (what is outstanding, the lease's term); the
 * backend checks again, with the rules that need its database (the deposit limit): its problem+json is shown too.
 */
import { CreateLeaseBody, LeaseTransitionBody, PaymentBody, UnitBody } from "@freehold/rules/leases";
import type { LeaseDraft, LeaseMove, PaymentInput, UnitInput } from "../../api/leases";

export type FieldErrors<K extends string> = Partial<Record<K, string>>;
export type Checked<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };
/** What the forms need of a zod schema (the web imports zod only through @freehold/rules). */
type Schema<T> = {
  safeParse(body: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
};

/** The first message per form field; issues of fields the form does not show (the page supplies those) are dropped. */
function fieldErrors<K extends string>(issues: readonly Issue[], fields: readonly K[]): FieldErrors<K> {
  const errors: FieldErrors<K> = {};
  for (const issue of issues) {
    const field = fields.find((f) => f === issue.path[0]);
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

function check<T, K extends string>(
  schema: Schema<T>,
  body: unknown,
  fields: readonly K[],
  extra: FieldErrors<K> = {},
): Checked<T, K> {
  const result = schema.safeParse(body);
  const errors = { ...(result.success ? {} : fieldErrors(result.error.issues, fields)), ...extra };
  if (!result.success) return { ok: false, errors };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: result.data };
}

/** An amount as typed ("1,500.5 ") as the API takes it ("1500.5"): thousands separators and spaces dropped. */
const typedAmount = (text: string): string => text.trim().replace(/,/g, "");
/** A valid amount with exactly two decimals ("007" -> "7.00"), how the API and the ledger write it. */
const cents = (amount: string): string => {
  const [whole = "0", fraction = ""] = amount.split(".");
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, "0")}`;
};
const centsOf = (amount: string): bigint => BigInt(cents(amount).replace(".", ""));
/** An optional text field: left out when blank. */
const optional = (text: string): string | undefined => (text.trim() ? text : undefined);

export type UnitField = "label" | "floorAreaSqm" | "bedrooms";
const UNIT_FIELDS: readonly UnitField[] = ["label", "floorAreaSqm", "bedrooms"];

export function checkUnit(v: Record<UnitField, string>): Checked<UnitInput, UnitField> {
  const body = {
    label: v.label,
    floorAreaSqm: optional(v.floorAreaSqm) && typedAmount(v.floorAreaSqm),
    bedrooms: optional(v.bedrooms) && wholeNumber(v.bedrooms),
  };
  const checked = check(UnitBody, body, UNIT_FIELDS);
  if (!checked.ok) return checked;
  const { floorAreaSqm, ...rest } = checked.value;
  return { ok: true, value: { ...rest, ...(floorAreaSqm ? { floorAreaSqm: cents(floorAreaSqm) } : {}) } };
}

/** A count as typed: a number only when it is written as digits ("1.5", "2e1" stay text, which the schema refuses). */
const wholeNumber = (text: string): number | string => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text);

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
const LEASE_FIELDS: readonly LeaseField[] = [
  "unitId",
  "tenantName",
  "tenantEmail",
  "startDate",
  "endDate",
  "rentAmount",
  "frequency",
  "dueDay",
  "depositAmount",
  "escalationPercent",
];

/** The body the form sends, before the schema: what the person typed, as the API's types. */
function leaseBody(v: LeaseFormValues, context: { propertyId: string; currency: string }) {
  return {
    propertyId: context.propertyId,
    unitId: v.unitId,
    tenantName: v.tenantName,
    tenantEmail: optional(v.tenantEmail)?.trim(),
    startDate: v.startDate.trim(),
    endDate: v.endDate.trim(),
    rentAmount: typedAmount(v.rentAmount),
    currency: context.currency,
    frequency: v.frequency,
    dueDay: wholeNumber(v.dueDay),
    depositAmount: typedAmount(v.depositAmount) || "0",
    escalationPercent: typedAmount(v.escalationPercent) || "0",
  };
}

export function checkLease(
  v: LeaseFormValues,
  context: { propertyId: string; currency: string },
): Checked<LeaseDraft, LeaseField> {
  const checked = check(CreateLeaseBody, leaseBody(v, context), LEASE_FIELDS);
  if (!checked.ok) return checked;
  const { noticePeriodDays: _default, tenantEmail, ...lease } = checked.value;
  return {
    ok: true,
    value: {
      ...lease,
      ...(tenantEmail ? { tenantEmail } : {}),
      rentAmount: cents(lease.rentAmount),
      depositAmount: cents(lease.depositAmount),
      escalationPercent: cents(lease.escalationPercent),
    },
  };
}

export type PaymentField = "amount" | "fees" | "paidOn" | "method" | "reference";
const PAYMENT_FIELDS: readonly PaymentField[] = ["amount", "fees", "paidOn", "method", "reference"];

/** A payment against one schedule entry: the schema's rules, and at most what is outstanding for the period. */
export function checkPayment(
  v: Record<PaymentField, string>,
  entry: { id: string; outstanding: string },
  currency: string,
): Checked<PaymentInput, PaymentField> {
  const body = {
    scheduleEntryId: entry.id,
    amount: typedAmount(v.amount),
    fees: typedAmount(v.fees) || "0",
    paidOn: v.paidOn.trim(),
    method: v.method,
    reference: optional(v.reference),
  };
  const amount = PaymentBody.shape.amount.safeParse(body.amount);
  const overpaid =
    amount.success && centsOf(amount.data) > centsOf(entry.outstanding)
      ? { amount: `Only ${cents(entry.outstanding)} ${currency} is outstanding for this period.` }
      : {};
  const checked = check(PaymentBody, body, PAYMENT_FIELDS, overpaid);
  if (!checked.ok) return checked;
  const { reference, ...payment } = checked.value;
  return {
    ok: true,
    value: {
      ...payment,
      amount: cents(payment.amount),
      fees: cents(payment.fees),
      ...(reference ? { reference } : {}),
    },
  };
}

export type TerminationField = "effectiveOn" | "reason";
const TERMINATION_FIELDS: readonly TerminationField[] = ["effectiveOn", "reason"];

/** Termination: the schema's rules, a date after the start and not after the end of the lease, and a reason. */
export function checkTermination(
  v: Record<TerminationField, string>,
  lease: { startDate: string; endDate: string },
): Checked<LeaseMove, TerminationField> {
  const effectiveOn = v.effectiveOn.trim();
  const body = { to: "TERMINATED", effectiveOn, reason: optional(v.reason) };
  const extra: FieldErrors<TerminationField> = {};
  if (!body.reason) extra.reason = "Say why the lease ends early (kept in the audit trail).";
  const date = LeaseTransitionBody.shape.effectiveOn.safeParse(effectiveOn || undefined);
  if (!effectiveOn) extra.effectiveOn = "Enter the last day of the lease.";
  else if (date.success && (effectiveOn <= lease.startDate || effectiveOn > lease.endDate))
    extra.effectiveOn = `Choose a date after ${lease.startDate} and no later than ${lease.endDate}.`;
  return check(LeaseTransitionBody, body, TERMINATION_FIELDS, extra);
}
