/** Following a property: its followers are told when its offering opens (OFFERING_OPENED). */
import type { Actor } from "../auth/actor.ts";
import type { Db, Tx } from "../db/client.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import { loadVisible } from "../properties/access.ts";
import type { EventData } from "./events.ts";
import { notify } from "./notify.ts";

/** Follows a property the actor may see (one they may not see is a 404); following twice is one follow. */
export async function follow(tx: Tx, actor: Actor, propertyId: string): Promise<void> {
  await loadVisible(tx, actor, propertyId);
  // One statement, not Prisma's upsert (a read, then an insert that a concurrent copy of the PUT may beat: 409).
  await tx.propertyFollow.createMany({ data: [{ userId: actor.id, propertyId }], skipDuplicates: true });
}

export async function unfollow(tx: Tx, actor: Actor, propertyId: string): Promise<void> {
  await tx.propertyFollow.deleteMany({ where: { userId: actor.id, propertyId } });
}

export async function followedProperties(db: Db, actor: Actor): Promise<{ propertyId: string; since: Date }[]> {
  const rows = await db.propertyFollow.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({ propertyId: r.propertyId, since: r.createdAt }));
}

/** Notifies every follower of a property, once per `dedupeKey` each (a replayed chain range adds nothing). */
export async function notifyFollowers<E extends NotificationEvent>(
  tx: Tx,
  propertyId: string,
  event: E,
  data: EventData<E>,
  dedupeKey: string,
): Promise<number> {
  const followers = await tx.propertyFollow.findMany({ where: { propertyId }, select: { userId: true } });
  let notified = 0;
  for (const { userId } of followers) if (await notify(tx, { userId, event, data, dedupeKey })) notified += 1;
  return notified;
}
