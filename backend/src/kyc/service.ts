/**
 * KYC rules: submission, documents, review, more-information requests, resubmission, approval (country,
 * accreditation, expiry), rejection, revocation and expiry. Every write runs in the caller's transaction, goes
 * through `moveStatus` (history + audit) and, when the on-chain identity must change, writes the outbox row in
 * that same transaction.
 *
 * Access: the investor owns their application (others get 404, not a hint that it exists); compliance officers
 * and admins review; nobody reviews, approves or decides on their own application.
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/service.ts";
import { hasRole, type Actor } from "../auth/actor.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type pg from "pg";
import type { Db, Tx } from "../db/client.ts";
import { isoTimestamp } from "../db/json-text.ts";
import { closedSetLiteral, pageRows, parameters } from "../db/prepared.ts";
import type { KycApplication, KycDocumentKind, KycStatus } from "../generated/prisma/client.ts";
import { DuplicateError, ForbiddenError, NotFoundError, RuleViolationError } from "../core/errors.ts";
import { activeScreener, lockListsShared } from "../aml/lists.ts";
import { countryRisk } from "../aml/risk/country-risk.ts";
import { screenApplication, syncIdentityFreeze, type ScreeningTrigger } from "../aml/screening-service.ts";
import { refusedFile } from "../storage/content-type.ts";
import { sha256Hex } from "../storage/storage.ts";
import type { Identity } from "./identity.ts";
import { rejectApplication, revokeApplication } from "./decisions.ts";
import { assertNeutralForInvestor } from "./investor-text.ts";
import { applicationsSharingDocument, documentIndexOf } from "./document-index.ts";
import { assertRefusalsReplaced, countedDocuments, refuseDocument, type RefusalInput } from "./document-review.ts";
import {
  enqueueIdentityChange,
  identityOfWallet,
  isQueuedAsRegistered,
  registeredIdentityOf,
  walletsOfIdentity,
} from "./outbox.ts";
import { openApplicantName, openDocument, openIdentity, sealDocument, sealIdentity } from "./protection.ts";
import {
  AWAITING_OFFICER_STATUSES,
  queueCursor,
  type IdentityFreezeState,
  type QueueKey,
  type QueueSort,
  type QueueView,
} from "./queue.ts";
import { COMPLIANCE_REVOCATION, INVESTOR_VISIBLE_WRITES } from "./schemas.ts";
import { auditView, LIVE_STATUSES, moveStatus } from "./workflow.ts";
import { notify } from "../notifications/notify.ts";

export interface KycActorContext {
  ring: KeyRing;
  actor: Actor;
}

export const REVIEWER_ROLES = ["COMPLIANCE_OFFICER", "ADMIN"] as const;
export const IDENTITY_DOCUMENT_KINDS: readonly KycDocumentKind[] = [
  "PASSPORT",
  "NATIONAL_ID",
  "DRIVING_LICENCE",
  "RESIDENCE_PERMIT",
];
export const MAX_DOCUMENTS = 20;
/** Longest KYC validity an officer may grant. */
export const MAX_KYC_VALIDITY_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

const UNREADABLE_DOCUMENT = "This file cannot be read as a PDF or a photo. Export it again or upload a photo.";

/** Accepted document types, recognised by their first bytes (the declared MIME type alone proves nothing). */
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: "application/pdf", test: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
  { mime: "image/jpeg", test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: "image/png",
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: "image/webp",
    test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  },
];

export function isReviewer(actor: Actor | null): boolean {
  return hasRole(actor, ...REVIEWER_ROLES);
}

async function load(tx: Tx | Db, id: string): Promise<KycApplication> {
  const app = await tx.kycApplication.findUnique({ where: { id } });
  if (!app) throw new NotFoundError("KYC application", id);
  return app;
}

/** The application if the actor may see it: its owner, or a reviewer. */
export async function loadVisible(tx: Tx | Db, actor: Actor, id: string): Promise<KycApplication> {
  const app = await load(tx, id);
  if (app.applicantId !== actor.id && !isReviewer(actor)) throw new NotFoundError("KYC application", id);
  return app;
}

async function loadOwned(tx: Tx, actor: Actor, id: string): Promise<KycApplication> {
  const app = await load(tx, id);
  if (app.applicantId !== actor.id) throw new NotFoundError("KYC application", id);
  return app;
}

async function loadForReview(tx: Tx, actor: Actor, id: string): Promise<KycApplication> {
  if (!isReviewer(actor)) throw new ForbiddenError("only compliance officers and admins review KYC applications");
  const app = await load(tx, id);
  if (app.applicantId === actor.id) throw new ForbiddenError("nobody reviews their own KYC application");
  return app;
}

/** Screens against the active list when one is loaded; without a list nothing is recorded (approval will refuse). */
async function screenIfListLoaded(
  tx: Tx,
  ring: KeyRing,
  app: KycApplication,
  trigger: ScreeningTrigger,
  actor: Actor,
): Promise<void> {
  await lockListsShared(tx);
  const list = await activeScreener(tx);
  if (list) await screenApplication(tx, app, { ring, list, trigger, actor });
}

/**
 * Issue 12.4: an identity document already used by another wallet is flagged for the reviewers (an audit entry
 * naming the other applications, no personal data); the investor is told nothing. Approval then needs the
 * officer's decision (see approvalBlocker).
 */
async function flagSharedDocument(
  tx: Tx,
  ring: KeyRing,
  app: KycApplication,
  identity: Identity,
  actor: Actor,
): Promise<void> {
  const shared = await applicationsSharingDocument(tx, ring, app, identity);
  if (shared.length === 0) return;
  await recordAudit(tx, {
    actor,
    action: "kyc.identity_document_shared",
    entityType: "kyc_application",
    entityId: app.id,
    after: { sameIdentityDocument: shared.map((s) => ({ applicationId: s.id, wallet: s.wallet, status: s.status })) },
  });
}

/**
 * Issue 12.1: the applications whose screenings bear on this one: itself, every application of the same wallet,
 * and every application of another wallet with the same identity document.
 */
export async function relatedApplicationIds(tx: Tx | Db, ring: KeyRing, app: KycApplication): Promise<string[]> {
  const sameWallet = await tx.kycApplication.findMany({ where: { wallet: app.wallet }, select: { id: true } });
  const sameDocument = await applicationsSharingDocument(tx, ring, app, openIdentity(ring, app));
  return [...new Set([app.id, ...sameWallet.map((a) => a.id), ...sameDocument.map((a) => a.id)])];
}

/** Screenings with a hit nobody has cleared: an open possible match, or a confirmed one. */
export const UNRESOLVED_SCREENING_STATUSES = ["PENDING_REVIEW", "CONFIRMED_MATCH"] as const;

export interface SubmissionInput {
  identity: Identity;
  pepDeclared: boolean;
  accreditationClaimed: boolean;
}

export async function submitApplication(
  tx: Tx,
  { ring, actor }: KycActorContext,
  input: SubmissionInput,
): Promise<KycApplication> {
  // list lock before the audit lock, in every transaction that takes both (no lock-order deadlock with a list load)
  await lockListsShared(tx);
  const live = await tx.kycApplication.findFirst({
    where: { applicantId: actor.id, status: { in: [...LIVE_STATUSES] } },
    select: { id: true, status: true },
  });
  if (live) throw new DuplicateError(`you already have a ${live.status} KYC application`, { applicationId: live.id });
  const id = randomUUID();
  const app = await tx.kycApplication.create({
    data: {
      id,
      applicant: { connect: { id: actor.id } },
      wallet: actor.address,
      ...sealIdentity(ring, id, input.identity),
      documentIndex: documentIndexOf(ring, input.identity),
      residenceCountry: input.identity.residence.country,
      pepDeclared: input.pepDeclared,
      accreditationClaimed: input.accreditationClaimed,
    },
  });
  await tx.kycStatusChange.create({
    data: { applicationId: id, fromStatus: null, toStatus: "SUBMITTED", actorId: actor.id },
  });
  await recordAudit(tx, {
    actor,
    action: "kyc.submitted",
    entityType: "kyc_application",
    entityId: id,
    after: auditView(app),
  });
  await flagSharedDocument(tx, ring, app, input.identity, actor);
  await screenIfListLoaded(tx, ring, app, "submission", actor);
  return app;
}

export interface DocumentInput {
  kind: KycDocumentKind;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export async function addDocument(
  tx: Tx,
  { ring, actor }: KycActorContext,
  applicationId: string,
  input: DocumentInput,
) {
  const app = await loadOwned(tx, actor, applicationId);
  if (app.status !== "SUBMITTED" && app.status !== "MORE_INFO_REQUESTED") {
    throw new RuleViolationError(
      "documents_locked",
      `documents can be added while the application is SUBMITTED or MORE_INFO_REQUESTED, not ${app.status}`,
    );
  }
  const signature = SIGNATURES.find((s) => s.mime === input.mimeType);
  if (!signature)
    throw refusedFile(
      "This type of file is not accepted. Upload a PDF or a photo (JPEG, PNG or WebP).",
      `${input.mimeType} is not accepted; accepted types: ${SIGNATURES.map((s) => s.mime).join(", ")}`,
    );
  if (!signature.test(input.bytes))
    throw refusedFile(UNREADABLE_DOCUMENT, `the file content does not start as ${input.mimeType} does`);
  // lock the row while it is still open for documents: a review starting meanwhile waits, then sees the new version
  const open = await tx.kycApplication.updateMany({
    where: { id: applicationId, status: { in: ["SUBMITTED", "MORE_INFO_REQUESTED"] } },
    data: { version: { increment: 1 } },
  });
  if (open.count !== 1)
    throw new RuleViolationError("documents_locked", "the application stopped accepting documents meanwhile");
  const count = await tx.kycDocument.count({ where: { applicationId } });
  if (count >= MAX_DOCUMENTS)
    throw new RuleViolationError("too_many_documents", `at most ${MAX_DOCUMENTS} documents per application`);

  const id = randomUUID();
  const sha256 = sha256Hex(input.bytes);
  const sealed = sealDocument(ring, id, input.fileName, input.bytes);
  const doc = await tx.kycDocument.create({
    data: {
      id,
      applicationId,
      kind: input.kind,
      mimeType: input.mimeType,
      size: input.bytes.length,
      sha256,
      uploadedById: actor.id,
      ...sealed,
    },
    select: { id: true, kind: true, mimeType: true, size: true, sha256: true, uploadedAt: true },
  });
  await recordAudit(tx, {
    actor,
    action: "kyc.document_added",
    entityType: "kyc_application",
    entityId: applicationId,
    after: { documentId: id, kind: input.kind, mimeType: input.mimeType, size: input.bytes.length, sha256 },
  });
  return doc;
}

export async function startReview(tx: Tx, { actor }: KycActorContext, id: string, expectedVersion: number) {
  const app = await loadForReview(tx, actor, id);
  return moveStatus(tx, app, expectedVersion, "UNDER_REVIEW", {
    actor,
    action: "kyc.review_started",
    data: { reviewerId: actor.id },
  });
}

export async function requestMoreInformation(
  tx: Tx,
  { actor }: KycActorContext,
  id: string,
  expectedVersion: number,
  message: string,
) {
  assertNeutralForInvestor(message, "message");
  const app = await loadForReview(tx, actor, id);
  const moved = await moveStatus(tx, app, expectedVersion, "MORE_INFO_REQUESTED", {
    actor,
    action: "kyc.info_requested",
    note: message,
    data: { infoRequest: message },
  });
  await notify(tx, { userId: app.applicantId, event: "KYC_MORE_INFO_REQUESTED", data: {} });
  return moved;
}

export interface ResubmissionInput {
  identity?: Identity | undefined;
  pepDeclared?: boolean | undefined;
  accreditationClaimed?: boolean | undefined;
}

export async function resubmit(
  tx: Tx,
  { ring, actor }: KycActorContext,
  id: string,
  expectedVersion: number,
  input: ResubmissionInput,
) {
  const app = await loadOwned(tx, actor, id);
  if (app.status === "MORE_INFO_REQUESTED") await assertRefusalsReplaced(tx, app.id);
  await lockListsShared(tx);
  const moved = await moveStatus(tx, app, expectedVersion, "SUBMITTED", {
    actor,
    action: "kyc.resubmitted",
    data: {
      ...(input.identity
        ? {
            ...sealIdentity(ring, id, input.identity),
            documentIndex: documentIndexOf(ring, input.identity),
            residenceCountry: input.identity.residence.country,
          }
        : {}),
      ...(input.pepDeclared === undefined ? {} : { pepDeclared: input.pepDeclared }),
      ...(input.accreditationClaimed === undefined ? {} : { accreditationClaimed: input.accreditationClaimed }),
      submissionCount: { increment: 1 },
      infoRequest: null,
    },
  });
  if (input.identity) await flagSharedDocument(tx, ring, moved, input.identity, actor);
  await screenIfListLoaded(tx, ring, moved, "resubmission", actor);
  return moved;
}

export interface ApprovalInput {
  /** ISO 3166-1 numeric country recorded on chain. */
  country: number;
  accredited: boolean;
  kycExpiresAt: Date;
  /** An approved application of another wallet with the same identity document: this wallet joins its identity. */
  sameIdentityAs?: string | undefined;
}

/** Why an application cannot be approved yet, checked in this order; null when it can. */
async function approvalBlocker(
  tx: Tx,
  ring: KeyRing,
  app: KycApplication,
  input: ApprovalInput,
  now: Date,
): Promise<RuleViolationError | null> {
  const docs = countedDocuments(
    await tx.kycDocument.findMany({ where: { applicationId: app.id }, select: { kind: true, refusedAt: true } }),
  );
  if (!docs.some((d) => IDENTITY_DOCUMENT_KINDS.includes(d.kind))) {
    return new RuleViolationError(
      "identity_document_required",
      "no identity document (passport, national id, driving licence, residence permit) was uploaded",
    );
  }
  if (input.accredited && !(app.accreditationClaimed && docs.some((d) => d.kind === "ACCREDITATION_EVIDENCE"))) {
    return new RuleViolationError(
      "accreditation_evidence_required",
      "accreditation needs the investor's claim and an ACCREDITATION_EVIDENCE document",
    );
  }
  if (countryRisk(input.country) === "prohibited") {
    return new RuleViolationError("country_prohibited", `country ${input.country} is under a comprehensive embargo`);
  }
  const expiry = input.kycExpiresAt.getTime();
  if (expiry <= now.getTime() + DAY_MS || expiry > now.getTime() + MAX_KYC_VALIDITY_DAYS * DAY_MS) {
    return new RuleViolationError(
      "expiry_out_of_range",
      `the KYC expiry must be between one day and ${MAX_KYC_VALIDITY_DAYS} days from now`,
    );
  }
  const documentExpiry = new Date(`${openIdentity(ring, app).document.expiresOn}T23:59:59Z`).getTime();
  if (expiry > documentExpiry) {
    return new RuleViolationError(
      "expiry_after_document",
      "the KYC expiry cannot be later than the expiry of the identity document",
    );
  }
  const list = await activeScreener(tx);
  if (!list)
    return new RuleViolationError("screening_required", "no sanctions list is loaded: load one before approving");
  const latest = await tx.amlScreening.findFirst({ where: { applicationId: app.id }, orderBy: { createdAt: "desc" } });
  if (!latest || latest.listVersionId !== list.version.id) {
    return new RuleViolationError(
      "screening_stale",
      "the application was not screened against the active sanctions list: screen it again",
    );
  }
  // the on-chain identity the wallet will be registered under: a wallet never changes identity on chain
  const identity = await approvalIdentity(tx, app, input);
  if (identity.mismatch) {
    return new RuleViolationError(
      "identity_mismatch",
      `the wallet is registered on chain under identity ${identity.existing}, not under the identity of the ` +
        "application named by sameIdentityAs: a wallet never changes identity",
    );
  }
  // any screening of this application, of the same wallet or of the same identity document, not only the newest,
  // and of any wallet of the on-chain identity it joins (its freeze is the identity's)
  const identityWallets = await walletsOfIdentity(tx, identity.identity ?? app.wallet);
  const identityApplications = await tx.kycApplication.findMany({
    where: { wallet: { in: identityWallets } },
    select: { id: true },
  });
  const related = [
    ...new Set([...(await relatedApplicationIds(tx, ring, app)), ...identityApplications.map((a) => a.id)]),
  ];
  const open = await tx.amlScreening.findMany({
    where: { applicationId: { in: related }, status: { in: [...UNRESOLVED_SCREENING_STATUSES] } },
    orderBy: { createdAt: "asc" },
    select: { id: true, applicationId: true },
  });
  if (open.length > 0) {
    const own = open.filter((s) => s.applicationId === app.id).length;
    return new RuleViolationError(
      "aml_hit_unresolved",
      `a possible sanctions match blocks approval until an officer clears or confirms it: ${own} on this application, ` +
        `${open.length - own} on applications of the same wallet or identity document (screenings ${open.map((s) => s.id).join(", ")})`,
    );
  }
  return sharedDocumentBlocker(tx, ring, app, input);
}

/**
 * The on-chain identity an approval registers the wallet under: the one it already has if it was ever registered
 * (the registry keeps a removed wallet's identity and refuses another), else that of the application named by
 * `sameIdentityAs`, else (null) the applicant's own address. `mismatch` when `sameIdentityAs` names another identity than the one the
 * wallet already has.
 */
async function approvalIdentity(
  tx: Tx,
  app: KycApplication,
  input: Pick<ApprovalInput, "sameIdentityAs">,
): Promise<{ identity: string | null; existing: string | null; mismatch: boolean }> {
  const existing = await identityOfWallet(tx, app.wallet);
  const joined =
    input.sameIdentityAs === undefined
      ? null
      : await tx.kycApplication.findUnique({ where: { id: input.sameIdentityAs }, select: { wallet: true } });
  const joinedIdentity = joined ? await registeredIdentityOf(tx, joined.wallet) : null;
  return {
    identity: existing ?? joinedIdentity,
    existing,
    mismatch: existing !== null && joinedIdentity !== null && joinedIdentity !== existing,
  };
}

/**
 * Issue 12.4: one identity document, one identity. When another wallet with the same document is registered on
 * chain, this wallet can only join that identity: the officer names the application (`sameIdentityAs`) after
 * checking it is the same person; otherwise approval is refused. Never a second identity for one person.
 */
async function sharedDocumentBlocker(
  tx: Tx,
  ring: KeyRing,
  app: KycApplication,
  input: ApprovalInput,
): Promise<RuleViolationError | null> {
  const shared = await applicationsSharingDocument(tx, ring, app, openIdentity(ring, app));
  const registered: string[] = [];
  for (const other of shared)
    if (other.status === "APPROVED" && (await isQueuedAsRegistered(tx, other.wallet))) registered.push(other.id);
  if (input.sameIdentityAs !== undefined && !registered.includes(input.sameIdentityAs)) {
    return new RuleViolationError(
      "same_identity_not_found",
      "sameIdentityAs must name an approved application of another wallet with the same identity document",
    );
  }
  if (registered.length > 0 && input.sameIdentityAs === undefined) {
    return new RuleViolationError(
      "identity_document_shared",
      `the identity document is already registered for another wallet (applications ${registered.join(", ")}): ` +
        "approve with sameIdentityAs naming one of them to add this wallet to that identity, or reject",
    );
  }
  return null;
}

export async function approve(
  tx: Tx,
  { ring, actor }: KycActorContext,
  id: string,
  expectedVersion: number,
  input: ApprovalInput,
  now = new Date(),
) {
  const app = await loadForReview(tx, actor, id);
  if (app.status === "UNDER_REVIEW") {
    await lockListsShared(tx);
    // two approvals of one identity document are serialized: the second sees the first's registration
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${documentIndexOf(ring, openIdentity(ring, app))}))`;
    const blocker = await approvalBlocker(tx, ring, app, input, now);
    if (blocker) throw blocker;
  }
  const approved = await moveStatus(tx, app, expectedVersion, "APPROVED", {
    actor,
    action: "kyc.approved",
    note: `country ${input.country}, accredited ${input.accredited}, expires ${input.kycExpiresAt.toISOString()}`,
    details: { country: input.country, accredited: input.accredited, kycExpiresAt: input.kycExpiresAt.toISOString() },
    data: {
      approvedCountry: input.country,
      accredited: input.accredited,
      kycExpiresAt: input.kycExpiresAt,
      decidedAt: now,
      decidedById: actor.id,
    },
  });
  const applicant = await tx.user.findUniqueOrThrow({ where: { id: app.applicantId }, select: { address: true } });
  const registered = await isQueuedAsRegistered(tx, app.wallet);
  const { identity } = await approvalIdentity(tx, app, input);
  if (input.sameIdentityAs !== undefined) {
    // officers only: the investor's history does not name another wallet's application
    await recordAudit(tx, {
      actor,
      action: "kyc.identity_joined",
      entityType: "kyc_application",
      entityId: app.id,
      after: { sameIdentityAs: input.sameIdentityAs, identity },
    });
  }
  await enqueueIdentityChange(tx, {
    kind: registered ? "UPDATE" : "REGISTER",
    wallet: app.wallet,
    ...(registered ? {} : { identity: identity ?? applicant.address }),
    country: input.country,
    kycExpiry: input.kycExpiresAt,
    accredited: input.accredited,
    reason: "kyc.approved",
    applicationId: app.id,
  });
  // The registry keeps an identity's freeze across removal and registration: an identity frozen for hits that were
  // all cleared meanwhile (while no wallet of it was registered, so nothing could be unfrozen) is unfrozen here.
  await syncIdentityFreeze(tx, approved);
  await notify(tx, { userId: app.applicantId, event: "KYC_DECIDED", data: { decision: "APPROVED" } });
  return approved;
}

/** Refuses one document with a standard reason (document-review.ts); the application goes back to the investor. */
export async function refuseApplicationDocument(
  tx: Tx,
  { actor }: KycActorContext,
  id: string,
  expectedVersion: number,
  documentId: string,
  input: RefusalInput,
) {
  return refuseDocument(tx, actor, await loadForReview(tx, actor, id), expectedVersion, documentId, input);
}

export async function reject(tx: Tx, { actor }: KycActorContext, id: string, expectedVersion: number, reason: string) {
  assertNeutralForInvestor(reason, "reason");
  return rejectApplication(tx, actor, await loadForReview(tx, actor, id), expectedVersion, reason);
}

async function deregister(tx: Tx, app: KycApplication, reason: string): Promise<void> {
  if (await isQueuedAsRegistered(tx, app.wallet)) {
    await enqueueIdentityChange(tx, { kind: "REMOVE", wallet: app.wallet, reason, applicationId: app.id });
  }
}

export async function revoke(tx: Tx, { actor }: KycActorContext, id: string, expectedVersion: number, reason: string) {
  assertNeutralForInvestor(reason, "reason");
  return revokeApplication(tx, actor, await loadForReview(tx, actor, id), expectedVersion, reason, "remove");
}

/**
 * Moves every approved application whose KYC expiry has passed to EXPIRED and queues its removal from the
 * registry (on chain the wallet already stopped being verified at kycExpiry; the removal keeps both in step).
 */
export async function expireDue(tx: Tx, actor: Actor | null, now = new Date(), limit = 500): Promise<string[]> {
  const due = await tx.kycApplication.findMany({
    where: { status: "APPROVED", kycExpiresAt: { lte: now } },
    orderBy: { kycExpiresAt: "asc" },
    take: limit,
  });
  for (const app of due) {
    const expired = await moveStatus(tx, app, app.version, "EXPIRED", {
      actor,
      action: "kyc.expired",
      note: `expired at ${app.kycExpiresAt!.toISOString()}`,
    });
    await deregister(tx, expired, "kyc.expired");
  }
  return due.map((a) => a.id);
}

export interface ListFilter {
  status?: KycStatus | undefined;
  /** `needs-decision`: only applications waiting for an officer (reviewers only); `all` by default. */
  view?: QueueView | undefined;
  sort: QueueSort;
  after?: QueueKey | undefined;
  limit: number;
}

/**
 * A row of the queue's statement: the summary as its reader may see it, as JSON text (`json`), the applicant's name,
 * sealed on its own, and the cursor's columns. The identity envelope is read only for an application stored before
 * names were sealed on their own (`nameCiphertext` null): the queue never reads dates of birth, document numbers or
 * addresses otherwise.
 */
interface QueueRow {
  id: string;
  nameCiphertext: string | null;
  identityCiphertext: string | null;
  riskScore: number | null;
  /** ISO 8601, as the summary prints it. */
  createdAt: string;
  json: string;
  /** Reviewers only: screenings of this application whose possible match awaits an officer's decision. */
  openScreenings?: number;
  /** Reviewers only: the identity's hold on chain as the agent's queue has it (IdentityFreezeState). */
  identityFreeze?: IdentityFreezeState | null;
}

/** The page's columns that the summary, the name and the cursor read. */
const QUEUE_COLUMNS = `id, "applicantId", wallet, status, "nameCiphertext",
  CASE WHEN "nameCiphertext" IS NULL THEN "identityCiphertext" END AS "identityCiphertext", "residenceCountry",
  "pepDeclared", "accreditationClaimed", "submissionCount", "reviewerId", "infoRequest", "rejectionReason",
  "approvedCountry", accredited, "kycExpiresAt", "decidedAt", "revocationReason", "riskScore",
  "riskLevel", version, "createdAt", "updatedAt"`;

/**
 * An application of the page `q` as presentSummary (schemas.ts) shows it to a reviewer or to its investor: the same
 * keys in the same order, timestamps as Date#toISOString prints them; the investor sees no reviewer and no risk
 * keys at all (issue 12.3).
 */
const summaryRow = (reviewer: boolean): string =>
  `SELECT q.id, q."applicantId", q.wallet, q.status, q."residenceCountry", q."pepDeclared", q."accreditationClaimed",
    q."submissionCount", ${reviewer ? `q."reviewerId"` : `NULL::uuid AS "reviewerId"`}, q."infoRequest", q."rejectionReason",
    q."approvedCountry", q.accredited, ${isoTimestamp(`q."kycExpiresAt"`)} AS "kycExpiresAt", ${isoTimestamp(`q."decidedAt"`)} AS "decidedAt",
    q."revocationReason", ${reviewer ? `q."riskScore", q."riskLevel", ` : ""}q.version,
    ${isoTimestamp(`q."createdAt"`)} AS "createdAt", ${isoTimestamp(`q."updatedAt"`)} AS "updatedAt"`;

/** An application waiting for an officer: submitted, under review, or with a screening whose match awaits a decision. */
const NEEDS_DECISION = `(status IN (${AWAITING_OFFICER_STATUSES.map((st) => `'${st}'`).join(", ")})
  OR EXISTS (SELECT 1 FROM aml_screenings o WHERE o."applicationId" = kyc_applications.id AND o.status = 'PENDING_REVIEW'))`;

/**
 * What a reviewer's row flags, for a page row `q`: its open screenings, and its identity's hold on chain as the
 * outbox has it: the last FREEZE or UNFREEZE queued on any wallet registered under the identity of q's wallet (the
 * identity of its first registration), as outbox.ts#isIdentityQueuedAsFrozen reads it, with how far it got.
 */
const ATTENTION_COLUMNS = `(SELECT count(*)::int FROM aml_screenings o
     WHERE o."applicationId" = q.id AND o.status = 'PENDING_REVIEW') AS "openScreenings",
  (SELECT CASE WHEN f.kind = 'FREEZE'
            THEN CASE f.status WHEN 'CONFIRMED' THEN 'FROZEN' WHEN 'FAILED' THEN 'FREEZE_FAILED' ELSE 'FREEZING' END
            ELSE CASE f.status WHEN 'CONFIRMED' THEN NULL WHEN 'FAILED' THEN 'UNFREEZE_FAILED' ELSE 'UNFREEZING' END
          END
     FROM onchain_identity_changes f
     WHERE f.kind IN ('FREEZE', 'UNFREEZE') AND f.wallet IN (
       SELECT w.wallet FROM onchain_identity_changes w,
         (SELECT COALESCE(r.identity, r.wallet) AS identity FROM onchain_identity_changes r
           WHERE r.wallet = q.wallet AND r.kind = 'REGISTER' ORDER BY r.seq LIMIT 1) i
       WHERE w.kind = 'REGISTER' AND (w.identity = i.identity OR (w.identity IS NULL AND w.wallet = i.identity)))
     ORDER BY f.seq DESC LIMIT 1) AS "identityFreeze"`;

/** A cursor's instant as the UTC `timestamp` the columns hold. */
const utc = (placeholder: string): string => `(${placeholder}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * Reviewers see every application (the review queue, in the chosen order); investors see their own. Keyset paging
 * on the index of each order, so a page costs the same at the 50,000th application as at the first. SQL on the
 * pool (db/prepared.ts): the queue is what officers page through all day. The page is the response body's JSON
 * text (`ApplicationPage`): PostgreSQL builds each summary, so Node neither parses the rows' two dozen columns nor
 * serialises them again (issue 17); it only decrypts each applicant's name.
 */
export async function listApplicationsJson(
  pool: pg.Pool,
  ring: KeyRing,
  actor: Actor,
  filter: ListFilter,
): Promise<string> {
  const rows = await listApplications(pool, actor, filter);
  // PostgreSQL built each summary; a reviewer's also ends with the applicant's name, decrypted here
  const items = isReviewer(actor)
    ? rows.map(
        (row) =>
          `${row.json.slice(0, -1)},"applicantName":${JSON.stringify(openApplicantName(ring, row))},` +
          `"openScreenings":${row.openScreenings ?? 0},"identityFreeze":${JSON.stringify(row.identityFreeze ?? null)}}`,
      )
    : rows.map((row) => row.json);
  const last = rows.at(-1);
  const next =
    rows.length === filter.limit && last
      ? queueCursor(filter.sort, { riskScore: last.riskScore, createdAt: new Date(last.createdAt), id: last.id })
      : null;
  return `{"items":[${items.join(",")}],"nextCursor":${JSON.stringify(next)}}`;
}

/**
 * The rows of one page of the queue (applicationsPageSql), prepared when its text holds every value of its plan.
 * Sorting by AML risk is the reviewers' tool: for an investor, the order of their own applications and the cursor
 * that continues it (which holds the last row's score) would tell them their risk (tipping off).
 */
export async function listApplications(pool: pg.Pool, actor: Actor, filter: ListFilter): Promise<QueueRow[]> {
  if (filter.sort === "risk" && !isReviewer(actor))
    throw new ForbiddenError("only compliance officers and admins sort applications by risk");
  // which of their own applications await a decision would tell an investor of an open sanctions match
  if (filter.view === "needs-decision" && !isReviewer(actor))
    throw new ForbiddenError("only compliance officers and admins list the applications awaiting a decision");
  return pageRows<QueueRow>(pool, applicationsPageSql(actor, filter));
}

/**
 * The statement of one page of the queue, its parameters, and whether it may be prepared. Its plan must be made for
 * the status at hand: as a prepared statement with the status a parameter, its generic plan (made for any status)
 * walked the queue in date order past the cursor for a status no application has (src/kyc/queue-plans.test.ts). So
 * the status and the page size are literals of the text (a closed set and a bounded number), and a reviewer's first
 * page, whose text then holds every value its plan depends on, is prepared: planned once per connection (db/prepared.ts).
 * An investor's own id and a cursor are parameters the plan depends on: those pages run unnamed, planned on every run.
 */
export function applicationsPageSql(
  actor: Actor,
  filter: ListFilter,
): { sql: string; args: unknown[]; prepare: boolean } {
  const { sort, after } = filter;
  const { args, arg } = parameters();
  const where: string[] = [];
  if (!isReviewer(actor)) where.push(`"applicantId" = ${arg(actor.id)}::uuid`);
  if (filter.status) where.push(`status = ${closedSetLiteral(filter.status)}::"KycStatus"`);
  if (filter.view === "needs-decision") where.push(NEEDS_DECISION);
  // the order, of the table's columns or (`t` = "q.") of the page's
  const orderBy = (t = ""): string =>
    sort === "risk"
      ? `${t}"riskScore" DESC NULLS FIRST, ${t}"createdAt" ASC, ${t}id ASC`
      : sort === "-submitted"
        ? `${t}"createdAt" DESC, ${t}id DESC`
        : `${t}"createdAt" ASC, ${t}id ASC`;
  const order = orderBy();
  if (!Number.isSafeInteger(filter.limit)) throw new Error(`not a page size: ${filter.limit}`);
  const limit = String(filter.limit);
  // a reviewer's first page has no parameter: the investor's id and the cursor are the only ones
  const prepare = isReviewer(actor) && !after;
  const select = (conditions: string[]) =>
    `SELECT ${QUEUE_COLUMNS} FROM kyc_applications ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""}
     ORDER BY ${order} LIMIT ${limit}`;
  // each row of the page `q` with its summary as JSON text, once the page is read
  const withJson = (page: string): string =>
    `SELECT q.id, q."nameCiphertext", q."identityCiphertext", q."riskScore", ${isoTimestamp(`q."createdAt"`)} AS "createdAt",
       row_to_json(s)::text AS json${isReviewer(actor) ? `, ${ATTENTION_COLUMNS}` : ""}
     FROM (${page}) q, LATERAL (${summaryRow(isReviewer(actor))}) s ORDER BY ${orderBy("q.")}`;
  if (!after) return { sql: withJson(select(where)), args, prepare };
  const tie = `("createdAt", id) ${sort === "-submitted" ? "<" : ">"} (${utc(arg(after.createdAt.toISOString()))}, ${arg(after.id)}::uuid)`;
  if (sort !== "risk") return { sql: withJson(select([...where, tie])), args, prepare };
  // Highest risk first, unscreened (null) before every score, then (createdAt, id) ascending: the rows after the
  // cursor are the rest of its score's rows, then every lower score. As one condition (an OR) no index range starts
  // at the cursor and the plan walked every row before it; as two branches each one is a range of the risk index.
  const risk = after.riskScore ?? null;
  const [same, below] =
    risk === null
      ? [`"riskScore" IS NULL`, `"riskScore" IS NOT NULL`]
      : [`"riskScore" = ${arg(risk)}::int`, `"riskScore" < ${arg(risk)}::int`];
  const page = `SELECT * FROM ((${select([...where, same, tie])}) UNION ALL (${select([...where, below])})) page
     ORDER BY ${order} LIMIT ${limit}`;
  return { sql: withJson(page), args, prepare };
}

/** A document's bytes, decrypted and checked against the SHA-256 recorded at upload. */
export async function readDocument(db: Db, ring: KeyRing, actor: Actor, applicationId: string, documentId: string) {
  const app = await loadVisible(db, actor, applicationId);
  const doc = await db.kycDocument.findFirst({ where: { id: documentId, applicationId } });
  if (!doc) throw new NotFoundError("KYC document", documentId);
  const bytes = openDocument(ring, doc);
  if (sha256Hex(bytes) !== doc.sha256) throw new Error(`KYC document ${doc.id} does not match its recorded SHA-256`);
  return { bytes, mimeType: doc.mimeType, sha256: doc.sha256, applicantId: app.applicantId };
}

/**
 * An application with its documents, for its investor or a reviewer; reviewers also learn which other applications
 * carry the same identity document (issue: two identities for one person).
 */
export async function applicationDetail(db: Db, ring: KeyRing, actor: Actor, id: string) {
  const app = await loadVisible(db, actor, id);
  const documents = await db.kycDocument.findMany({ where: { applicationId: app.id }, orderBy: { uploadedAt: "asc" } });
  const shared = isReviewer(actor) ? await applicationsSharingDocument(db, ring, app, openIdentity(ring, app)) : null;
  return { app, documents, shared };
}

/** Every status change of an application its investor or a reviewer may see, oldest first. */
export async function applicationHistory(db: Db, actor: Actor, id: string) {
  await loadVisible(db, actor, id);
  return db.kycStatusChange.findMany({ where: { applicationId: id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

/**
 * The identity-registry writes for an application's wallet, newest first; holds are compliance actions, shown to
 * reviewers only (issue 12.3; see presentOnchainWrite).
 */
export async function identityWrites(db: Db, actor: Actor, id: string) {
  const app = await loadVisible(db, actor, id);
  const reviewer = isReviewer(actor);
  const rows = await db.onchainIdentityChange.findMany({
    where: {
      AND: [
        { OR: [{ applicationId: app.id }, { wallet: app.wallet }] },
        reviewer ? {} : { OR: [{ kind: { in: [...INVESTOR_VISIBLE_WRITES] } }, COMPLIANCE_REVOCATION] },
      ],
    },
    orderBy: { seq: "desc" },
    take: 50,
  });
  return { rows, reviewer };
}

/** Reviewers' reads of someone's personal data are recorded in the audit trail (the investor's own reads are not). */
export async function recordPersonalDataAccess(
  db: Db,
  actor: Actor,
  applicantId: string,
  action: string,
  after: Record<string, string>,
): Promise<void> {
  if (actor.id === applicantId) return;
  await db.$transaction((tx) =>
    recordAudit(tx, { actor, action, entityType: "kyc_application", entityId: after["applicationId"]!, after }),
  );
}
