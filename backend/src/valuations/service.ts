/**
 * Valuation rules: a property's manager (or an admin) records a valuation; a compliance officer or admin who did not
 * record it approves or rejects it (four eyes); everyone sees the approved history, the property's managers,
 * compliance officers and admins also what is pending or rejected. Every change is audited in its transaction.
 */
import type { z } from "zod";
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import { afterCreatedAtId, decodeCursor, pageByCreatedAtId } from "../core/cursor.ts";
import { ForbiddenError, InvalidTransitionError, NotFoundError, RuleViolationError } from "../core/errors.ts";
import { parseDateOnly } from "../core/schemas.ts";
import type { Db, Tx } from "../db/client.ts";
import type { Valuation } from "../generated/prisma/client.ts";
import { canManage, loadManaged, loadVisible, seesEverything } from "../properties/access.ts";
import { KIND_OF_METHOD, type ValuationBody } from "./schemas.ts";

export async function recordValuation(tx: Tx, actor: Actor, propertyId: string, input: z.infer<typeof ValuationBody>) {
  const property = await loadManaged(tx, actor, propertyId);
  if (property.status === "ARCHIVED")
    throw new RuleViolationError("property_archived", "an archived property cannot be changed");
  if (input.currency !== property.currency)
    throw new RuleViolationError("currency_mismatch", `valuations of this property are in ${property.currency}`);
  let reportSha256 = input.reportSha256 ?? null;
  if (input.documentId) {
    const document = await tx.propertyDocument.findUnique({ where: { id: input.documentId } });
    if (!document || document.propertyId !== propertyId)
      throw new RuleViolationError(
        "document_not_of_property",
        "the supporting document must be one of this property's",
      );
    if (reportSha256 !== null && reportSha256.toLowerCase() !== document.sha256.toLowerCase())
      throw new RuleViolationError(
        "report_hash_mismatch",
        "reportSha256 is not the SHA-256 of the supporting document",
      );
    reportSha256 = document.sha256;
  }
  const valuation = await tx.valuation.create({
    data: {
      propertyId,
      kind: input.kind ?? KIND_OF_METHOD[input.method],
      amount: input.amount,
      currency: input.currency,
      method: input.method,
      valuer: input.valuer,
      valuedOn: parseDateOnly(input.valuedOn),
      liabilities: input.liabilities,
      documentId: input.documentId ?? null,
      reportSha256,
      recordedById: actor.id,
    },
  });
  await recordAudit(tx, {
    actor,
    action: "valuation.recorded",
    entityType: "valuation",
    entityId: valuation.id,
    after: valuation,
  });
  return valuation;
}

export type Decision = { approve: true; reason?: string | undefined } | { approve: false; reason: string };

/** Approve or reject a RECORDED valuation: a compliance officer or admin who did not record it. */
export async function decideValuation(tx: Tx, actor: Actor, id: string, decision: Decision): Promise<Valuation> {
  await tx.$executeRaw`SELECT 1 FROM valuations WHERE id = ${id}::uuid FOR UPDATE`;
  const before = await tx.valuation.findUnique({ where: { id } });
  if (!before) throw new NotFoundError("valuation", id);
  await loadVisible(tx, actor, before.propertyId);
  const to = decision.approve ? "APPROVED" : "REJECTED";
  if (before.recordedById === actor.id)
    throw new ForbiddenError("four eyes: a valuation is approved or rejected by someone other than who recorded it");
  if (before.status !== "RECORDED") throw new InvalidTransitionError("valuation", before.status, to);
  const after = await tx.valuation.update({
    where: { id },
    data: { status: to, decidedById: actor.id, decidedAt: new Date(), decisionReason: decision.reason ?? null },
  });
  await recordAudit(tx, {
    actor,
    action: decision.approve ? "valuation.approved" : "valuation.rejected",
    entityType: "valuation",
    entityId: id,
    before,
    after,
  });
  if (decision.approve) await followLatestApproved(tx, after.propertyId);
  return after;
}

/**
 * The property's `currentValuation` (search filter and sort, gross yield) is the latest approved valuation: kept in
 * a column, not read per row, so the search stays an index scan. Only an approval can change it (a recorded or a
 * rejected value is never shown as the property's value); the migration `valuation_follows_approved` set it so.
 */
async function followLatestApproved(tx: Tx, propertyId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM properties WHERE id = ${propertyId}::uuid FOR UPDATE`;
  const [property, latest] = await Promise.all([
    tx.property.findUniqueOrThrow({ where: { id: propertyId }, select: { currentValuation: true } }),
    latestApprovedValuation(tx, propertyId),
  ]);
  const amount = latest?.amount ?? null;
  if (amount === null ? property.currentValuation === null : property.currentValuation?.equals(amount)) return;
  await tx.property.update({
    where: { id: propertyId },
    data: { currentValuation: amount, version: { increment: 1 } },
  });
}

/** A property's valuations, newest first: the approved ones for everyone, all of them for its managers and officers. */
export async function propertyValuations(db: Db, actor: Actor | null, propertyId: string): Promise<Valuation[]> {
  const property = await loadVisible(db, actor, propertyId);
  const seesAll = seesEverything(actor) || canManage(actor, property);
  return db.valuation.findMany({
    where: { propertyId, ...(seesAll ? {} : { status: "APPROVED" as const }) },
    orderBy: [{ valuedOn: "desc" }, { createdAt: "desc" }],
  });
}

/** The approved valuation with the latest valuation date (the latest decided on a tie), or null. */
export async function latestApprovedValuation(db: Db | Tx, propertyId: string): Promise<Valuation | null> {
  return db.valuation.findFirst({
    where: { propertyId, status: "APPROVED" },
    orderBy: [{ valuedOn: "desc" }, { decidedAt: "desc" }, { createdAt: "desc" }],
  });
}

/**
 * The valuations of every property for compliance officers and admins (the route allows no one else), oldest first
 * so the review queue (status RECORDED) is worked in the order values were recorded; keyset paged on (createdAt, id).
 */
export async function valuationQueue(
  db: Db,
  query: { status?: Valuation["status"] | undefined; limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(query.cursor, ["timestamp", "uuid"]);
  const rows = await db.valuation.findMany({
    where: { ...(query.status ? { status: query.status } : {}), ...afterCreatedAtId(after, "asc") },
    include: { property: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  return pageByCreatedAtId(rows, query.limit);
}
