/**
 * Who may see and who may change a property. Public statuses (verified onward, except archived) are visible to
 * everyone; drafts, submissions and rejections only to their owner and manager, compliance officers and admins.
 * An invisible property answers 404, not 403, so its existence does not leak.
 */
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import type { Db, Tx } from "../db/client.ts";
import type { Property, PropertyStatus } from "../generated/prisma/client.ts";
import { ForbiddenError, NotFoundError } from "../http/errors.ts";

export const PUBLIC_STATUSES: PropertyStatus[] = ["VERIFIED", "TOKENIZED", "OFFERING", "CLOSED", "REFUNDING", "FUNDED"];

export function seesEverything(actor: Actor | null): boolean {
  return hasRole(actor, "ADMIN", "COMPLIANCE_OFFICER");
}

export function isStakeholder(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId">): boolean {
  return !!actor && (p.ownerId === actor.id || p.managerId === actor.id);
}

export function canSee(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId" | "status">): boolean {
  return PUBLIC_STATUSES.includes(p.status) || seesEverything(actor) || isStakeholder(actor, p);
}

/** Admins, and the owner or manager of the property. */
export function canManage(actor: Actor | null, p: Pick<Property, "ownerId" | "managerId">): boolean {
  return hasRole(actor, "ADMIN") || isStakeholder(actor, p);
}

export async function loadVisible(db: Db | Tx, actor: Actor | null, id: string): Promise<Property> {
  const p = await db.property.findUnique({ where: { id } });
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  return p;
}

/** Loads for a change by its owner/manager/admin, locking the row for the rest of the transaction. */
export async function loadManaged(tx: Tx, actor: Actor | null, id: string): Promise<Property> {
  const p = await lockProperty(tx, id);
  if (!p || !canSee(actor, p)) throw new NotFoundError("property", id);
  if (!canManage(actor, p)) throw new ForbiddenError("only the owner, the manager or an admin may change this property");
  return p;
}

/** SELECT ... FOR UPDATE through Prisma: serializes concurrent changes to one property. */
export async function lockProperty(tx: Tx, id: string): Promise<Property | null> {
  await tx.$executeRaw`SELECT 1 FROM properties WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.property.findUnique({ where: { id } });
}
