/** The in-app inbox: a user's own notifications only (another user's id is a 404, like one that does not exist). */
import type { Actor } from "../auth/actor.ts";
import type { Db, Tx } from "../db/client.ts";
import type { Notification } from "../generated/prisma/client.ts";
import { afterCreatedAtId, decodeCursor, pageByCreatedAtId } from "../core/cursor.ts";
import { NotFoundError } from "../core/errors.ts";

export interface InboxPage {
  items: Notification[];
  nextCursor: string | null;
}

/** Newest first, keyset paged on (createdAt, id) descending. */
export async function listInbox(
  db: Db,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
): Promise<InboxPage> {
  const after = decodeCursor(query.cursor, ["timestamp", "uuid"]);
  const rows = await db.notification.findMany({
    where: { userId: actor.id, ...(query.unread ? { readAt: null } : {}), ...afterCreatedAtId(after, "desc") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  return pageByCreatedAtId(rows, query.limit);
}

export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  return db.notification.count({ where: { userId: actor.id, readAt: null } });
}

/** Marks one of the actor's notifications read (idempotent: reading it again keeps the first time). */
export async function markRead(tx: Tx, actor: Actor, id: string): Promise<Notification> {
  const found = await tx.notification.findFirst({ where: { id, userId: actor.id } });
  if (!found) throw new NotFoundError("notification", id);
  if (found.readAt) return found;
  return tx.notification.update({ where: { id }, data: { readAt: new Date() } });
}

export async function markAllRead(tx: Tx, actor: Actor): Promise<number> {
  const { count } = await tx.notification.updateMany({
    where: { userId: actor.id, readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}
