/**
 * `notify`: the one way an event reaches a person. Called with the transaction of the business change, so the
 * in-app row and the email outbox row commit (or roll back) with it. Email is queued only when the person keeps
 * email on for that event and has a verified address; the worker (delivery/) sends it later.
 *
 * Written in plain SQL so that both a Prisma transaction (`notify`) and a pg client inside the chain sync's own
 * transaction (`notifySql`) write it the same way.
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
  /** The chain sync's range (chain, last block) that produced it: a rollback of that range deletes it. */
  chain?: { chainId: number; block: number };
}

export interface Notified {
  notificationId: string;
  emailQueued: boolean;
}

/** What `notifySql` needs: a pg client (or pool) in the caller's transaction. */
export interface NotifySql {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A Prisma transaction as `NotifySql`. */
export function prismaSql(tx: Tx): NotifySql {
  return {
    query: async <R extends object>(text: string, values: unknown[] = []) => ({
      rows: await tx.$queryRawUnsafe<R[]>(text, ...values),
    }),
  };
}

/** Writes the in-app notification and, if allowed, its email; null when `dedupeKey` was already notified. */
export async function notify<E extends NotificationEvent>(tx: Tx, input: NotifyInput<E>): Promise<Notified | null> {
  return notifySql(prismaSql(tx), input);
}

export async function notifySql<E extends NotificationEvent>(
  sql: NotifySql,
  input: NotifyInput<E>,
): Promise<Notified | null> {
  // A producer's bug (personal data, a wrong shape) fails its own transaction here rather than reaching a person.
  const data = EVENT_DATA[input.event].parse(input.data) as object;
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO notifications (id, "userId", event, data, "dedupeKey", "chainId", "chainBlock", "createdAt")
     VALUES (gen_random_uuid(), $1::uuid, $2::"NotificationEvent", $3::jsonb, $4, $5::int, $6::int, now() AT TIME ZONE 'UTC')
     ON CONFLICT ("userId", "dedupeKey") DO NOTHING
     RETURNING id::text`,
    [
      input.userId,
      input.event,
      JSON.stringify(data),
      input.dedupeKey ?? null,
      input.chain?.chainId ?? null,
      input.chain?.block ?? null,
    ],
  );
  const row = rows[0];
  if (!row) return null;
  // Email only to a verified address, and unless the person turned this event's email off (no row: on).
  const queued = await sql.query<{ id: string }>(
    `INSERT INTO email_outbox (id, "userId", purpose, "notificationId", "nextAttemptAt", "createdAt")
     SELECT gen_random_uuid(), $1::uuid, 'NOTIFICATION', $2::uuid, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
     WHERE EXISTS (SELECT 1 FROM email_contacts c WHERE c."userId" = $1::uuid AND c."verifiedAt" IS NOT NULL)
       AND COALESCE((SELECT p.email FROM notification_preferences p WHERE p."userId" = $1::uuid AND p.event = $3::"NotificationEvent"), true)
     RETURNING id::text`,
    [input.userId, row.id, input.event],
  );
  return { notificationId: row.id, emailQueued: queued.rows.length > 0 };
}
