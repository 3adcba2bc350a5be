/**
 * Appending to and reading the audit trail. `recordAudit` must be called with the transaction that makes the
 * change it records, so the change and its audit entry commit (or vanish) together. Appends are serialized by a
 * transaction-scoped advisory lock so the chain never forks.
 */
import type { Tx, Db } from "../db/client.ts";
import type { Actor } from "../auth/actor.ts";
import { GENESIS_HASH, entryHash, toPlainJson, type ChainedContent } from "./chain.ts";

const AUDIT_LOCK_KEY = 72_616_102;

export interface AuditInput {
  actor: Actor | null;
  /** Verb in `entity.verb` form, e.g. `property.created`, `title.verified`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const at = new Date();
  const content: ChainedContent = {
    prevHash: last?.hash ?? GENESIS_HASH,
    at: at.toISOString(),
    actorId: input.actor?.id ?? null,
    actorAddress: input.actor?.address ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: toPlainJson(input.before),
    after: toPlainJson(input.after),
  };
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
      hash: entryHash(content),
    } as never,
  });
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
    const batch = await db.auditEntry.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: batchSize });
    if (batch.length === 0) break;
    for (const e of batch) {
      if (e.prevHash !== prevHash) return { valid: false, entries: count, headHash: prevHash, brokenAt: { seq: e.seq, reason: "link_broken" } };
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
      if (recomputed !== e.hash) return { valid: false, entries: count, headHash: prevHash, brokenAt: { seq: e.seq, reason: "hash_mismatch" } };
      prevHash = e.hash;
      count += 1;
      afterSeq = e.seq;
    }
  }
  return { valid: true, entries: count, headHash: prevHash };
}
