/** Property routes: register, edit, workflow, documents, units, search (valuations: src/valuations). */
import { z } from "zod";
import { ALREADY_SENT, defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams } from "../core/schemas.ts";
import { TitleView } from "../titles/schemas.ts";
import {
  CreatePropertyBody,
  DocumentUploadBody,
  DocumentView,
  ListPropertiesQuery,
  PropertyPage,
  PropertyView,
  StatusChangeView,
  TransitionBody,
  UnitBody,
  PropertyMarketChain,
  UnitView,
  UpdatePropertyBody,
  ValuationView,
  presentDocument,
  presentProperty,
  presentStatusChange,
  presentUnit,
} from "./schemas.ts";
import { PUBLIC_STATUSES } from "./access.ts";
import { getPropertyDetailJson, listPropertiesJson } from "./read.ts";
import {
  addDocument,
  addUnit,
  createProperty,
  propertyDocumentContent,
  propertyDocuments,
  propertyHistory,
  propertyUnits,
  transitionProperty,
  updateProperty,
} from "./service.ts";

const MANAGERS = ["ADMIN", "PROPERTY_MANAGER"] as const;
const DocParams = z.object({ id: z.uuid(), documentId: z.uuid() });

export const PropertyDetailView = PropertyView.extend({
  title: TitleView.nullable(),
  documents: z.array(DocumentView),
  units: z.array(UnitView),
  recentValuations: z.array(ValuationView),
  chain: PropertyMarketChain.nullable().meta({
    description:
      "The property's governing offering on the configured chain (as on its card), from the chain sync; null before launch",
  }),
}).meta({ id: "PropertyDetail" });

export const propertyRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/properties",
    summary: "Register a property (draft)",
    tags: ["properties"],
    access: MANAGERS,
    idempotent: true,
    body: CreatePropertyBody,
    responses: { 201: { description: "Created", schema: PropertyView } },
    handler: async ({ actor, body, transaction }) =>
      transaction(async (tx) => {
        const p = await createProperty(tx, actor, body);
        return {
          status: 201,
          body: presentProperty(p),
          version: p.version,
          headers: { Location: `/api/v1/properties/${p.id}` },
        };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/properties",
    summary: "Search properties with filters, sorting and cursor pagination",
    tags: ["properties"],
    access: "public",
    publicCache: true,
    query: ListPropertiesQuery,
    responses: { 200: { description: "A page of properties", schema: PropertyPage } },
    handler: async ({ deps, actor, query }) => {
      const json = await listPropertiesJson(deps.pool, actor, query, deps.config.siwe.chainId);
      // scope=public reads public properties only, whoever asks (the marketplace): the same answer for everyone
      return { status: 200, json, sameForEveryone: query.scope === "public" };
    },
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id",
    summary: "A property with its title, documents, units and recent valuations",
    tags: ["properties"],
    access: "public",
    publicCache: true,
    params: IdParams,
    responses: { 200: { description: "The property", schema: PropertyDetailView } },
    handler: async ({ deps, actor, params }) => {
      const { json, version, status } = await getPropertyDetailJson(
        deps.pool,
        actor,
        params.id,
        deps.config.siwe.chainId,
      );
      // a public property's page is built without the caller: the same answer for everyone who may see it (all)
      return { status: 200, version, json, sameForEveryone: PUBLIC_STATUSES.includes(status) };
    },
  }),
  defineRoute({
    method: "patch",
    path: "/properties/:id",
    summary: "Edit a draft (or rejected) property",
    tags: ["properties"],
    access: MANAGERS,
    params: IdParams,
    ifMatch: true,
    body: UpdatePropertyBody,
    responses: { 200: { description: "Updated", schema: PropertyView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const p = await updateProperty(tx, actor, params.id, expectedVersion, body);
        return { status: 200, body: presentProperty(p), version: p.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/properties/:id/transitions",
    summary: "Move a property through its workflow",
    description:
      "DRAFT->SUBMITTED (owner/manager), SUBMITTED->VERIFIED|REJECTED (compliance officer; verification needs a verified title), ->ARCHIVED. TOKENIZED, OFFERING, CLOSED, REFUNDING, FUNDED and EXITED are set by the chain sync from the synced offering and exit events, never through this route (properties/workflow.ts).",
    tags: ["properties"],
    access: "authenticated",
    params: IdParams,
    ifMatch: true,
    body: TransitionBody,
    responses: { 200: { description: "Moved", schema: PropertyView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const p = await transitionProperty(tx, actor, params.id, expectedVersion, body.to, body.reason);
        return { status: 200, body: presentProperty(p), version: p.version };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/history",
    summary: "Status history: who moved the property and when",
    tags: ["properties"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "Status changes, oldest first", schema: z.array(StatusChangeView) } },
    handler: async ({ deps, actor, params }) => {
      const rows = await propertyHistory(deps.db, actor, params.id);
      return { status: 200, body: rows.map(presentStatusChange) };
    },
  }),
  defineRoute({
    method: "post",
    path: "/properties/:id/documents",
    summary: "Upload an image or document (stored with its SHA-256)",
    tags: ["properties"],
    access: MANAGERS,
    params: IdParams,
    idempotent: true,
    upload: { field: "file", required: true },
    body: DocumentUploadBody,
    responses: { 201: { description: "Stored", schema: DocumentView } },
    handler: async ({ deps, actor, params, body, file, transaction }) =>
      transaction(async (tx) => ({
        status: 201,
        body: presentDocument(await addDocument(tx, deps.storage, actor, params.id, body, file)),
      })),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/documents",
    summary: "Documents and images of a property (metadata)",
    tags: ["properties"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "Documents", schema: z.array(DocumentView) } },
    handler: async ({ deps, actor, params }) => {
      const rows = await propertyDocuments(deps.db, actor, params.id);
      return { status: 200, body: rows.map(presentDocument) };
    },
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/documents/:documentId/content",
    summary: "Download a document's bytes",
    tags: ["properties"],
    access: "public",
    params: DocParams,
    responses: {
      200: {
        description: "The file",
        contentType: "application/octet-stream",
        schema: z.string().meta({ format: "binary" }),
      },
    },
    handler: async ({ deps, actor, params, res }) => {
      const { doc, bytes } = await propertyDocumentContent(deps.db, deps.storage, actor, params.id, params.documentId);
      res.status(200);
      // RFC 6266 via Express: an ASCII fallback plus filename*=UTF-8'' for names outside Latin-1.
      res.attachment(doc.fileName);
      res.setHeader("Content-Type", "application/octet-stream");
      res.setHeader("Digest", `sha-256=${Buffer.from(doc.sha256, "hex").toString("base64")}`);
      res.setHeader("X-Content-SHA256", doc.sha256);
      res.end(bytes);
      return ALREADY_SENT;
    },
  }),
  defineRoute({
    method: "post",
    path: "/properties/:id/units",
    summary: "Add a unit (what a lease attaches to)",
    tags: ["properties"],
    access: MANAGERS,
    params: IdParams,
    idempotent: true,
    body: UnitBody,
    responses: { 201: { description: "Added", schema: UnitView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({ status: 201, body: presentUnit(await addUnit(tx, actor, params.id, body)) })),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/units",
    summary: "Units of a property",
    tags: ["properties"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "Units", schema: z.array(UnitView) } },
    handler: async ({ deps, actor, params }) => {
      const rows = await propertyUnits(deps.db, actor, params.id);
      return { status: 200, body: rows.map(presentUnit) };
    },
  }),
];
