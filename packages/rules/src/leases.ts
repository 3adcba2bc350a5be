/**
 * What a property manager sends to record units, leases, their workflow moves and rent payments: the backend
 * validates these bodies (backend/src/leases, backend/src/properties) and the web's lease forms check the same
 * schemas before sending (web/src/pages/manage/leaseForms.ts). Rules that need the database (deposit limit,
 * overlapping leases, what is outstanding) stay in the backend's services.
 */
import { z } from "zod";
import {
  amount,
  area,
  count,
  Currency,
  dateOnly,
  percent,
  positiveAmount,
  positiveAmountAtMost,
  Text,
} from "./scalars.js";

export const LEASE_STATUSES = ["DRAFT", "ACTIVE", "TERMINATED", "EXPIRED", "CANCELLED"] as const;
export const RENT_FREQUENCIES = ["MONTHLY", "QUARTERLY"] as const;
export const PAYMENT_METHODS = ["BANK_TRANSFER", "CARD", "CHEQUE", "CASH", "STABLECOIN"] as const;
/**
 * The largest rent a lease may ask, in currency units: what one line of a month's financial statement holds
 * (10^15 - 1 minor units, backend/src/financials), since a month's rent collected is booked on one line. The backend
 * refuses an escalated instalment above it too (backend/src/leases/schedule.ts).
 */
export const MAX_RENT = "9999999999999.99";
/** Where a lease can be moved (DRAFT is where it starts). */
export const LEASE_MOVES = ["ACTIVE", "TERMINATED", "EXPIRED", "CANCELLED"] as const;

export const UnitBody = z
  .object({
    label: Text(60, "Give the unit a label, for example “Flat 2B”."),
    floorAreaSqm: area("the floor area").optional(),
    bedrooms: count("A whole number of bedrooms (0 or more).").optional(),
  })
  .strict();

// A rule across fields is said only when each of its fields is itself right (one message per mistake).
const TwoDates = z.looseObject({ startDate: dateOnly(), endDate: dateOnly() });
const TwoAmounts = z.looseObject({ amount: amount(), fees: amount().optional() });

const dueDayMessage = "A day of the month from 1 to 28 (every month has it).";

export const CreateLeaseBody = z
  .object({
    propertyId: z.uuid(),
    unitId: z.uuid("Choose the unit the lease is for."),
    tenantName: Text(200, "Enter the tenant's name."),
    tenantEmail: z.email("Enter an email address like name@example.com, or leave it empty.").max(254).optional(),
    tenantUserId: z.uuid().optional(),
    startDate: dateOnly("Enter the start date."),
    endDate: dateOnly("Enter the end date."),
    rentAmount: positiveAmountAtMost("the rent", MAX_RENT, "what a month's statement can record"),
    currency: Currency,
    frequency: z.enum(RENT_FREQUENCIES, "Choose monthly or quarterly.").default("MONTHLY"),
    dueDay: z.number(dueDayMessage).int(dueDayMessage).min(1, dueDayMessage).max(28, dueDayMessage).default(1),
    depositAmount: amount("the deposit"),
    escalationPercent: percent("the yearly escalation").default("0"),
    noticePeriodDays: z.number().int().min(0).max(365).default(30),
  })
  .strict()
  .refine((v) => v.endDate > v.startDate, {
    message: "The end date must be after the start date.",
    path: ["endDate"],
    // Said whenever both dates are dates, next to whatever else is wrong in the form.
    when: ({ value }) => TwoDates.safeParse(value).success,
  });

export const LeaseTransitionBody = z
  .object({
    to: z.enum(LEASE_MOVES),
    /** TERMINATED: the last day the lease runs (exclusive end of the final period). */
    effectiveOn: dateOnly("Enter the last day of the lease.").optional(),
    reason: Text(2_000, "Enter a reason, or leave it out.").optional(),
  })
  .strict();

export const PaymentBody = z
  .object({
    scheduleEntryId: z.uuid(),
    amount: positiveAmount("the amount received"),
    fees: amount("the fees").default("0"),
    paidOn: dateOnly("Enter the date the rent was paid."),
    method: z.enum(PAYMENT_METHODS, "Choose how the rent was paid."),
    reference: Text(120, "Enter a reference, or leave it out.").optional(),
  })
  .strict()
  .refine((v) => Number(v.fees) <= Number(v.amount), {
    message: "Fees cannot exceed the amount received.",
    path: ["fees"],
    when: ({ value }) => TwoAmounts.safeParse(value).success,
  });
