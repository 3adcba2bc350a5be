/** Land title routes, and the public document check. */
import { z } from "zod";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams } from "../core/schemas.ts";
import {
  CheckQuery,
  CreateTitleBody,
  DocumentCheckView,
  EncumbranceBody,
  EncumbranceParams,
  EncumbranceView,
  OwnershipView,
  RejectBody,
  ReleaseBody,
  TitleView,
  TransferBody,
  UpdateTitleBody,
  presentEncumbrance,
  presentOwnership,
  presentTitle,
} from "./schemas.ts";
import {
  addEncumbrance,
  checkDocument,
  createTitle,
  getOwnership,
  getTitle,
  recordTransfer,
  rejectTitle,
  releaseEncumbrance,
  updateTitle,
  verifyTitle,
} from "./service.ts";

const OFFICERS = ["COMPLIANCE_OFFICER"] as const;
const RECORDERS = ["ADMIN", "PROPERTY_MANAGER", "COMPLIANCE_OFFICER"] as const;

export const titleRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/properties/:id/title",
    summary: "Record the land title of a property (pending verification)",
    tags: ["titles"],
    access: ["ADMIN", "PROPERTY_MANAGER"],
    params: IdParams,
    idempotent: true,
    body: CreateTitleBody,
    responses: { 201: { description: "Recorded", schema: TitleView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => {
        const t = await createTitle(tx, actor, params.id, body);
        return { status: 201, body: presentTitle(t), version: t.version };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/titles/:id",
    summary: "A land title with its encumbrances",
    tags: ["titles"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "The title", schema: TitleView } },
    handler: async ({ deps, actor, params }) => {
      const t = await getTitle(deps.db, actor, params.id);
      return { status: 200, body: presentTitle(t), version: t.version };
    },
  }),
  defineRoute({
    method: "patch",
    path: "/titles/:id",
    summary: "Correct a pending or rejected title (returns it to PENDING)",
    tags: ["titles"],
    access: ["ADMIN", "PROPERTY_MANAGER"],
    params: IdParams,
    ifMatch: true,
    body: UpdateTitleBody,
    responses: { 200: { description: "Updated", schema: TitleView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const t = await updateTitle(tx, actor, params.id, expectedVersion, body);
        return { status: 200, body: presentTitle(t), version: t.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/titles/:id/verify",
    summary: "Verify a title (compliance officer)",
    tags: ["titles"],
    access: OFFICERS,
    params: IdParams,
    ifMatch: true,
    responses: { 200: { description: "Verified", schema: TitleView } },
    handler: async ({ deps, actor, params, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const t = await verifyTitle(tx, deps.storage, actor, params.id, expectedVersion);
        return { status: 200, body: presentTitle(t), version: t.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/titles/:id/reject",
    summary: "Reject a title with a reason (compliance officer)",
    tags: ["titles"],
    access: OFFICERS,
    params: IdParams,
    ifMatch: true,
    body: RejectBody,
    responses: { 200: { description: "Rejected", schema: TitleView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const t = await rejectTitle(tx, actor, params.id, expectedVersion, body.reason);
        return { status: 200, body: presentTitle(t), version: t.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/titles/:id/encumbrances",
    summary: "Register an encumbrance or lien",
    tags: ["titles"],
    access: RECORDERS,
    params: IdParams,
    idempotent: true,
    body: EncumbranceBody,
    responses: { 201: { description: "Registered", schema: EncumbranceView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({
        status: 201,
        body: presentEncumbrance(await addEncumbrance(tx, actor, params.id, body)),
      })),
  }),
  defineRoute({
    method: "post",
    path: "/titles/:id/encumbrances/:encumbranceId/release",
    summary: "Release an encumbrance",
    tags: ["titles"],
    access: RECORDERS,
    params: EncumbranceParams,
    body: ReleaseBody,
    responses: { 200: { description: "Released", schema: EncumbranceView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({
        status: 200,
        body: presentEncumbrance(await releaseEncumbrance(tx, actor, params.id, params.encumbranceId, body.releasedOn)),
      })),
  }),
  defineRoute({
    method: "post",
    path: "/titles/:id/transfers",
    summary: "Record a change of the owner of record (officer or admin)",
    tags: ["titles"],
    access: ["ADMIN", "COMPLIANCE_OFFICER"],
    params: IdParams,
    ifMatch: true,
    body: TransferBody,
    responses: { 200: { description: "Recorded", schema: TitleView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const t = await recordTransfer(tx, actor, params.id, expectedVersion, body);
        return { status: 200, body: presentTitle(t), version: t.version };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/titles/:id/ownership",
    summary: "Ownership history of a title",
    tags: ["titles"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "Owners, oldest first", schema: z.array(OwnershipView) } },
    handler: async ({ deps, actor, params }) => ({
      status: 200,
      body: (await getOwnership(deps.db, actor, params.id)).map(presentOwnership),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/documents/check",
    summary: "Check a document hash against what the registry recorded",
    tags: ["documents"],
    access: "public",
    query: CheckQuery,
    anonymousRateLimit: true,
    responses: { 200: { description: "Whether and where this hash was recorded", schema: DocumentCheckView } },
    handler: async ({ deps, actor, query }) => ({
      status: 200,
      body: await checkDocument(deps.db, actor, query.sha256),
    }),
  }),
  defineRoute({
    method: "post",
    path: "/documents/check",
    summary: "Upload a file and learn whether it matches a recorded document",
    tags: ["documents"],
    access: "public",
    upload: { field: "file", required: true },
    anonymousRateLimit: true,
    responses: { 200: { description: "Whether and where this file was recorded", schema: DocumentCheckView } },
    // The upload was hashed while it streamed to a temporary file (http/upload.ts); nothing of it is kept.
    handler: async ({ deps, actor, file }) => ({ status: 200, body: await checkDocument(deps.db, actor, file.sha256) }),
  }),
];
