/**
 * Appending to and reading the audit trail. `recordAudit` must be called with the transaction that makes the
 * change it records, so the change and its audit entry commit (or vanish) together. Appends are serialized by a
 * transaction-scoped advisory lock so the chain never forks.
 */
import { isAuditAction } from "./actions.ts";
import type pg from "pg";
import type { Tx, Db } from "../db/client.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { parameters, preparedRows } from "../db/prepared.ts";
import { openDisplayName } from "../users/display-name.ts";
import type { Actor } from "../auth/actor.ts";
import { GENESIS_HASH, entryHash, toPlainJson, type ChainedContent } from "./chain.ts";
import type { CheckpointStore } from "./checkpoint.ts";
import { isoTimestamp } from "../db/json-text.ts";

const AUDIT_LOCK_KEY = 72_616_102;

export interface AuditInput {
  actor: Actor | null;
  /** Verb in `entity.verb` form, e.g. `property.created`, `title.verified`: one of actions.ts (checked). */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The next entry of the chain after `prev`: its content and hash. Its time is never before `prev`'s, even when the
 * wall clock stepped back (NTP, or instances whose clocks disagree): readers turn date ranges into seq ranges.
 */
function nextEntry(
  prev: { hash: string; at: Date } | undefined,
  input: AuditInput,
): { at: Date; content: ChainedContent; hash: string } {
  // A programming error, not a request's: an action outside the list would escape the trail's filter and labels.
  if (!isAuditAction(input.action)) throw new Error(`audit action ${input.action} is not in audit/actions.ts`);
  const now = new Date();
  const at = prev && prev.at > now ? prev.at : now;
  const content: ChainedContent = {
    prevHash: prev?.hash ?? GENESIS_HASH,
    at: at.toISOString(),
    actorId: input.actor?.id ?? null,
    actorAddress: input.actor?.address ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: toPlainJson(input.before),
    after: toPlainJson(input.after),
  };
  return { at, content, hash: entryHash(content) };
}

export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true, at: true } });
  const { at, content, hash } = nextEntry(last ?? undefined, input);
  await tx.auditEntry.create({
    data: {
      at,
      actorId: content.actorId,
      actorAddress: content.actorAddress,
      action: content.action,
      entityType: content.entityType,
      entityId: content.entityId,
      before: content.before ?? undefined,
      after: content.after ?? undefined,
      prevHash: content.prevHash,
      hash,
    } as never,
  });
}

/** `recordAudit` inside a plain pg transaction (the chain sync writes its ranges with SQL on the pool). */
export async function recordAuditSql(
  sql: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> },
  input: AuditInput,
): Promise<void> {
  await sql.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY]);
  // The time as epoch milliseconds: right whatever timestamp parser the caller's connection has.
  const { rows } = await sql.query(
    "SELECT hash, (extract(epoch FROM at) * 1000)::float8 AS ms FROM audit_entries ORDER BY seq DESC LIMIT 1",
  );
  const last = rows[0] as { hash: string; ms: number } | undefined;
  const { at, content, hash } = nextEntry(last && { hash: last.hash, at: new Date(last.ms) }, input);
  await sql.query(
    `INSERT INTO audit_entries (at, "actorId", "actorAddress", action, "entityType", "entityId", before, after, "prevHash", hash)
     VALUES ($1::timestamptz AT TIME ZONE 'UTC', $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
    [
      at.toISOString(),
      content.actorId,
      content.actorAddress,
      content.action,
      content.entityType,
      content.entityId,
      content.before == null ? null : JSON.stringify(content.before),
      content.after == null ? null : JSON.stringify(content.after),
      content.prevHash,
      hash,
    ],
  );
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
  headHash: string;
  /** First entry that breaks the chain, when invalid. */
  brokenAt?: { seq: number; reason: "hash_mismatch" | "link_broken" };
}

/** Recomputes every hash in order; any edited, inserted or removed entry breaks the chain. */
export async function verifyChain(db: Db | Tx, batchSize = 1_000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let count = 0;
  let afterSeq = 0;
  for (;;) {
    const batch = await db.auditEntry.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) break;
    for (const e of batch) {
      if (e.prevHash !== prevHash)
        return { valid: false, entries: count, headHash: prevHash, brokenAt: { seq: e.seq, reason: "link_broken" } };
      const recomputed = entryHash({
        prevHash: e.prevHash,
        at: e.at.toISOString(),
        actorId: e.actorId,
        actorAddress: e.actorAddress,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        before: e.before ?? null,
        after: e.after ?? null,
      });
      if (recomputed !== e.hash)
        return { valid: false, entries: count, headHash: prevHash, brokenAt: { seq: e.seq, reason: "hash_mismatch" } };
      prevHash = e.hash;
      count += 1;
      afterSeq = e.seq;
    }
  }
  return { valid: true, entries: count, headHash: prevHash };
}

/**
 * The tail against the latest signed checkpoint (src/audit/checkpoint.ts): `anchored` (the anchored entry is there
 * with its hash), `truncated` (it is gone), `rewritten` (it has another hash), `checkpoint_invalid` (the newest
 * checkpoint file is not signed by a configured key), `unanchored` (no checkpoint yet, or none configured).
 */
export type TailState = "anchored" | "unanchored" | "truncated" | "rewritten" | "checkpoint_invalid";

export interface TrailVerification extends ChainVerification {
  tail: TailState;
  checkpoint?: { seq: number; headHash: string; signedAt: string };
}

/** The hash chain, then its tail against the latest checkpoint; `valid` only when both hold. */
export async function verifyAuditTrail(db: Db, store: CheckpointStore | undefined): Promise<TrailVerification> {
  const chain = await verifyChain(db);
  const latest = store ? await store.latest() : ({ state: "none" } as const);
  if (latest.state === "none") return { ...chain, tail: "unanchored" };
  if (latest.state === "invalid") return { ...chain, valid: false, tail: "checkpoint_invalid" };
  const { seq, headHash, signedAt } = latest.checkpoint;
  const anchored = await db.auditEntry.findUnique({ where: { seq }, select: { hash: true } });
  const tail: TailState = !anchored ? "truncated" : anchored.hash !== headHash ? "rewritten" : "anchored";
  return { ...chain, valid: chain.valid && tail === "anchored", tail, checkpoint: { seq, headHash, signedAt } };
}

export interface AuditFilter {
  /** Oldest first (`asc`, paged with afterSeq) or newest first (`desc`, paged with beforeSeq). */
  order: "asc" | "desc";
  afterSeq: number;
  beforeSeq?: number | undefined;
  limit: number;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/**
 * The seq range of a date range, found on the `at` index: appends are serialized by one lock and stamp `at` inside
 * it, never before the previous entry's, so seq order is time order, and the range becomes a seq bound every filter
 * index (x, seq) can use. Entries of the same millisecond are all in: the first and the last by seq.
 */
async function seqRange(pool: pg.Pool, from: Date | undefined, to: Date | undefined) {
  const first = from
    ? await preparedRows<{ seq: number }>(
        pool,
        `SELECT seq FROM audit_entries WHERE at >= ($1::timestamptz AT TIME ZONE 'UTC') ORDER BY at ASC, seq ASC LIMIT 1`,
        [from.toISOString()],
      )
    : undefined;
  const last = to
    ? await preparedRows<{ seq: number }>(
        pool,
        `SELECT seq FROM audit_entries WHERE at <= ($1::timestamptz AT TIME ZONE 'UTC') ORDER BY at DESC, seq DESC LIMIT 1`,
        [to.toISOString()],
      )
    : undefined;
  return {
    min: first === undefined ? undefined : (first[0]?.seq ?? Infinity),
    max: last === undefined ? undefined : (last[0]?.seq ?? -Infinity),
  };
}

/**
 * The statement of one page of the trail between seq `gt` and `lt` (exclusive; `lt` may be Infinity) and its
 * parameters. The API runs it unnamed, so PostgreSQL plans it for the filters' values with the statistics of their
 * combinations (migration audit_filter_plans): a prepared statement's generic plan, made for any values, walked the
 * seq index for an action that never occurs and read the whole trail (src/audit/plans.test.ts).
 */
export function auditPageSql(query: AuditFilter, gt: number, lt: number): { sql: string; args: unknown[] } {
  const { args, arg } = parameters();
  const where = [`a.seq > ${arg(gt)}::int`];
  if (Number.isFinite(lt)) where.push(`a.seq < ${arg(lt)}::int`);
  if (query.entityType) where.push(`a."entityType" = ${arg(query.entityType)}`);
  if (query.entityId) where.push(`a."entityId" = ${arg(query.entityId)}`);
  if (query.actorId) where.push(`a."actorId" = ${arg(query.actorId)}::uuid`);
  if (query.action) where.push(`a.action = ${arg(query.action)}`);
  const direction = query.order === "asc" ? "ASC" : "DESC";
  // Each entry as AuditEntry JSON with `actorName` null: only Node can decrypt the name and puts it in (readAuditTrailJson).
  // `at` as Date#toISOString prints it (stored as UTC).
  const sql = `SELECT a.seq, a."actorId", u."displayNameCiphertext" AS "actorNameCiphertext", row_to_json(e)::text AS json
     FROM (SELECT * FROM audit_entries a WHERE ${where.join(" AND ")} ORDER BY a.seq ${direction} LIMIT ${arg(query.limit)}::int) a
     LEFT JOIN users u ON u.id = a."actorId",
     LATERAL (SELECT a.seq, ${isoTimestamp("a.at")} AS at, a."actorId", a."actorAddress",
       NULL::text AS "actorName", a.action, a."entityType", a."entityId", a.before, a.after, a."prevHash", a.hash) e
     ORDER BY a.seq ${direction}`;
  return { sql, args };
}

interface AuditPageRow {
  seq: number;
  actorId: string | null;
  actorNameCiphertext: string | null;
  json: string;
}

/**
 * Where an entry's JSON (auditPageSql) holds its actor's name. Only `seq`, `at`, `actorId` and `actorAddress` come
 * before it, and a quote inside a JSON string is escaped, so the first match is the key itself.
 */
const NAME_SLOT = ',"actorName":null,';

/**
 * A page of the trail as the response body's JSON text (`{"items":[AuditEntry...],"nextAfterSeq":..,
 * "nextBeforeSeq":..}`), filtered by entity, actor, action and date range, paged by seq (keyset, never an offset):
 * each filter has its (column, seq) index (prisma/schema/audit.prisma), so a page costs the same at any depth.
 * PostgreSQL builds each entry's JSON (before and after as stored), so Node neither parses rows nor serialises them
 * again: it only decrypts each actor's display name, once per page.
 */
export async function readAuditTrailJson(pool: pg.Pool, ring: KeyRing, query: AuditFilter): Promise<string> {
  const range = await seqRange(pool, query.from, query.to);
  const gt = Math.max(query.afterSeq, range.min === undefined ? 0 : range.min - 1);
  const lt = Math.min(query.beforeSeq ?? Infinity, range.max === undefined ? Infinity : range.max + 1);
  if (gt === Infinity || lt === -Infinity || gt >= lt - 1)
    return `{"items":[],"nextAfterSeq":null,"nextBeforeSeq":null}`;
  const { sql, args } = auditPageSql(query, gt, lt);
  // Unnamed: planned for its values on every request (see auditPageSql).
  const rows = (await pool.query<AuditPageRow>(sql, args)).rows;
  const names = new Map<string, string | null>();
  const nameOf = (actorId: string, displayNameCiphertext: string | null): string | null => {
    if (!names.has(actorId)) names.set(actorId, openDisplayName(ring, { id: actorId, displayNameCiphertext }));
    return names.get(actorId)!;
  };
  const items = rows.map((r) => {
    const name = r.actorId === null ? null : nameOf(r.actorId, r.actorNameCiphertext);
    if (name === null) return r.json;
    const at = r.json.indexOf(NAME_SLOT);
    return `${r.json.slice(0, at)},"actorName":${JSON.stringify(name)},${r.json.slice(at + NAME_SLOT.length)}`;
  });
  const full = rows.length === query.limit;
  const lastSeq = rows.at(-1)?.seq ?? null;
  const nextAfterSeq = full && query.order === "asc" ? lastSeq : null;
  const nextBeforeSeq = full && query.order === "desc" ? lastSeq : null;
  return `{"items":[${items.join(",")}],"nextAfterSeq":${nextAfterSeq},"nextBeforeSeq":${nextBeforeSeq}}`;
}
