/** Profiles and role management. Every change is versioned (optimistic concurrency) and audited. */
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Db, Tx } from "../db/client.ts";
import { sealDisplayName } from "./display-name.ts";
import type { Role, User } from "../generated/prisma/client.ts";
import { afterCreatedAtId, decodeCursor, pageByCreatedAtId } from "../core/cursor.ts";
import { ForbiddenError, NotFoundError, RuleViolationError, VersionMismatchError } from "../core/errors.ts";

/** Conditional update on `version`: refuses with 412 when someone else changed the row first. */
async function updateVersioned(
  tx: Tx,
  id: string,
  expectedVersion: number,
  data: { displayNameCiphertext?: string | null; displayNameKeyId?: string | null; roles?: Role[] },
): Promise<User> {
  const result = await tx.user.updateMany({
    where: { id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (result.count === 0) {
    const current = await tx.user.findUnique({ where: { id }, select: { version: true } });
    if (!current) throw new NotFoundError("user", id);
    throw new VersionMismatchError(current.version);
  }
  return tx.user.findUniqueOrThrow({ where: { id } });
}

export async function updateProfile(
  tx: Tx,
  ring: KeyRing,
  actor: Actor,
  expectedVersion: number,
  changes: { displayName?: string | null | undefined },
): Promise<User> {
  const before = await tx.user.findUnique({ where: { id: actor.id } });
  if (!before) throw new NotFoundError("user", actor.id);
  const fields = Object.keys(changes).filter((k) => changes[k as keyof typeof changes] !== undefined);
  const data = changes.displayName === undefined ? {} : sealDisplayName(ring, actor.id, changes.displayName);
  const after = await updateVersioned(tx, actor.id, expectedVersion, data);
  // The profile is personal data: the audit records which fields changed, not their values.
  await recordAudit(tx, {
    actor,
    action: "user.profile_updated",
    entityType: "user",
    entityId: actor.id,
    before: { fields, version: before.version },
    after: { fields, version: after.version },
  });
  return after;
}

export async function setRoles(
  tx: Tx,
  actor: Actor,
  userId: string,
  expectedVersion: number,
  roles: Role[],
): Promise<User> {
  const before = await tx.user.findUnique({ where: { id: userId } });
  if (!before) throw new NotFoundError("user", userId);
  if (before.roles.includes("ADMIN") && !roles.includes("ADMIN")) {
    // Serialize admin removals so two admins cannot demote each other at once and leave none.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72616103)`;
    const admins = await tx.user.count({ where: { roles: { has: "ADMIN" } } });
    if (admins <= 1) throw new RuleViolationError("last_admin", "the registry must keep at least one admin");
  }
  const after = await updateVersioned(tx, userId, expectedVersion, { roles });
  await recordAudit(tx, {
    actor,
    action: "user.roles_changed",
    entityType: "user",
    entityId: userId,
    before: { roles: before.roles },
    after: { roles: after.roles },
  });
  return after;
}

/** The user behind a session just created or checked (it exists: the session references it). */
export async function signedInUser(db: Db | Tx, userId: string): Promise<User> {
  return db.user.findUniqueOrThrow({ where: { id: userId } });
}

export async function getUser(db: Db, actor: Actor, userId: string): Promise<User> {
  if (actor.id !== userId && !actor.roles.includes("ADMIN"))
    throw new ForbiddenError("you may only read your own user");
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError("user", userId);
  return user;
}

export async function listUsers(
  db: Db,
  query: { role?: Role | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: User[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, ["timestamp", "uuid"]);
  const items = await db.user.findMany({
    where: {
      ...(query.role ? { roles: { has: query.role } } : {}),
      ...afterCreatedAtId(after, "asc"),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  return pageByCreatedAtId(items, query.limit);
}
