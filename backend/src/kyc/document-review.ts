/**
 * An officer refuses one document of an application under review (outside browser review: a refused proof of
 * address used to leave the investor waiting, told nothing). The refusal names a standard reason, which the investor
 * reads, and may carry the officer's own note, which only reviewers read. It hands the application back to the
 * investor as a request for information (UNDER_REVIEW -> MORE_INFO_REQUESTED, the same history, notification and
 * email), so the investor may upload a replacement (documents are accepted while MORE_INFO_REQUESTED) and resubmit.
 * Resubmitting waits until every refused document has a replacement.
 */
import { recordAudit } from "../audit/service.ts";
import type { Actor } from "../auth/actor.ts";
import { NotFoundError, RuleViolationError, VersionMismatchError } from "../core/errors.ts";
import type { Tx } from "../db/client.ts";
import type { KycApplication, KycDocument, KycDocumentKind } from "../generated/prisma/client.ts";
import { notify } from "../notifications/notify.ts";
import type { StandardDocumentReason } from "./investor-text.ts";
import { moveStatus } from "./workflow.ts";

/** What a document is to its reader: as sent, refused by an officer, or refused and replaced since. */
export const DOCUMENT_STATES = ["RECEIVED", "REFUSED", "REPLACED"] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

const IDENTITY_KINDS: readonly KycDocumentKind[] = ["PASSPORT", "NATIONAL_ID", "DRIVING_LICENCE", "RESIDENCE_PERMIT"];

/** The document kinds, in the investor's words (the request for information names the one to send again). */
export const DOCUMENT_KIND_NAMES: Record<KycDocumentKind, string> = {
  PASSPORT: "passport",
  NATIONAL_ID: "national identity card",
  DRIVING_LICENCE: "driving licence",
  RESIDENCE_PERMIT: "residence permit",
  PROOF_OF_ADDRESS: "proof of address",
  SELFIE: "selfie",
  ACCREDITATION_EVIDENCE: "proof of accreditation",
  SOURCE_OF_FUNDS: "source of funds document",
  OTHER: "document",
};

/** Whether a document of kind `next` replaces a refused one of kind `refused`: any identity document replaces one. */
export function replaces(refused: KycDocumentKind, next: KycDocumentKind): boolean {
  return refused === next || (IDENTITY_KINDS.includes(refused) && IDENTITY_KINDS.includes(next));
}

type Reviewed = Pick<KycDocument, "id" | "kind" | "uploadedAt" | "refusedAt">;

/** A document's state among its application's documents: refused, then replaced by a later upload of its kind. */
export function documentState(doc: Reviewed, all: readonly Reviewed[]): DocumentState {
  if (!doc.refusedAt) return "RECEIVED";
  const replaced = all.some(
    (other) => other.id !== doc.id && replaces(doc.kind, other.kind) && other.uploadedAt > doc.refusedAt!,
  );
  return replaced ? "REPLACED" : "REFUSED";
}

/** The refused documents of an application that nothing replaced yet. */
export function awaitingReplacement<D extends Reviewed>(all: readonly D[]): D[] {
  return all.filter((d) => documentState(d, all) === "REFUSED");
}

/** Documents the approval may count: a refused one proves nothing. */
export function countedDocuments<D extends Pick<KycDocument, "refusedAt">>(all: readonly D[]): D[] {
  return all.filter((d) => d.refusedAt === null);
}

/** What the investor is asked for: the document to send again and the standard reason (neutral by construction). */
export function replacementRequest(kind: KycDocumentKind, reason: StandardDocumentReason): string {
  return `Please upload a new ${DOCUMENT_KIND_NAMES[kind]}. ${reason}.`;
}

export interface RefusalInput {
  reason: StandardDocumentReason;
  /** The officer's grounds, for reviewers only. */
  note?: string | undefined;
}

/**
 * Refuses one document of `app`, loaded for review by the caller (access checked there), while the officer holds it
 * (UNDER_REVIEW: it goes back to the investor) or while it already waits for the investor (MORE_INFO_REQUESTED).
 */
export async function refuseDocument(
  tx: Tx,
  actor: Actor,
  app: KycApplication,
  expectedVersion: number,
  documentId: string,
  input: RefusalInput,
): Promise<KycApplication> {
  const doc = await tx.kycDocument.findFirst({ where: { id: documentId, applicationId: app.id } });
  if (!doc) throw new NotFoundError("KYC document", documentId);
  if (doc.refusedAt) throw new RuleViolationError("document_already_refused", "this document was already refused");
  if (app.status !== "UNDER_REVIEW" && app.status !== "MORE_INFO_REQUESTED") {
    throw new RuleViolationError(
      "document_review_closed",
      `a document can be refused while the application is UNDER_REVIEW or MORE_INFO_REQUESTED, not ${app.status}`,
    );
  }
  const request = replacementRequest(doc.kind, input.reason);
  let moved: KycApplication;
  if (app.status === "UNDER_REVIEW") {
    moved = await moveStatus(tx, app, expectedVersion, "MORE_INFO_REQUESTED", {
      actor,
      action: "kyc.info_requested",
      note: request,
      data: { infoRequest: request },
    });
  } else {
    // already with the investor: the request stands; the version moves so a stale page's write is refused
    if (app.version !== expectedVersion) throw new VersionMismatchError(app.version);
    const bumped = await tx.kycApplication.updateMany({
      where: { id: app.id, version: expectedVersion, status: "MORE_INFO_REQUESTED" },
      data: { version: { increment: 1 } },
    });
    if (bumped.count !== 1) {
      const current = await tx.kycApplication.findUniqueOrThrow({ where: { id: app.id }, select: { version: true } });
      throw new VersionMismatchError(current.version);
    }
    moved = await tx.kycApplication.findUniqueOrThrow({ where: { id: app.id } });
  }
  await tx.kycDocument.update({
    where: { id: doc.id },
    data: {
      refusedAt: new Date(),
      refusedById: actor.id,
      refusalReason: input.reason,
      refusalNote: input.note ?? null,
    },
  });
  await recordAudit(tx, {
    actor,
    action: "kyc.document_refused",
    entityType: "kyc_application",
    entityId: app.id,
    // the note may describe the person's papers: the trail keeps only that there is one
    after: { documentId: doc.id, kind: doc.kind, reason: input.reason, note: input.note !== undefined },
  });
  await notify(tx, { userId: app.applicantId, event: "KYC_MORE_INFO_REQUESTED", data: {} });
  return moved;
}

/** Refuses a resubmission while a refused document has no replacement: the officer would find the same file. */
export async function assertRefusalsReplaced(tx: Tx, applicationId: string): Promise<void> {
  const docs = await tx.kycDocument.findMany({
    where: { applicationId },
    select: { id: true, kind: true, uploadedAt: true, refusedAt: true },
  });
  const missing = awaitingReplacement(docs);
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((d) => DOCUMENT_KIND_NAMES[d.kind]))].join(", ");
  throw new RuleViolationError(
    "refused_document_not_replaced",
    `Upload a new ${names} before sending your application again: the one you sent was refused.`,
  );
}
