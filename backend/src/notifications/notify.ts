/**
 * `notify`: the one way an event reaches a person. Called with the transaction of the business change, so the
 * in-app row and the email outbox row commit (or roll back) with it. Email is queued only when the person keeps
 * email on for that event and has a verified address; the worker (delivery/) sends it later.
 */
import type { Tx } from "../db/client.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import { EVENT_DATA, type EventData } from "./events.ts";

export interface NotifyInput<E extends NotificationEvent> {
  userId: string;
  event: E;
  data: EventData<E>;
  /** One notification per user and key: a producer that may see one fact twice passes a key naming the fact. */
  dedupeKey?: string;
}

export interface Notified {
  notificationId: string;
  emailQueued: boolean;
}

/** Writes the in-app notification and, if allowed, its email; null when `dedupeKey` was already notified. */
export async function notify<E extends NotificationEvent>(tx: Tx, input: NotifyInput<E>): Promise<Notified | null> {
  // A producer's bug (personal data, a wrong shape) fails its own transaction here rather than reaching a person.
  const data = EVENT_DATA[input.event].parse(input.data) as object;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO notifications (id, "userId", event, data, "dedupeKey")
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.event}::"NotificationEvent", ${JSON.stringify(data)}::jsonb,
            ${input.dedupeKey ?? null})
    ON CONFLICT ("userId", "dedupeKey") DO NOTHING
    RETURNING id`;
  const row = rows[0];
  if (!row) return null;
  const emailQueued = await emailAllowed(tx, input.userId, input.event);
  if (emailQueued) {
    await tx.emailOutbox.create({
      data: { userId: input.userId, purpose: "NOTIFICATION", notificationId: row.id },
    });
  }
  return { notificationId: row.id, emailQueued };
}

async function emailAllowed(tx: Tx, userId: string, event: NotificationEvent): Promise<boolean> {
  const contact = await tx.emailContact.findUnique({ where: { userId }, select: { verifiedAt: true } });
  if (!contact?.verifiedAt) return false;
  const preference = await tx.notificationPreference.findUnique({
    where: { userId_event: { userId, event } },
    select: { email: true },
  });
  return preference?.email ?? true;
}
