/** The review queue's orderings, each served by an index (prisma/schema/kyc.prisma), and their keyset cursors. */
import { decodeCursor, encodeCursor } from "../core/cursor.ts";
import { ValidationError } from "../core/errors.ts";
import type { KycApplication } from "../generated/prisma/client.ts";

export const QUEUE_SORTS = ["submitted", "-submitted", "risk"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * Which applications a page lists: every one (`all`), or those waiting for an officer (`needs-decision`, the
 * reviewers' working view): submitted, under review, or with a screening whose possible sanctions match awaits a
 * decision, whatever the application's status (an approved investor hit by a list reload, issue H6).
 */
export const QUEUE_VIEWS = ["all", "needs-decision"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
/** The statuses that wait for an officer on their own (the rest need one only while a screening is open). */
export const AWAITING_OFFICER_STATUSES = ["SUBMITTED", "UNDER_REVIEW"] as const;

/**
 * The identity's hold on chain as the compliance agent's queue has it (the last FREEZE or UNFREEZE queued on any
 * wallet of the identity, and how far it got); null when it was never frozen or the unfreeze is confirmed.
 */
export const IDENTITY_FREEZE_STATES = ["FROZEN", "FREEZING", "FREEZE_FAILED", "UNFREEZING", "UNFREEZE_FAILED"] as const;
export type IdentityFreezeState = (typeof IDENTITY_FREEZE_STATES)[number];

/** The last row of the previous page, in the sort's key (keyset paging: no offset, stable under inserts). */
export interface QueueKey {
  riskScore?: number | null;
  createdAt: Date;
  id: string;
}

/** A page's last row as the cursor of the next page, in the sort's key. */
export function queueCursor(sort: QueueSort, row: Pick<KycApplication, "riskScore" | "createdAt" | "id">): string {
  const tail = [row.createdAt.toISOString(), row.id];
  return encodeCursor(sort === "risk" ? [row.riskScore === null ? null : String(row.riskScore), ...tail] : tail);
}

export function queueKey(sort: QueueSort, cursor: string | undefined): QueueKey | undefined {
  if (sort === "risk") {
    const [risk, at, id] = decodeCursor(cursor, ["decimal-or-null", "timestamp", "uuid"]) ?? [];
    const riskScore = risk === null || risk === undefined ? null : Number(risk);
    // scores are 0-100: anything else was not written by this API
    if (riskScore !== null && !(Number.isInteger(riskScore) && riskScore <= 100))
      throw new ValidationError("the cursor is not one this API returned; start again without it", [
        { path: "query.cursor", message: "invalid" },
      ]);
    return at && id ? { riskScore, createdAt: new Date(at), id } : undefined;
  }
  const [at, id] = decodeCursor(cursor, ["timestamp", "uuid"]) ?? [];
  return at && id ? { createdAt: new Date(at), id } : undefined;
}
