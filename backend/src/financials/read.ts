/**
 * Reading financial periods. Closed periods (with their totals and statement) are public wherever the property is
 * visible; drafts only to the property's manager, compliance officers and admins. An invisible period is a 404.
 */
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import type { Db } from "../db/client.ts";
import type { FinancialPeriod, Property } from "../generated/prisma/client.ts";
import { NotFoundError } from "../core/errors.ts";
import { canManage, canSee, loadVisible } from "../properties/access.ts";

export function canReadDrafts(actor: Actor | null, property: Pick<Property, "ownerId" | "managerId">): boolean {
  return canManage(actor, property) || hasRole(actor, "COMPLIANCE_OFFICER");
}

export function canViewPeriod(
  actor: Actor | null,
  property: Pick<Property, "ownerId" | "managerId" | "status">,
  period: Pick<FinancialPeriod, "status">,
): boolean {
  return canSee(actor, property) && (period.status === "CLOSED" || canReadDrafts(actor, property));
}

/** Periods of a property, newest month first, each month's adjustments after it. */
export async function listPeriods(db: Db, actor: Actor | null, propertyId: string) {
  const property = await loadVisible(db, actor, propertyId);
  return db.financialPeriod.findMany({
    where: { propertyId, ...(canReadDrafts(actor, property) ? {} : { status: "CLOSED" }) },
    include: { lines: true },
    orderBy: [{ year: "desc" }, { month: "desc" }, { sequence: "asc" }],
  });
}

export async function getPeriod(db: Db, actor: Actor | null, id: string) {
  const period = await db.financialPeriod.findUnique({
    where: { id },
    include: { lines: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] }, property: true },
  });
  if (!period || !canViewPeriod(actor, period.property, period)) throw new NotFoundError("financial period", id);
  const { property: _property, ...rest } = period;
  return rest;
}

/** The closed period's statement: the exact bytes whose SHA-256 was stored and anchored. */
export async function periodStatement(db: Db, actor: Actor | null, id: string) {
  const period = await db.financialPeriod.findUnique({ where: { id }, include: { property: true } });
  if (!period || !canViewPeriod(actor, period.property, period) || !period.statement || !period.statementSha256)
    throw new NotFoundError("financial statement", id);
  return { text: period.statement, sha256: period.statementSha256, period };
}

/**
 * The period of each month that counts: the closed one with the highest sequence (its latest restatement), of the
 * periods closed before `asOf` when given.
 */
export async function countingClosedPeriods(db: Db, propertyId: string, asOf?: Date): Promise<FinancialPeriod[]> {
  const closed = await db.financialPeriod.findMany({
    where: { propertyId, status: "CLOSED", ...(asOf ? { closedAt: { lt: asOf } } : {}) },
    orderBy: [{ year: "desc" }, { month: "desc" }, { sequence: "desc" }],
  });
  return closed.filter((p, i) => i === 0 || closed[i - 1]!.year !== p.year || closed[i - 1]!.month !== p.month);
}

/**
 * The property's cash reserves as its closed periods state them: the reserve contributions of every month's
 * counting period, summed, as of the latest closed month (of the periods closed before `asOf` when given). null while
 * no period is closed.
 */
export async function closedReserves(
  db: Db,
  propertyId: string,
  asOf?: Date,
): Promise<{ amount: bigint; period: FinancialPeriod } | null> {
  const counting = await countingClosedPeriods(db, propertyId, asOf);
  const latest = counting[0];
  if (!latest) return null;
  return { amount: counting.reduce((total, p) => total + p.reserveContribution, 0n), period: latest };
}
