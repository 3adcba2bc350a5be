/** KYC routes under /api/v1/kyc. Rules live in service.ts; this file maps HTTP to them. */
import { z } from "zod";
import { ALREADY_SENT, defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams } from "../core/schemas.ts";
import { keyRingOf } from "../http/deps.ts";
import { rotateKycKeys } from "./key-rotation.ts";
import { queueKey } from "./queue.ts";
import { parseApplicationField, submitWithDocument, SubmitWithDocumentBody } from "./submission.ts";
import {
  ApplicationDetail,
  ApplicationPage,
  ApplicationSummary,
  ApproveBody,
  DocumentCreated,
  DocumentParams,
  DocumentUploadBody,
  ExpiryReport,
  InfoRequestBody,
  ListQuery,
  OnchainWriteView,
  presentDetail,
  presentOnchainWrite,
  presentSharedDocument,
  presentStatusChange,
  presentSummary,
  ReasonBody,
  RefuseDocumentBody,
  ResubmitBody,
  RotationBody,
  RotationReportView,
  StatusChangeView,
  SubmitBody,
} from "./schemas.ts";
import {
  addDocument,
  applicationDetail,
  applicationHistory,
  approve,
  expireDue,
  identityWrites,
  listApplicationsJson,
  readDocument,
  recordPersonalDataAccess,
  refuseApplicationDocument,
  reject,
  requestMoreInformation,
  resubmit,
  revoke,
  startReview,
  submitApplication,
  REVIEWER_ROLES,
  isReviewer,
} from "./service.ts";

const ring = keyRingOf;

const INVESTOR = ["INVESTOR"] as const;
const REVIEWERS = REVIEWER_ROLES;
const ADMIN = ["ADMIN"] as const;

const reviewResponses = (what: string) => ({ 200: { description: what, schema: ApplicationSummary } });

export const kycRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/kyc/applications",
    summary: "Submit a KYC application (investors; one live application at a time)",
    description:
      "Identity data is encrypted at rest (AES-256-GCM) and screened against the active sanctions list in the same transaction.",
    tags: ["kyc"],
    access: INVESTOR,
    idempotent: true,
    body: SubmitBody,
    responses: { 201: { description: "Submitted", schema: ApplicationSummary } },
    handler: async ({ deps, actor, body, transaction }) =>
      transaction(async (tx) => {
        const app = await submitApplication(tx, { ring: ring(deps), actor: actor }, body);
        return {
          status: 201,
          body: presentSummary(app, isReviewer(actor)),
          version: app.version,
          headers: { Location: `/api/v1/kyc/applications/${app.id}` },
        };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/with-document",
    summary: "Submit a KYC application with its identity document, all or nothing (investors)",
    description:
      "multipart/form-data: `application` (the JSON of POST /kyc/applications), `kind` (the identity document's kind) and `file` (PDF, JPEG, PNG or WebP, recognised by content). The file is checked first; a refused file (415, with `detail` for the person and `technicalReason` for developers) leaves no application.",
    tags: ["kyc"],
    access: INVESTOR,
    idempotent: true,
    upload: { field: "file", required: true },
    body: SubmitWithDocumentBody,
    responses: { 201: { description: "Submitted with its document", schema: ApplicationSummary } },
    handler: async ({ deps, actor, body, file, transaction }) => {
      const application = parseApplicationField(body.application);
      return transaction(async (tx) => {
        const { app } = await submitWithDocument(tx, { ring: ring(deps), actor }, application, async () => ({
          kind: body.kind,
          fileName: file.originalName,
          // recognised from the content (http/upload.ts): 415 before anything is written
          mimeType: await file.contentType(),
          bytes: await file.read(),
        }));
        return {
          status: 201,
          body: presentSummary(app, isReviewer(actor)),
          version: app.version,
          headers: { Location: `/api/v1/kyc/applications/${app.id}` },
        };
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/kyc/applications",
    summary: "List KYC applications: reviewers see the queue (oldest first), investors their own",
    tags: ["kyc"],
    access: "authenticated",
    query: ListQuery,
    responses: { 200: { description: "A page of applications", schema: ApplicationPage } },
    // PostgreSQL builds the body (service.ts): sent as it comes.
    handler: async ({ deps, actor, query }) => ({
      status: 200,
      json: await listApplicationsJson(deps.pool, ring(deps), actor, {
        status: query.status,
        view: query.view,
        sort: query.sort,
        after: queueKey(query.sort, query.cursor),
        limit: query.limit,
      }),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/kyc/applications/:id",
    summary: "Read a KYC application with its identity data and documents (its investor, or a reviewer)",
    tags: ["kyc"],
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The application", schema: ApplicationDetail } },
    handler: async ({ deps, actor, params }) => {
      const { app, documents, shared } = await applicationDetail(deps.db, ring(deps), actor, params.id);
      const body = {
        ...presentDetail(ring(deps), app, documents, isReviewer(actor)),
        ...(shared ? { sameIdentityDocument: shared.map(presentSharedDocument) } : {}),
      };
      await recordPersonalDataAccess(deps.db, actor, app.applicantId, "kyc.identity_viewed", { applicationId: app.id });
      return { status: 200, body, version: app.version, headers: { "Cache-Control": "no-store" } };
    },
  }),
  defineRoute({
    method: "get",
    path: "/kyc/applications/:id/history",
    summary: "Every status change of a KYC application (its investor, or a reviewer)",
    tags: ["kyc"],
    access: "authenticated",
    params: IdParams,
    responses: {
      200: { description: "Status changes, oldest first", schema: z.object({ items: z.array(StatusChangeView) }) },
    },
    handler: async ({ deps, actor, params }) => {
      const rows = await applicationHistory(deps.db, actor, params.id);
      return {
        status: 200,
        body: { items: rows.map((c) => presentStatusChange(c, { reviewer: isReviewer(actor), id: actor.id })) },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/kyc/applications/:id/onchain",
    summary:
      "The compliance agent's identity-registry writes for the application's wallet, newest first (its investor, or a reviewer)",
    tags: ["kyc"],
    access: "authenticated",
    params: IdParams,
    responses: {
      200: { description: "Registry writes and their status", schema: z.object({ items: z.array(OnchainWriteView) }) },
    },
    handler: async ({ deps, actor, params }) => {
      const { rows, reviewer } = await identityWrites(deps.db, actor, params.id);
      return { status: 200, body: { items: rows.map((r) => presentOnchainWrite(r, reviewer)) } };
    },
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/documents",
    summary: "Upload an identity document (the application's investor, while SUBMITTED or MORE_INFO_REQUESTED)",
    description:
      "PDF, JPEG, PNG or WebP, recognised by content. Stored encrypted; the SHA-256 of the file is recorded.",
    tags: ["kyc"],
    access: INVESTOR,
    idempotent: true,
    params: IdParams,
    upload: { field: "file", required: true },
    body: DocumentUploadBody,
    responses: { 201: { description: "Stored", schema: DocumentCreated } },
    handler: async ({ deps, actor, params, body, file, transaction }) =>
      transaction(async (tx) => {
        const doc = await addDocument(tx, { ring: ring(deps), actor: actor }, params.id, {
          kind: body.kind,
          fileName: file.originalName,
          // Recognised from the content (http/upload.ts): a declared type the content contradicts is a 415.
          mimeType: await file.contentType(),
          bytes: await file.read(),
        });
        return { status: 201, body: { ...doc, uploadedAt: doc.uploadedAt.toISOString() } };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/kyc/applications/:id/documents/:documentId/content",
    summary: "Download a KYC document, decrypted and checked against its SHA-256 (its investor, or a reviewer)",
    tags: ["kyc"],
    access: "authenticated",
    params: DocumentParams,
    responses: { 200: { description: "The file", contentType: "application/octet-stream" } },
    handler: async ({ deps, actor, params, res }) => {
      const doc = await readDocument(deps.db, ring(deps), actor, params.id, params.documentId);
      await recordPersonalDataAccess(deps.db, actor, doc.applicantId, "kyc.document_viewed", {
        applicationId: params.id,
        documentId: params.documentId,
      });
      res
        .status(200)
        .set({
          "Content-Type": doc.mimeType,
          "Cache-Control": "no-store",
          "X-Content-SHA256": doc.sha256,
          "Content-Disposition": "attachment",
        })
        .send(doc.bytes);
      return ALREADY_SENT;
    },
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/documents/:documentId/refuse",
    summary: "Refuse one document with a standard reason (reviewers); the application goes back to the investor",
    description:
      "While UNDER_REVIEW (it moves to MORE_INFO_REQUESTED, the investor is notified) or MORE_INFO_REQUESTED. The investor reads the document as REFUSED with `reason`, uploads a replacement of its kind and resubmits (refused until every refused document is replaced). `note` is for reviewers only.",
    tags: ["kyc"],
    access: REVIEWERS,
    params: DocumentParams,
    ifMatch: true,
    body: RefuseDocumentBody,
    responses: reviewResponses("Refused; the application waits for the investor"),
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await refuseApplicationDocument(
          tx,
          { ring: ring(deps), actor },
          params.id,
          expectedVersion,
          params.documentId,
          body,
        );
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/review",
    summary: "Take a submitted application under review (reviewers)",
    tags: ["kyc"],
    access: REVIEWERS,
    params: IdParams,
    ifMatch: true,
    responses: reviewResponses("Under review"),
    handler: async ({ deps, actor, params, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await startReview(tx, { ring: ring(deps), actor: actor }, params.id, expectedVersion);
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/request-info",
    summary: "Ask the investor for more information (reviewers)",
    tags: ["kyc"],
    access: REVIEWERS,
    params: IdParams,
    ifMatch: true,
    body: InfoRequestBody,
    responses: reviewResponses("More information requested"),
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await requestMoreInformation(
          tx,
          { ring: ring(deps), actor: actor },
          params.id,
          expectedVersion,
          body.message,
        );
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/resubmit",
    summary:
      "Resubmit after a request for more information (the application's investor; each refused document replaced first)",
    tags: ["kyc"],
    access: INVESTOR,
    params: IdParams,
    ifMatch: true,
    body: ResubmitBody,
    responses: reviewResponses("Submitted again"),
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await resubmit(tx, { ring: ring(deps), actor: actor }, params.id, expectedVersion, body);
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/approve",
    summary: "Approve with country, accreditation and expiry (reviewers); queues the on-chain registration",
    description:
      "Refused while a sanctions match is unresolved, without an identity document, without a screening against the active list, for an embargoed country, or with an expiry outside the allowed range.",
    tags: ["kyc"],
    access: REVIEWERS,
    params: IdParams,
    ifMatch: true,
    body: ApproveBody,
    responses: reviewResponses("Approved"),
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await approve(tx, { ring: ring(deps), actor: actor }, params.id, expectedVersion, body);
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/reject",
    summary: "Reject with a reason (reviewers)",
    tags: ["kyc"],
    access: REVIEWERS,
    params: IdParams,
    ifMatch: true,
    body: ReasonBody,
    responses: reviewResponses("Rejected"),
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await reject(tx, { ring: ring(deps), actor: actor }, params.id, expectedVersion, body.reason);
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/applications/:id/revoke",
    summary: "Revoke an approval with a reason (reviewers); queues the on-chain removal",
    tags: ["kyc"],
    access: REVIEWERS,
    params: IdParams,
    ifMatch: true,
    body: ReasonBody,
    responses: reviewResponses("Revoked"),
    handler: async ({ deps, actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const app = await revoke(tx, { ring: ring(deps), actor: actor }, params.id, expectedVersion, body.reason);
        return { status: 200, body: presentSummary(app, isReviewer(actor)), version: app.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/expire-due",
    summary: "Expire every approval whose KYC expiry has passed (reviewers; also run on a schedule)",
    tags: ["kyc"],
    access: REVIEWERS,
    responses: { 200: { description: "Expired applications", schema: ExpiryReport } },
    handler: async ({ actor, transaction }) =>
      transaction(async (tx) => ({ status: 200, body: { expired: await expireDue(tx, actor) } })),
  }),
  defineRoute({
    method: "post",
    path: "/kyc/key-rotation",
    summary:
      "Re-encrypt all personal data still under an older key (admins): KYC identities and documents, email addresses, display names; resumable, in batches",
    tags: ["kyc"],
    access: ADMIN,
    body: RotationBody,
    responses: { 200: { description: "What was re-encrypted", schema: RotationReportView } },
    handler: async ({ deps, actor, body }) => ({
      status: 200,
      body: await rotateKycKeys(deps.db, ring(deps), actor, body),
    }),
  }),
];
