/** Email on/off per event (in-app is always on). No stored row means email on. */
import type { Actor } from "../auth/actor.ts";
import type { Db, Tx } from "../db/client.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import { NOTIFICATION_EVENTS } from "./events.ts";

export interface Preference {
  event: NotificationEvent;
  inApp: true;
  email: boolean;
}

export async function listPreferences(db: Db | Tx, userId: string): Promise<Preference[]> {
  const stored = await db.notificationPreference.findMany({ where: { userId } });
  const email = new Map(stored.map((p) => [p.event, p.email]));
  return NOTIFICATION_EVENTS.map((event) => ({ event, inApp: true, email: email.get(event) ?? true }));
}

/** Sets the events named (others unchanged); returns every event's preference. */
export async function setPreferences(
  tx: Tx,
  actor: Actor,
  changes: { event: NotificationEvent; email: boolean }[],
): Promise<Preference[]> {
  for (const change of changes) await setEmailPreference(tx, actor.id, change.event, change.email);
  return listPreferences(tx, actor.id);
}

export async function setEmailPreference(tx: Tx, userId: string, event: NotificationEvent, email: boolean) {
  await tx.notificationPreference.upsert({
    where: { userId_event: { userId, event } },
    create: { userId, event, email },
    update: { email },
  });
}
