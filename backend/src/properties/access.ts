/**
 * Who may see and who may change a property. Public statuses (verified onward, except archived) are visible to
 * everyone; drafts, submissions and rejections only to their owner and manager (while they hold the
 * PROPERTY_MANAGER role), compliance officers and admins.
 * An invisible property answers 404, not 403, so its existence does not leak.
 */
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import type pg from "pg";
import type { Db, Tx } from "../db/client.ts";
import { preparedRows } from "../db/prepared.ts";
import type { Property, PropertyStatus } from "../generated/prisma/client.ts";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";

export const PUBLIC_STATUSES: PropertyStatus[] = [
  "VERIFIED",
  "TOKENIZED",
  "OFFERING",
  "CLOSED",
  "REFUNDING",
  "FUNDED",
  "EXITED",
];

export function seesEverything(actor: Actor | null): boolean {
  return hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER");
}

/**
 * Owner or manager of record: the relation itself, whatever the actor's roles. Conflict-of-interest bars use it
 * (an officer who owns a property never verifies its title, even after a role change); rights do not.
 */
export function isStakeholder(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId">): boolean {
  return !!actor && (p.ownerId === actor.id || p.managerId === actor.id);
}

/** The role that stakeholder rights come with (issue 12.5: removing it removes them, see properties/README). */
export const STAKEHOLDER_ROLE = "PROPERTY_MANAGER" as const;

/**
 * Owner or manager of record who still holds the PROPERTY_MANAGER role: the one who may see the property before
 * it is public, move it through the workflow, draft and read its leases. A user whose role was removed keeps only
 * what everyone with their remaining roles has; the rights come back if the role does.
 */
export function actsAsStakeholder(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId">): boolean {
  return hasRole(actor, STAKEHOLDER_ROLE) && isStakeholder(actor, p);
}

export function canSee(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId" | "status">): boolean {
  return PUBLIC_STATUSES.includes(p.status) || seesEverything(actor) || actsAsStakeholder(actor, p);
}

/** Admins, and the owner or manager of the property who holds the PROPERTY_MANAGER role. */
export function canManage(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId">): boolean {
  return hasRole(actor, "ADMIN") || actsAsStakeholder(actor, p);
}

/** Prisma filter of the properties whose stakeholder rights the actor holds (none without the role). */
export function stakeholderPropertyFilter(
  actor: Actor,
): { OR: ({ ownerId: string } | { managerId: string })[] } | null {
  return hasRole(actor, STAKEHOLDER_ROLE) ? { OR: [{ ownerId: actor.id }, { managerId: actor.id }] } : null;
}

export async function loadVisible(db: Db | Tx, actor: Actor | null, id: string): Promise<Property> {
  const p = await db.property.findUnique({ where: { id } });
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  return p;
}

/** Who may see or manage a property: the columns the access rules read. */
export type PropertyParties = Pick<Property, "id" | "ownerId" | "managerId" | "status">;

/**
 * `loadVisible` for hot read paths on the pool (db/prepared.ts): only the columns the access rules read, and the
 * same 404 for a property the caller may not see.
 */
export async function loadVisibleParties(pool: pg.Pool, actor: Actor | null, id: string): Promise<PropertyParties> {
  const [p] = await preparedRows<PropertyParties>(
    pool,
    `SELECT id, "ownerId", "managerId", status FROM properties WHERE id = $1::uuid`,
    [id],
  );
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  return p;
}

/** Loads for a change by its owner/manager/admin, locking the row for the rest of the transaction. */
export async function loadManaged(tx: Tx, actor: Actor | null, id: string): Promise<Property> {
  const p = await lockProperty(tx, id);
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  if (!canManage(actor, p))
    throw new ForbiddenError("only the owner, the manager or an admin may change this property");
  return p;
}

/** SELECT ... FOR UPDATE through Prisma: serializes concurrent changes to one property. */
export async function lockProperty(tx: Tx, id: string): Promise<Property | null> {
  await tx.$executeRaw`SELECT 1 FROM properties WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.property.findUnique({ where: { id } });
}
