/** Lease API schemas and presenters. */
import { z } from "zod";
import type { Lease, RentPayment } from "../generated/prisma/client.ts";
import { LEASE_STATUSES, PAYMENT_METHODS, RENT_FREQUENCIES } from "@freehold/rules/leases";
import { Cursor, DateOnly, Limit, toDateOnly } from "../core/schemas.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { openTenantContact } from "./tenant-contact.ts";

// The request bodies the manager's forms send are shared with the web (same rules, same wording).
export {
  CreateLeaseBody,
  LEASE_STATUSES,
  LeaseTransitionBody,
  PAYMENT_METHODS,
  PaymentBody,
  RENT_FREQUENCIES,
} from "@freehold/rules/leases";

export const ListLeasesQuery = z
  .object({
    propertyId: z.uuid().optional(),
    unitId: z.uuid().optional(),
    status: z.enum(LEASE_STATUSES).optional(),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();

export const AsOfQuery = z.object({ asOf: DateOnly.optional() }).strict();

export const OverdueQuery = z.object({ asOf: DateOnly.optional(), propertyId: z.uuid().optional() }).strict();

export const CollectedQuery = z
  .object({ from: DateOnly, to: DateOnly })
  .strict()
  .refine((v) => v.to > v.from, { message: "to must be after from", path: ["to"] });

export const LeaseView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    unitId: z.uuid(),
    tenantName: z.string(),
    tenantEmail: z.string().nullable(),
    tenantUserId: z.string().nullable(),
    startDate: z.string(),
    endDate: z.string(),
    rentAmount: z.string(),
    currency: z.string(),
    frequency: z.enum(RENT_FREQUENCIES),
    dueDay: z.number().int(),
    depositAmount: z.string(),
    escalationPercent: z.string(),
    noticePeriodDays: z.number().int(),
    status: z.enum(LEASE_STATUSES),
    activatedAt: z.iso.datetime().nullable(),
    terminatedOn: z.string().nullable(),
    terminationReason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Lease" });

export const LeasePage = z
  .object({ items: z.array(LeaseView), nextCursor: z.string().nullable() })
  .meta({ id: "LeasePage" });

export const ScheduleEntryView = z
  .object({
    id: z.uuid(),
    leaseId: z.uuid(),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueDate: z.string(),
    amountDue: z.string(),
    paid: z.string(),
    outstanding: z.string(),
    status: z.enum(["PAID", "PARTIAL", "OVERDUE", "DUE", "UPCOMING"]),
    daysOverdue: z.number().int(),
  })
  .meta({ id: "RentScheduleEntry" });

export const PaymentView = z
  .object({
    id: z.uuid(),
    leaseId: z.uuid(),
    scheduleEntryId: z.uuid(),
    amount: z.string(),
    fees: z.string(),
    net: z.string(),
    paidOn: z.string(),
    method: z.enum(PAYMENT_METHODS),
    reference: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "RentPayment" });

export const CollectedView = z
  .object({
    propertyId: z.uuid(),
    currency: z.string(),
    periods: z.array(
      z.object({ month: z.string(), gross: z.string(), fees: z.string(), net: z.string(), payments: z.number().int() }),
    ),
    totals: z.object({ gross: z.string(), fees: z.string(), net: z.string() }),
  })
  .meta({ id: "RentCollected" });

/** The lease as its readers see it: the tenant's contact details decrypted (only ever for who may read the lease). */
export function presentLease(l: Lease, ring: KeyRing): z.infer<typeof LeaseView> {
  const { tenantName, tenantEmail } = openTenantContact(ring, l);
  return {
    id: l.id,
    propertyId: l.propertyId,
    unitId: l.unitId,
    tenantName,
    tenantEmail,
    tenantUserId: l.tenantUserId,
    startDate: toDateOnly(l.startDate) ?? "",
    endDate: toDateOnly(l.endDate) ?? "",
    rentAmount: l.rentAmount.toString(),
    currency: l.currency,
    frequency: l.frequency,
    dueDay: l.dueDay,
    depositAmount: l.depositAmount.toString(),
    escalationPercent: l.escalationPercent.toString(),
    noticePeriodDays: l.noticePeriodDays,
    status: l.status,
    activatedAt: l.activatedAt?.toISOString() ?? null,
    terminatedOn: toDateOnly(l.terminatedOn),
    terminationReason: l.terminationReason,
    version: l.version,
    createdAt: l.createdAt.toISOString(),
  };
}

export function presentPayment(p: RentPayment): z.infer<typeof PaymentView> {
  return {
    id: p.id,
    leaseId: p.leaseId,
    scheduleEntryId: p.scheduleEntryId,
    amount: p.amount.toString(),
    fees: p.fees.toString(),
    net: p.amount.minus(p.fees).toString(),
    paidOn: toDateOnly(p.paidOn) ?? "",
    method: p.method,
    reference: p.reference,
    createdAt: p.createdAt.toISOString(),
  };
}

export const RentSummaryView = z
  .object({
    propertyId: z.uuid(),
    asOf: z.string().meta({ description: "The day the figures are computed for (UTC)" }),
    currency: z.string(),
    unitsTotal: z.number().int(),
    unitsLeased: z.number().int().meta({ description: "Units with an ACTIVE lease in force today" }),
    occupancyBps: z
      .number()
      .int()
      .nullable()
      .meta({ description: "unitsLeased / unitsTotal in basis points, rounded down; null without units" }),
    annualContractedRent: z.string().meta({
      description: "Sum over ACTIVE leases in the property currency of rent x 12 (monthly) or x 4 (quarterly)",
    }),
    currentValuation: z.string().nullable(),
    grossYieldBps: z.number().int().nullable().meta({
      description: "annualContractedRent / currentValuation x 10,000, rounded down; null without a valuation",
    }),
    collected: z.object({
      from: z.string(),
      to: z.string().meta({ description: "Exclusive" }),
      months: z
        .array(z.object({ month: z.string(), net: z.string() }))
        .meta({ description: "Net rent collected (payments minus fees) per month, oldest first, every month present" }),
      totalNet: z.string(),
    }),
    overdueEntries: z.number().int().meta({ description: "Rent instalments unpaid after their due date" }),
  })
  .strict()
  .meta({ id: "RentSummary" });
