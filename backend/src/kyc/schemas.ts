/** Request and response schemas of the KYC routes (they also produce the OpenAPI document). */
import { z } from "zod";
import type { KeyRing } from "../crypto/key-ring.ts";
import type {
  KycApplication,
  KycDocument,
  KycStatusChange,
  OnchainIdentityChange,
} from "../generated/prisma/client.ts";
import { Cursor, dateTime, Limit, Sha256, Text } from "../core/schemas.ts";
import type { SharedDocumentApplication } from "./document-index.ts";
import { DOCUMENT_STATES, documentState } from "./document-review.ts";
import { STANDARD_DOCUMENT_REASONS } from "./investor-text.ts";
import { Identity, IsoNumericCountry } from "./identity.ts";
import { IDENTITY_FREEZE_STATES, QUEUE_SORTS, QUEUE_VIEWS } from "./queue.ts";
import { openDocumentName, openIdentity } from "./protection.ts";

export const KYC_STATUSES = [
  "SUBMITTED",
  "UNDER_REVIEW",
  "MORE_INFO_REQUESTED",
  "APPROVED",
  "REJECTED",
  "EXPIRED",
  "REVOKED",
] as const;
export const KycStatusSchema = z.enum(KYC_STATUSES);
export const DOCUMENT_KINDS = [
  "PASSPORT",
  "NATIONAL_ID",
  "DRIVING_LICENCE",
  "RESIDENCE_PERMIT",
  "PROOF_OF_ADDRESS",
  "SELFIE",
  "ACCREDITATION_EVIDENCE",
  "SOURCE_OF_FUNDS",
  "OTHER",
] as const;

export const SubmitBody = z
  .object({
    identity: Identity,
    pepDeclared: z.boolean(),
    accreditationClaimed: z.boolean(),
  })
  .strict();

export const ResubmitBody = z
  .object({
    identity: Identity.optional(),
    pepDeclared: z.boolean().optional(),
    accreditationClaimed: z.boolean().optional(),
  })
  .strict();

export const DocumentUploadBody = z.object({ kind: z.enum(DOCUMENT_KINDS) });

export const ReasonBody = z.object({ reason: Text(2000) }).strict();
export const InfoRequestBody = z.object({ message: Text(2000) }).strict();

export const ApproveBody = z
  .object({
    country: IsoNumericCountry,
    accredited: z.boolean(),
    kycExpiresAt: dateTime().transform((v) => new Date(v)),
    sameIdentityAs: z.uuid().optional().meta({
      description:
        "An approved application of another wallet with the same identity document: this wallet joins that on-chain identity",
    }),
  })
  .strict();

export const ListQuery = z.object({
  status: KycStatusSchema.optional(),
  view: z.enum(QUEUE_VIEWS).default("all").meta({
    description:
      "all (default); needs-decision (reviewers only): submitted, under review, or with a screening whose possible sanctions match awaits a decision, whatever the status",
  }),
  sort: z.enum(QUEUE_SORTS).default("submitted").meta({
    description:
      "submitted: oldest first (default); -submitted: newest first; risk (reviewers only): highest AML risk first, unscreened first",
  }),
  cursor: Cursor,
  limit: Limit,
});

export const DocumentParams = z.object({ id: z.uuid(), documentId: z.uuid() });

export const RefuseDocumentBody = z
  .object({
    reason: z.enum(STANDARD_DOCUMENT_REASONS).meta({
      description: "What the investor reads: one of the standard reasons (free text could tip them off)",
    }),
    note: Text(2000)
      .optional()
      .meta({ description: "The officer's own grounds: reviewers only, never shown to the investor" }),
  })
  .strict();

const documentFields = {
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: Sha256,
  uploadedAt: z.iso.datetime(),
};

const DocumentView = z
  .object({
    ...documentFields,
    fileName: z.string(),
    status: z.enum(DOCUMENT_STATES).meta({
      description:
        "RECEIVED; REFUSED by an officer (upload a replacement of its kind, then resubmit); REPLACED by a later upload",
    }),
    refusalReason: z.enum(STANDARD_DOCUMENT_REASONS).nullable().meta({ description: "Why it was refused" }),
    refusedAt: z.iso.datetime().nullable(),
    reviewNote: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "The refusing officer's own note (reviewers only)" }),
  })
  .meta({ id: "KycDocument" });

const applicationFields = {
  id: z.string(),
  applicantId: z.string(),
  wallet: z.string(),
  status: KycStatusSchema,
  residenceCountry: z.number().int(),
  pepDeclared: z.boolean(),
  accreditationClaimed: z.boolean(),
  submissionCount: z.number().int(),
  reviewerId: z.string().nullable().meta({ description: "The officer holding the review (reviewers only)" }),
  infoRequest: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  approvedCountry: z.number().int().nullable(),
  accredited: z.boolean().nullable(),
  kycExpiresAt: z.iso.datetime().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  revocationReason: z.string().nullable(),
  riskScore: z
    .number()
    .int()
    .nullable()
    .optional()
    .meta({ description: "Latest AML screening's risk, 0-100 (reviewers only)" }),
  riskLevel: z
    .string()
    .nullable()
    .optional()
    .meta({ description: "Latest AML screening's risk level (reviewers only)" }),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const ApplicationSummary = z.object(applicationFields).meta({ id: "KycApplicationSummary" });
/** Another wallet's application with the same identity document (issue 12.4; reviewers only). */
const SharedDocumentView = z
  .object({
    id: z.string(),
    applicantId: z.string(),
    wallet: z.string(),
    status: KycStatusSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "KycSharedDocumentApplication" });

export const ApplicationDetail = z
  .object({
    ...applicationFields,
    identity: Identity,
    documents: z.array(DocumentView),
    sameIdentityDocument: z.array(SharedDocumentView).optional().meta({
      description:
        "Reviewers only: applications of other wallets with the same identity document (one person, one identity)",
    }),
  })
  .meta({ id: "KycApplication" });
export const ApplicationPage = z
  .object({
    items: z.array(
      ApplicationSummary.extend({
        applicantName: z.string().optional().meta({ description: "Given names and family name (reviewers only)" }),
        openScreenings: z.number().int().optional().meta({
          description:
            "Reviewers only: screenings of this application whose possible sanctions match awaits an officer's decision",
        }),
        identityFreeze: z.enum(IDENTITY_FREEZE_STATES).nullable().optional().meta({
          description:
            "Reviewers only: the identity's hold on chain as the compliance agent's queue has it (FROZEN: confirmed on chain; FREEZING / UNFREEZING: queued or sent; *_FAILED: the agent gave up); null when not frozen",
        }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "KycApplicationPage" });

export const StatusChangeView = z
  .object({
    id: z.string(),
    fromStatus: KycStatusSchema.nullable(),
    toStatus: KycStatusSchema,
    actorId: z.string().nullable().meta({ description: "Who made the change (the investor sees only their own id)" }),
    note: z.string().nullable().meta({
      description:
        "Reviewers: every note; the investor: only what was written to them (request, rejection, revocation)",
    }),
    details: z
      .unknown()
      .meta({ description: "Structured terms of the change (reviewers only; null for the investor)" }),
    at: z.iso.datetime(),
  })
  .meta({ id: "KycStatusChange" });

/** One write of the compliance agent to the identity registry (the outbox row) and how far it got. */
export const OnchainWriteView = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    kind: z.enum(["REGISTER", "UPDATE", "REMOVE", "FREEZE", "UNFREEZE"]),
    reason: z.string().meta({
      description: "Why (reviewers: the full reason; the investor: kyc.* or the neutral compliance.decision)",
    }),
    status: z.enum(["PENDING", "SENT", "CONFIRMED", "FAILED"]),
    attempts: z.number().int(),
    txHash: z.string().nullable(),
    lastError: z
      .string()
      .nullable()
      .meta({ description: "The agent's last error (reviewers only; null for the investor)" }),
    createdAt: z.iso.datetime(),
    processedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "KycOnchainWrite" });

/** The registry writes an investor sees: their registration. Holds (FREEZE / UNFREEZE) are for reviewers. */
export const INVESTOR_VISIBLE_WRITES = ["REGISTER", "UPDATE", "REMOVE"] as const;

/**
 * The registry write of a confirmed sanctions match that revokes an approved application (kyc/decisions.ts): a
 * FREEZE, since the identity must stay registered and frozen, where an officer's revocation queues a REMOVE. Its
 * investor reads it as that REMOVE (`kyc.revoked`), so the two revocations look alike (issue 12.3). The chain itself
 * still differs (frozen, not removed): that a wallet is frozen is public there, and the web words it without a reason.
 */
export const COMPLIANCE_REVOCATION = { kind: "FREEZE", reason: "aml.confirmed" } as const;
const OFFICER_REVOCATION = { kind: "REMOVE", reason: "kyc.revoked" } as const;

const isComplianceRevocation = (r: { kind: string; reason: string }): boolean =>
  r.kind === COMPLIANCE_REVOCATION.kind && r.reason === COMPLIANCE_REVOCATION.reason;

/** Reason shown to an investor for any write not caused by their own KYC decision (issue 12.3: no tipping-off). */
export const NEUTRAL_REASON = "compliance.decision";

/**
 * One outbox row as its reader may see it. Reviewers get everything; the investor gets reasons of their own KYC
 * decisions (`kyc.*`) and a neutral reason for anything else, never the agent's error text.
 */
export function presentOnchainWrite(r: OnchainIdentityChange, reviewer: boolean): z.output<typeof OnchainWriteView> {
  const shown = !reviewer && isComplianceRevocation(r) ? OFFICER_REVOCATION : r;
  return {
    id: r.id,
    seq: r.seq,
    kind: shown.kind,
    reason: reviewer || shown.reason.startsWith("kyc.") ? shown.reason : NEUTRAL_REASON,
    status: r.status,
    attempts: r.attempts,
    txHash: r.txHash,
    lastError: reviewer ? r.lastError : null,
    createdAt: r.createdAt.toISOString(),
    processedAt: r.processedAt?.toISOString() ?? null,
  };
}

export const DocumentCreated = z.object(documentFields).meta({ id: "KycDocumentCreated" });

export const RotationBody = z
  .object({
    batchSize: z.number().int().min(1).max(1_000).default(100),
    maxBatches: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const RotationOfField = z.object({
  scanned: z.number(),
  rotated: z.number(),
  conflicts: z.number(),
  batches: z.number(),
  done: z.boolean(),
});

export const RotationReportView = z
  .object({
    currentKeyId: z.string(),
    applications: RotationOfField,
    documents: RotationOfField,
    emailAddresses: RotationOfField.meta({ description: "The notifications' email addresses" }),
    displayNames: RotationOfField.meta({ description: "Users' display names" }),
    tenantContacts: RotationOfField.meta({ description: "Leases' tenant names and emails" }),
    idempotencyReplies: RotationOfField.meta({
      description: "Replies kept for Idempotency-Key retries (24 hours; src/crypto/idempotency-replies.ts)",
    }),
  })
  .meta({ id: "KeyRotationReport" });

export const ExpiryReport = z.object({ expired: z.array(z.string()) }).meta({ id: "KycExpiryReport" });

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * An application as its reader may see it: the investor does not learn which officer holds it (`reviewerId`) nor
 * the AML risk (reviewers only; issue 15 privacy finding, issue 12.3 no tipping-off).
 */
export function presentSummary(
  app: Omit<KycApplication, "identityCiphertext" | "identityKeyId" | "nameCiphertext" | "documentIndex">,
  reviewer: boolean,
): z.output<typeof ApplicationSummary> {
  return {
    id: app.id,
    applicantId: app.applicantId,
    wallet: app.wallet,
    status: app.status,
    residenceCountry: app.residenceCountry,
    pepDeclared: app.pepDeclared,
    accreditationClaimed: app.accreditationClaimed,
    submissionCount: app.submissionCount,
    reviewerId: reviewer ? app.reviewerId : null,
    infoRequest: app.infoRequest,
    rejectionReason: app.rejectionReason,
    approvedCountry: app.approvedCountry,
    accredited: app.accredited,
    kycExpiresAt: iso(app.kycExpiresAt),
    decidedAt: iso(app.decidedAt),
    revocationReason: app.revocationReason,
    // absent, not null, for the investor: the response does not even say that a risk exists (issue 12.3)
    ...(reviewer ? { riskScore: app.riskScore, riskLevel: app.riskLevel } : {}),
    version: app.version,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

export function presentDetail(ring: KeyRing, app: KycApplication, documents: KycDocument[], reviewer: boolean) {
  return {
    ...presentSummary(app, reviewer),
    identity: openIdentity(ring, app),
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      fileName: openDocumentName(ring, d),
      mimeType: d.mimeType,
      size: d.size,
      sha256: d.sha256,
      uploadedAt: d.uploadedAt.toISOString(),
      status: documentState(d, documents),
      refusalReason: d.refusalReason as z.output<typeof DocumentView>["refusalReason"],
      refusedAt: iso(d.refusedAt),
      // absent, not null, for the investor: the response does not say that the officer wrote anything
      ...(reviewer ? { reviewNote: d.refusalNote } : {}),
    })),
  };
}

export function presentSharedDocument(a: SharedDocumentApplication): z.output<typeof SharedDocumentView> {
  return {
    id: a.id,
    applicantId: a.applicantId,
    wallet: a.wallet,
    status: a.status,
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * Status changes whose note is written to the investor (the officer's request, the reason for a rejection or a
 * revocation; each checked neutral by assertNeutralForInvestor). Every other note is the system's record for
 * officers, e.g. an approval's raw terms.
 */
export const INVESTOR_ADDRESSED_NOTES: ReadonlySet<KycStatusChange["toStatus"]> = new Set([
  "MORE_INFO_REQUESTED",
  "REJECTED",
  "REVOKED",
]);

/**
 * One status change as its reader may see it (issue 15 privacy finding): reviewers get everything; the investor
 * gets the notes addressed to them, no details, and no officer's id (their own actions keep theirs).
 */
export function presentStatusChange(
  c: KycStatusChange,
  viewer: { reviewer: boolean; id: string },
): z.output<typeof StatusChangeView> {
  const full = viewer.reviewer;
  return {
    id: c.id,
    fromStatus: c.fromStatus,
    toStatus: c.toStatus,
    actorId: full || c.actorId === viewer.id ? c.actorId : null,
    note: full || INVESTOR_ADDRESSED_NOTES.has(c.toStatus) ? c.note : null,
    details: full ? c.details : null,
    at: c.at.toISOString(),
  };
}
