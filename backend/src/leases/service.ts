/**
 * Lease rules. A lease is drafted on a unit of a property, activated (which generates its rent schedule and
 * claims the unit: at most one ACTIVE lease per unit, enforced by a partial unique index too), then terminated,
 * expired or, as a draft, cancelled. Payments are recorded against schedule entries; overpaying an entry is
 * refused. Net rent collected per month (payments minus withheld fees) is what a manager distributes.
 */
import type { z } from "zod";
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import type { Config } from "../config/index.ts";
import type { Db, Tx } from "../db/client.ts";
import { Prisma, type Lease, type LeaseStatus } from "../generated/prisma/client.ts";
import { afterCreatedAtId, decodeCursor, pageByCreatedAtId } from "../core/cursor.ts";
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionMismatchError,
} from "../core/errors.ts";
import { parseDateOnly, toDateOnly } from "../core/schemas.ts";
import { canManage, lockProperty, stakeholderPropertyFilter } from "../properties/access.ts";
import { MAX_LINE_MINOR_UNITS, toMinor } from "../financials/schemas.ts";
import { monthBounds } from "../financials/statement.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { daysBetween, entryStatus, generateSchedule, monthlyRent } from "./schedule.ts";
import { newLeaseWithContact } from "./tenant-contact.ts";
import type {
  CreateLeaseBody,
  LeaseTransitionBody,
  ListLeasesQuery,
  PaymentBody,
  ScheduleEntryView,
} from "./schemas.ts";

const Decimal = Prisma.Decimal;

type PropertyRef = { ownerId: string; managerId: string | null };

function canRead(actor: Actor, lease: Pick<Lease, "tenantUserId">, property: PropertyRef): boolean {
  return canManage(actor, property) || hasRole(actor, "COMPLIANCE_OFFICER") || lease.tenantUserId === actor.id;
}

export async function createLease(
  tx: Tx,
  config: Config,
  actor: Actor,
  input: z.infer<typeof CreateLeaseBody>,
): Promise<Lease> {
  const property = await lockProperty(tx, input.propertyId);
  if (!property || !(canManage(actor, property) || hasRole(actor, "COMPLIANCE_OFFICER")))
    throw new NotFoundError("property", input.propertyId);
  if (!canManage(actor, property))
    throw new ForbiddenError("leases are drafted by the property's owner, manager or an admin");
  if (property.status === "ARCHIVED")
    throw new RuleViolationError("property_archived", "an archived property cannot be leased");
  const unit = await tx.propertyUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || unit.propertyId !== property.id)
    throw new ValidationError("unitId must name a unit of this property", [
      { path: "body.unitId", message: "unknown unit" },
    ]);
  if (input.currency !== property.currency)
    throw new RuleViolationError("currency_mismatch", `rents of this property are in ${property.currency}`);
  const maxDeposit = monthlyRent(input.rentAmount, input.frequency)
    .mul(config.leaseMaxDepositMonths)
    .toDecimalPlaces(2, Decimal.ROUND_DOWN);
  if (new Decimal(input.depositAmount).gt(maxDeposit)) {
    throw new RuleViolationError(
      "deposit_limit",
      `the deposit may not exceed ${config.leaseMaxDepositMonths} months of rent (${maxDeposit.toFixed(2)} ${input.currency})`,
    );
  }
  // What activation will need, checked now: at most MAX_PERIODS periods, every escalated rent fits the money column.
  generateSchedule({ ...input, startDate: parseDateOnly(input.startDate), endDate: parseDateOnly(input.endDate) });
  if (input.tenantUserId && !(await tx.user.findUnique({ where: { id: input.tenantUserId }, select: { id: true } }))) {
    throw new ValidationError("tenantUserId does not name a user", [
      { path: "body.tenantUserId", message: "unknown user" },
    ]);
  }
  const contact = { tenantName: input.tenantName, tenantEmail: input.tenantEmail ?? null };
  const lease = await tx.lease.create({
    data: {
      ...newLeaseWithContact(keyRingFromConfig(config.kycKeys), contact),
      propertyId: property.id,
      unitId: unit.id,
      tenantUserId: input.tenantUserId ?? null,
      startDate: parseDateOnly(input.startDate),
      endDate: parseDateOnly(input.endDate),
      rentAmount: input.rentAmount,
      currency: input.currency,
      frequency: input.frequency,
      dueDay: input.dueDay,
      depositAmount: input.depositAmount,
      escalationPercent: input.escalationPercent,
      noticePeriodDays: input.noticePeriodDays,
      createdById: actor.id,
    },
  });
  // Tenant contact details are personal data: the audit keeps the lease terms, not the name or email (nor their
  // envelopes, which an audit entry would keep under a key the rotation could never retire).
  const { tenantNameCiphertext: _name, tenantEmailCiphertext: _email, tenantKeyId: _key, ...terms } = lease;
  await recordAudit(tx, { actor, action: "lease.drafted", entityType: "lease", entityId: lease.id, after: terms });
  return lease;
}

async function loadLease(db: Db | Tx, actor: Actor, id: string, lock = false) {
  if (lock) await (db as Tx).$executeRaw`SELECT 1 FROM leases WHERE id = ${id}::uuid FOR UPDATE`;
  const lease = await db.lease.findUnique({
    where: { id },
    include: { property: { select: { ownerId: true, managerId: true, status: true } } },
  });
  if (!lease || !canRead(actor, lease, lease.property)) throw new NotFoundError("lease", id);
  return lease;
}

export async function getLease(db: Db, actor: Actor, id: string): Promise<Lease> {
  const { property: _p, ...lease } = await loadLease(db, actor, id);
  return lease;
}

const LEASE_MOVES: Record<string, LeaseStatus[]> = {
  DRAFT: ["ACTIVE", "CANCELLED"],
  ACTIVE: ["TERMINATED", "EXPIRED"],
};

export async function transitionLease(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  move: z.infer<typeof LeaseTransitionBody>,
  today: Date,
): Promise<Lease> {
  const lease = await loadLease(tx, actor, id, true);
  if (!canManage(actor, lease.property))
    throw new ForbiddenError("only the property's owner, manager or an admin may change a lease");
  if (!(LEASE_MOVES[lease.status] ?? []).includes(move.to))
    throw new InvalidTransitionError("lease", lease.status, move.to);
  const data: Prisma.LeaseUncheckedUpdateInput = { status: move.to };
  if (move.to === "ACTIVE") {
    if (lease.property.status === "ARCHIVED")
      throw new RuleViolationError("property_archived", "an archived property cannot be leased");
    const occupied = await tx.lease.findFirst({
      where: { unitId: lease.unitId, status: "ACTIVE" },
      select: { id: true },
    });
    if (occupied)
      throw new RuleViolationError("unit_occupied", `the unit already has an active lease (${occupied.id})`);
    data.activatedAt = new Date();
    const periods = generateSchedule(lease);
    await tx.rentScheduleEntry.createMany({ data: periods.map((p) => ({ leaseId: id, ...p })) });
  }
  if (move.to === "TERMINATED") {
    if (!move.effectiveOn || !move.reason)
      throw new ValidationError("termination needs effectiveOn and a reason", [
        { path: "body.effectiveOn", message: "required" },
        { path: "body.reason", message: "required" },
      ]);
    const effective = parseDateOnly(move.effectiveOn);
    if (effective <= lease.startDate || effective > lease.endDate)
      throw new RuleViolationError(
        "termination_date",
        "the termination date must fall after the start and not after the end of the lease",
      );
    // Periods that begin on or after the termination date are dropped; one that straddles it is kept as scheduled.
    const later = await tx.rentScheduleEntry.findMany({
      where: { leaseId: id, periodStart: { gte: effective } },
      select: { id: true, _count: { select: { payments: true } } },
    });
    if (later.some((e) => e._count.payments > 0))
      throw new RuleViolationError(
        "payments_after_termination",
        "payments were recorded for periods after the termination date",
      );
    await tx.rentScheduleEntry.deleteMany({ where: { id: { in: later.map((e) => e.id) } } });
    data.terminatedOn = effective;
    data.terminationReason = move.reason;
  }
  if (move.to === "EXPIRED" && today < lease.endDate)
    throw new RuleViolationError("not_ended", `the lease runs until ${toDateOnly(lease.endDate)}`);
  const result = await tx.lease.updateMany({
    where: { id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } } as Prisma.LeaseUncheckedUpdateManyInput,
  });
  if (result.count === 0) throw new VersionMismatchError(lease.version);
  const after = await tx.lease.findUniqueOrThrow({ where: { id } });
  await recordAudit(tx, {
    actor,
    action: "lease.status_changed",
    entityType: "lease",
    entityId: id,
    before: { status: lease.status },
    after: { status: after.status, terminatedOn: toDateOnly(after.terminatedOn), reason: move.reason ?? null },
  });
  return after;
}

/**
 * A month's rent collected (net of fees) becomes the RENT line of that month's financial period, which holds at most
 * MAX_LINE_MINOR_UNITS. A payment that would take its month past it is refused here: recorded, it would leave the
 * month impossible to draft or close, since no payment is ever corrected or deleted. The property is locked so two
 * leases' payments of one month are counted one after the other.
 */
async function refuseMonthPastLineBound(tx: Tx, propertyId: string, input: z.infer<typeof PaymentBody>) {
  await lockProperty(tx, propertyId);
  const paidOn = parseDateOnly(input.paidOn);
  const { start, end } = monthBounds(paidOn.getUTCFullYear(), paidOn.getUTCMonth() + 1);
  const month = await collectedByMonth(tx, propertyId, start, end);
  const net = new Decimal(month.totals.net).plus(input.amount).minus(input.fees);
  if (toMinor(net.toFixed(2)) > MAX_LINE_MINOR_UNITS)
    throw new RuleViolationError(
      "rent_too_large",
      `this payment would take the rent collected in ${toDateOnly(start)!.slice(0, 7)} to ${net.toFixed(2)}, more than a month's financial statement holds (${new Decimal(MAX_LINE_MINOR_UNITS.toString()).dividedBy(100).toFixed(2)})`,
    );
}

export async function recordPayment(tx: Tx, actor: Actor, id: string, input: z.infer<typeof PaymentBody>) {
  const lease = await loadLease(tx, actor, id, true);
  if (!canManage(actor, lease.property))
    throw new ForbiddenError("payments are recorded by the property's owner, manager or an admin");
  if (lease.status === "DRAFT" || lease.status === "CANCELLED")
    throw new RuleViolationError("lease_not_active", `no rent is due on a ${lease.status} lease`);
  const entry = await tx.rentScheduleEntry.findUnique({ where: { id: input.scheduleEntryId } });
  if (!entry || entry.leaseId !== id)
    throw new ValidationError("scheduleEntryId must name an entry of this lease's schedule", [
      { path: "body.scheduleEntryId", message: "unknown entry" },
    ]);
  const paid = await tx.rentPayment.aggregate({ where: { scheduleEntryId: entry.id }, _sum: { amount: true } });
  const already = paid._sum.amount ?? new Decimal(0);
  if (already.plus(input.amount).gt(entry.amountDue)) {
    throw new RuleViolationError(
      "overpayment",
      `only ${entry.amountDue.minus(already).toFixed(2)} ${lease.currency} is outstanding for this period`,
    );
  }
  await refuseMonthPastLineBound(tx, lease.propertyId, input);
  const payment = await tx.rentPayment.create({
    data: {
      leaseId: id,
      scheduleEntryId: entry.id,
      amount: input.amount,
      fees: input.fees,
      paidOn: parseDateOnly(input.paidOn),
      method: input.method,
      reference: input.reference ?? null,
      recordedById: actor.id,
    },
  });
  await recordAudit(tx, { actor, action: "lease.payment_recorded", entityType: "lease", entityId: id, after: payment });
  return payment;
}

export async function getSchedule(
  db: Db,
  actor: Actor,
  id: string,
  asOf: Date,
): Promise<z.infer<typeof ScheduleEntryView>[]> {
  await loadLease(db, actor, id);
  const entries = await db.rentScheduleEntry.findMany({
    where: { leaseId: id },
    orderBy: { periodStart: "asc" },
    include: { payments: { select: { amount: true } } },
  });
  return entries.map((e) => presentEntry(e, asOf));
}

function presentEntry(
  e: {
    id: string;
    leaseId: string;
    periodStart: Date;
    periodEnd: Date;
    dueDate: Date;
    amountDue: Prisma.Decimal;
    payments: { amount: Prisma.Decimal }[];
  },
  asOf: Date,
): z.infer<typeof ScheduleEntryView> {
  const paid = e.payments.reduce((sum, p) => sum.plus(p.amount), new Decimal(0));
  const status = entryStatus(e.amountDue, paid, e.dueDate, e.periodStart, asOf);
  return {
    id: e.id,
    leaseId: e.leaseId,
    periodStart: toDateOnly(e.periodStart) ?? "",
    periodEnd: toDateOnly(e.periodEnd) ?? "",
    dueDate: toDateOnly(e.dueDate) ?? "",
    amountDue: e.amountDue.toFixed(2),
    paid: paid.toFixed(2),
    outstanding: e.amountDue.minus(paid).toFixed(2),
    status,
    daysOverdue: status === "OVERDUE" ? daysBetween(e.dueDate, asOf) : 0,
  };
}

/** Overdue entries of leases the actor manages (all for admins and officers), as of a date. */
export async function listOverdue(db: Db, actor: Actor, asOf: Date, propertyId: string | undefined) {
  // a former manager (role removed) has no stakeholder scope: nothing (issue 12.5)
  const stake = stakeholderPropertyFilter(actor);
  const scope: Prisma.LeaseWhereInput = hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER")
    ? {}
    : stake
      ? { property: stake }
      : { id: { in: [] } };
  return overdueEntries(db, { ...scope, ...(propertyId ? { propertyId } : {}) }, asOf, 1_000);
}

/**
 * Schedule entries of the leases matching `leases` that are unpaid (in full) after their due date, as of `asOf`.
 * Drafts and cancelled leases owe nothing; terminated and expired ones still owe what fell due while they ran.
 */
export async function overdueEntries(db: Db, leases: Prisma.LeaseWhereInput, asOf: Date, take?: number) {
  const entries = await db.rentScheduleEntry.findMany({
    where: { dueDate: { lt: asOf }, lease: { ...leases, status: { in: ["ACTIVE", "TERMINATED", "EXPIRED"] } } },
    include: { payments: { select: { amount: true } } },
    orderBy: [{ dueDate: "asc" }, { id: "asc" }],
    ...(take ? { take } : {}),
  });
  return entries.map((e) => presentEntry(e, asOf)).filter((e) => e.status === "OVERDUE");
}

/** Leases of the properties the actor holds stakeholder rights on (none without the PROPERTY_MANAGER role). */
function withStakeholderScope(actor: Actor): Prisma.LeaseWhereInput[] {
  const stake = stakeholderPropertyFilter(actor);
  return stake ? [{ property: stake }] : [];
}

export async function listLeases(
  db: Db,
  actor: Actor,
  query: z.infer<typeof ListLeasesQuery>,
): Promise<{ items: Lease[]; nextCursor: string | null }> {
  const scope: Prisma.LeaseWhereInput = hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER")
    ? {}
    : { OR: [{ tenantUserId: actor.id }, ...withStakeholderScope(actor)] };
  const after = decodeCursor(query.cursor, ["timestamp", "uuid"]);
  const items = await db.lease.findMany({
    where: {
      AND: [
        scope,
        query.propertyId ? { propertyId: query.propertyId } : {},
        query.unitId ? { unitId: query.unitId } : {},
        query.status ? { status: query.status } : {},
        afterCreatedAtId(after, "desc"),
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  return pageByCreatedAtId(items, query.limit);
}

/** Gross, fees and net rent collected per calendar month (by payment date) in [from, to). */
export async function rentCollected(db: Db, actor: Actor, propertyId: string, from: Date, to: Date) {
  const property = await db.property.findUnique({ where: { id: propertyId } });
  if (!property || !(canManage(actor, property) || hasRole(actor, "COMPLIANCE_OFFICER")))
    throw new NotFoundError("property", propertyId);
  return { propertyId, currency: property.currency, ...(await collectedByMonth(db, propertyId, from, to)) };
}

/** Payments on the property's leases paid in [from, to), summed per calendar month (only months with payments). */
export async function collectedByMonth(db: Db | Tx, propertyId: string, from: Date, to: Date) {
  const payments = await db.rentPayment.findMany({
    where: { lease: { propertyId }, paidOn: { gte: from, lt: to } },
    select: { amount: true, fees: true, paidOn: true },
  });
  const months = new Map<string, { gross: Prisma.Decimal; fees: Prisma.Decimal; payments: number }>();
  for (const p of payments) {
    const key = toDateOnly(p.paidOn)!.slice(0, 7);
    const m = months.get(key) ?? { gross: new Decimal(0), fees: new Decimal(0), payments: 0 };
    months.set(key, { gross: m.gross.plus(p.amount), fees: m.fees.plus(p.fees), payments: m.payments + 1 });
  }
  const periods = [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, m]) => ({
      month,
      gross: m.gross.toFixed(2),
      fees: m.fees.toFixed(2),
      net: m.gross.minus(m.fees).toFixed(2),
      payments: m.payments,
    }));
  const gross = payments.reduce((s, p) => s.plus(p.amount), new Decimal(0));
  const fees = payments.reduce((s, p) => s.plus(p.fees), new Decimal(0));
  return { periods, totals: { gross: gross.toFixed(2), fees: fees.toFixed(2), net: gross.minus(fees).toFixed(2) } };
}
