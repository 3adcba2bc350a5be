/**
 * The replies kept for Idempotency-Key retries (table `idempotency_records`, written by src/http/route.ts): a reply
 * is what the route answered, so it may carry personal data (a lease's tenant name and email, a display name, an
 * application's identity). It is kept encrypted like every other personal field (field-cipher.ts): the JSON body is
 * one envelope bound to the record's caller and key (`idempotency-reply:["<scope>","<key>"]`), so a ciphertext
 * copied to another record does not decrypt, with its key id for rotation.
 *
 * A reply serves retries only within REPLAY_WINDOW_MS of its request: an older record is ignored by the lookup (the
 * key then starts a new request, as after Stripe's 24 hours), replaced by the next request with its key, and
 * deleted by the periodic purge (startReplyPurgeJob). Key rotation re-encrypts the records still in the window
 * (idempotencyReplyRotationSource, run by src/kyc/key-rotation.ts), so an old key can be retired right after a
 * rotation, as for the other fields. Replies stored in clear by earlier versions are encrypted by a migration step
 * (IDEMPOTENCY_REPLY_MIGRATION) or, outside the window, deleted.
 */
import type pg from "pg";
import type { Db, Tx } from "../db/client.ts";
import type { MigrationSteps } from "../db/migrate.ts";
import { startPeriodicJob, type PeriodicJob } from "../jobs/periodic.ts";
import { decryptJson, encryptJson, keyIdOf } from "./field-cipher.ts";
import type { KeyRing } from "./key-ring.ts";
import { compareAndSwapBatch } from "./compare-and-swap-batch.ts";
import type { EncryptedRecord, RotationSource } from "./key-rotation.ts";

/** How long a reply is replayed to retries of its request: 24 hours. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How often the purge deletes the records older than the window. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** The encryption context of a record's reply: its caller (`scope`) and key, unambiguously. */
export const replyContext = (scope: string, key: string): string => `idempotency-reply:${JSON.stringify([scope, key])}`;

/** The oldest `createdAt` of a record still in the replay window at `now`. */
export const windowStart = (now: Date = new Date()): Date => new Date(now.getTime() - REPLAY_WINDOW_MS);

export interface SealedReply {
  responseCiphertext: string;
  responseKeyId: string;
}

/** The columns that hold `body` (any JSON value; undefined is stored as null) for the record (scope, key). */
export function sealReply(ring: KeyRing, scope: string, key: string, body: unknown): SealedReply {
  const responseCiphertext = encryptJson(ring, body ?? null, replyContext(scope, key));
  return { responseCiphertext, responseKeyId: keyIdOf(responseCiphertext) };
}

/** The reply's body, from the record's row. */
export function openReply(ring: KeyRing, record: { scope: string; key: string; responseCiphertext: string }): unknown {
  return decryptJson(ring, record.responseCiphertext, replyContext(record.scope, record.key));
}

export interface StoredReply {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** The reply stored for (scope, key) within the window, decrypted; undefined when there is none. */
export async function findStoredReply(
  db: Db | Tx,
  ring: KeyRing,
  scope: string,
  key: string,
  since: Date,
): Promise<StoredReply | undefined> {
  const found = await db.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
  if (!found || found.createdAt < since) return undefined;
  return { requestHash: found.requestHash, statusCode: found.statusCode, body: openReply(ring, found) };
}

/**
 * Stores the reply of the request (scope, key), sealed, in the caller's transaction; a record of that key older than
 * `since` (outside the window, not yet purged) is replaced.
 */
export async function storeReply(
  tx: Tx,
  ring: KeyRing,
  record: { scope: string; key: string; method: string; path: string; requestHash: string; statusCode: number },
  body: unknown,
  since: Date,
): Promise<void> {
  await tx.idempotencyRecord.deleteMany({ where: { scope: record.scope, key: record.key, createdAt: { lt: since } } });
  await tx.idempotencyRecord.create({ data: { ...record, ...sealReply(ring, record.scope, record.key, body) } });
}

/** Deletes every record older than the window at `now`; returns how many. */
export async function purgeExpiredReplies(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: windowStart(now) } } });
  return count;
}

/** Purges the expired replies at start and every PURGE_INTERVAL_MS (src/server.ts). */
export function startReplyPurgeJob(options: {
  db: Db;
  logger: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  intervalMs?: number;
}): PeriodicJob<number> {
  const { db, logger } = options;
  return startPeriodicJob(
    async () => {
      const purged = await purgeExpiredReplies(db);
      if (purged > 0) logger.info({ purged }, "expired idempotency replies purged");
      return purged;
    },
    {
      intervalMs: options.intervalMs ?? PURGE_INTERVAL_MS,
      fallback: 0,
      atStart: true,
      onError: (error) => logger.error({ err: error }, "idempotency reply purge failed"),
    },
  );
}

/** A record's id for the rotation (its primary key, scope and key): a JSON pair, ordered like (scope, key). */
const recordId = (scope: string, key: string): string => JSON.stringify([scope, key]);
const parseRecordId = (id: string): [string, string] => JSON.parse(id) as [string, string];

/**
 * Key rotation of the stored replies, by key id, compare-and-swap on the envelope. Not audited: a reply is a copy
 * of an answer already given, kept for a day; the rotation's report counts them.
 */
export function idempotencyReplyRotationSource(db: Db): RotationSource {
  return {
    async fetchBatch(after, limit, currentKeyId): Promise<EncryptedRecord[]> {
      const [scope, key] = after === null ? [null, null] : parseRecordId(after);
      const rows = await db.$queryRaw<{ scope: string; key: string; responseCiphertext: string }[]>`
        SELECT scope, key, "responseCiphertext" FROM idempotency_records
        WHERE "responseKeyId" <> ${currentKeyId} AND (${scope}::text IS NULL OR (scope, key) > (${scope}, ${key}))
        ORDER BY scope, key LIMIT ${limit}`;
      return rows.map((r) => ({ id: recordId(r.scope, r.key), fields: { reply: r.responseCiphertext } }));
    },
    writeBatch: compareAndSwapBatch<Tx>({
      transaction: (work) => db.$transaction(work),
      versionField: "reply",
      swap: (tx, { id, expected, next }) => {
        const [scope, key] = parseRecordId(id);
        const reply = next["reply"] as string;
        return tx.idempotencyRecord.updateMany({
          where: { scope, key, responseCiphertext: expected as string },
          data: { responseCiphertext: reply, responseKeyId: keyIdOf(reply) },
        });
      },
    }),
    context: (id) => replyContext(...parseRecordId(id)),
  };
}

/** The migration that drops the plaintext replies (the one before it, `..._idempotency_reply_sealed`, adds the sealed ones). */
export const IDEMPOTENCY_REPLY_MIGRATION = "20261206170100_idempotency_reply_plaintext_dropped";

/**
 * Encrypts the plaintext replies of earlier versions still inside the window, before migration
 * IDEMPOTENCY_REPLY_MIGRATION deletes the older ones and drops the plaintext column. Returns how many.
 */
export async function sealLegacyReplies(client: pg.Client, ring: KeyRing): Promise<number> {
  const { rows } = await client.query<{ scope: string; key: string; body: unknown }>(
    // the database's clock, as the migration's DELETE of the older ones: no record falls between the two
    `SELECT scope, key, "responseBody" AS body FROM idempotency_records
     WHERE "responseCiphertext" IS NULL AND "createdAt" >= now() - make_interval(secs => $1) FOR UPDATE`,
    [REPLAY_WINDOW_MS / 1000],
  );
  for (const { scope, key, body } of rows) {
    const sealed = sealReply(ring, scope, key, body);
    await client.query(
      `UPDATE idempotency_records SET "responseCiphertext" = $3, "responseKeyId" = $4, "responseBody" = NULL
       WHERE scope = $1 AND key = $2`,
      [scope, key, sealed.responseCiphertext, sealed.responseKeyId],
    );
  }
  return rows.length;
}

export const legacyIdempotencyReplySteps = (ring: KeyRing): MigrationSteps => ({
  [IDEMPOTENCY_REPLY_MIGRATION]: async (client) => {
    await sealLegacyReplies(client, ring);
  },
});
