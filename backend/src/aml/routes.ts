/** AML routes under /api/v1/aml (compliance officers and admins only: screening results are never shown to investors). */
import { z } from "zod";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { decodeCursor, encodeCursor } from "../core/cursor.ts";
import type { Deps } from "../http/deps.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { rejectControlCharacters } from "../http/text-guard.ts";
import { Cursor, IdParams, Limit, Text } from "../core/schemas.ts";
import { STANDARD_INVESTOR_REASONS } from "../kyc/investor-text.ts";
import { REVIEWER_ROLES } from "../kyc/service.ts";
import { loadListVersion } from "./list-loading.ts";
import { recentListVersions, requireActiveListVersion, type ListVersionRow } from "./lists.ts";
import {
  checkAgainstActiveList,
  decideScreening,
  getScreening,
  listScreenings,
  presentScreening,
  presentScreenings,
  screenAgain,
} from "./screening-service.ts";
import { DEFAULT_NAME_THRESHOLD } from "./screening/screener.ts";

const REVIEWERS = REVIEWER_ROLES;
const ring = (deps: Deps) => keyRingFromConfig(deps.config.kycKeys);

const ListVersionView = z
  .object({
    id: z.string(),
    source: z.string(),
    format: z.string(),
    digest: z.string(),
    entryCount: z.number().int(),
    walletCount: z.number().int(),
    active: z.boolean(),
    loadedAt: z.iso.datetime(),
    activatedAt: z.iso.datetime().nullable(),
    loadedById: z.string().nullable(),
  })
  .meta({ id: "SanctionsListVersion" });

const Match = z
  .object({
    kind: z.enum(["name", "wallet"]),
    entNum: z.number().int(),
    primaryName: z.string(),
    matchedName: z.string().optional(),
    address: z.string().optional(),
    currency: z.string().optional(),
    score: z.number(),
    programs: z.array(z.string()),
  })
  .meta({ id: "SanctionsMatch" });

const ConfirmationClose = z
  .object({
    applicationId: z.string(),
    status: z.enum(["SUBMITTED", "UNDER_REVIEW", "MORE_INFO_REQUESTED", "APPROVED"]),
    action: z.enum(["reject", "revoke"]),
    sameWallet: z
      .boolean()
      .meta({ description: "The screened wallet's application (else another wallet of the same identity)" }),
  })
  .meta({ id: "AmlConfirmationClose" });

const ScreeningStatus = z.enum(["CLEAR", "PENDING_REVIEW", "FALSE_POSITIVE", "CONFIRMED_MATCH"]);

const ScreeningView = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    listVersionId: z.string(),
    trigger: z.string(),
    threshold: z.number(),
    matches: z.array(Match),
    bestNameScore: z.number(),
    walletHit: z.boolean(),
    pep: z.boolean(),
    manualFlags: z.array(z.string()),
    riskScore: z.number().int(),
    riskLevel: z.string(),
    riskFactors: z.unknown(),
    status: ScreeningStatus,
    decidedById: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decisionReason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    confirmationCloses: z.array(ConfirmationClose).meta({
      description:
        "What confirming this match would close now, computed by the decision's own code: the live application of every wallet of the person (the screened application, or when it is closed the live one of its wallet, then the live one of each other wallet of the same on-chain identity). investorReason is required exactly when this is not empty. Empty for a screening that is not PENDING_REVIEW",
    }),
  })
  .meta({ id: "AmlScreening" });

const presentVersion = (v: ListVersionRow) => ({
  ...v,
  loadedAt: v.loadedAt.toISOString(),
  activatedAt: v.activatedAt?.toISOString() ?? null,
});

const ListUploadBody = z.object({
  /** ALT.CSV content (optional). */
  alt: z.string().max(1_000_000).optional(),
  /** ADD.CSV content (optional). */
  add: z.string().max(1_000_000).optional(),
});

const CheckBody = z
  .object({
    names: z.array(Text(300)).max(20).default([]),
    wallets: z.array(z.string().max(64)).max(20).default([]),
    threshold: z.number().min(0.5).max(1).default(DEFAULT_NAME_THRESHOLD),
  })
  .strict()
  .refine((b) => b.names.length + b.wallets.length > 0, "give at least one name or wallet");

const ScreeningQuery = z.object({
  status: ScreeningStatus.optional(),
  applicationId: z.uuid().optional(),
  cursor: Cursor,
  limit: Limit,
});

const DecisionBody = z
  .object({
    decision: z.enum(["FALSE_POSITIVE", "CONFIRMED_MATCH"]),
    reason: Text(2000).meta({ description: "The grounds of the decision (reviewers only)" }),
    investorReason: z
      .enum(STANDARD_INVESTOR_REASONS, {
        error: `choose one of the standard reasons for the investor: ${STANDARD_INVESTOR_REASONS.map((r) => `"${r}"`).join(", ")}`,
      })
      .optional()
      .meta({
        description:
          "What the investor reads as the reason their application was rejected or revoked: one of the standard reasons, never free text (officers may give the same ones for their own rejections and revocations, so the investor cannot tell the two apart). Required when a CONFIRMED_MATCH closes an application: a confirmed match rejects or revokes the live application of every wallet of the person (the screened application, or when it is closed the live one of its wallet, and the live one of each other wallet registered under the same on-chain identity), all with this reason. Refused otherwise: with FALSE_POSITIVE, or when the screened application is closed and no wallet of its identity has a live application",
      }),
  })
  .strict();

const ManualScreenBody = z
  .object({
    pep: z.boolean().optional(),
    manualFlags: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "snake_case flag, e.g. adverse_media"))
      .max(10)
      .optional(),
  })
  .strict();

/** OFAC's legacy CSV files end with a Ctrl-Z end-of-file marker, which the parser takes (and nothing after it). */
const EOF_MARK = "\u001a";

/**
 * The uploaded list file's text, through the text gate every other input goes through: a NUL (which PostgreSQL
 * cannot store in the column that keeps the file: it answered 500) or another control character is a 400 naming
 * the `file` field, before anything is parsed or written. Only a trailing end-of-file marker is let through.
 */
function listFileText(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  const trimmed = text.trimEnd();
  rejectControlCharacters({ file: trimmed.endsWith(EOF_MARK) ? trimmed.slice(0, -EOF_MARK.length) : text });
  return text;
}

export const amlRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/aml/lists",
    summary:
      "Load a new OFAC SDN list version (reviewers): it becomes active and every live KYC application is re-screened",
    description:
      "multipart/form-data: `file` = SDN.CSV (official legacy format, with optional text fields `alt` = ALT.CSV and `add` = ADD.CSV) or SDN.XML or SDN_ENHANCED.XML (recognised by their content). New hits go to review; approved wallets with a new hit are frozen on chain through the outbox.",
    tags: ["aml"],
    access: REVIEWERS,
    upload: { field: "file", required: true, fileTextFields: ["alt", "add"] },
    body: ListUploadBody,
    responses: {
      201: {
        description: "Loaded and active",
        schema: z.object({
          version: ListVersionView,
          previousVersionId: z.string().nullable(),
          rescreened: z.number().int(),
          newHits: z.number().int(),
        }),
      },
    },
    handler: async ({ deps, actor, body, file }) => {
      const sdn = listFileText(await file.read());
      const report = await loadListVersion(deps.db, ring(deps), actor, {
        sdn,
        ...(body.alt ? { alt: body.alt } : {}),
        ...(body.add ? { add: body.add } : {}),
      });
      return { status: 201, body: { ...report, version: presentVersion(report.version) } };
    },
  }),
  defineRoute({
    method: "get",
    path: "/aml/lists",
    summary: "Sanctions list versions, newest first (reviewers)",
    tags: ["aml"],
    access: REVIEWERS,
    responses: { 200: { description: "Versions", schema: z.object({ items: z.array(ListVersionView) }) } },
    handler: async ({ deps }) => ({
      status: 200,
      body: { items: (await recentListVersions(deps.db)).map(presentVersion) },
    }),
  }),
  defineRoute({
    method: "get",
    path: "/aml/lists/active",
    summary: "The active sanctions list version (reviewers)",
    tags: ["aml"],
    access: REVIEWERS,
    responses: { 200: { description: "Active version", schema: ListVersionView } },
    handler: async ({ deps }) => ({ status: 200, body: presentVersion(await requireActiveListVersion(deps.db)) }),
  }),
  defineRoute({
    method: "post",
    path: "/aml/check",
    summary: "Check names and wallet addresses against the active list without recording anything (reviewers)",
    tags: ["aml"],
    access: REVIEWERS,
    body: CheckBody,
    responses: {
      200: {
        description: "Matches, best first",
        schema: z.object({ listVersionId: z.string(), matches: z.array(Match) }),
      },
    },
    handler: async ({ deps, body }) => ({ status: 200, body: await checkAgainstActiveList(deps.db, body) }),
  }),
  defineRoute({
    method: "get",
    path: "/aml/screenings",
    summary: "Screenings, newest first; `status=PENDING_REVIEW` is the review queue (reviewers)",
    tags: ["aml"],
    access: REVIEWERS,
    query: ScreeningQuery,
    responses: {
      200: {
        description: "A page of screenings",
        schema: z.object({ items: z.array(ScreeningView), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ deps, query }) => {
      const after = decodeCursor(query.cursor, ["uuid"])?.[0];
      const rows = await listScreenings(deps.db, {
        status: query.status,
        applicationId: query.applicationId,
        afterId: after ?? undefined,
        limit: query.limit,
      });
      const last = rows.at(-1);
      return {
        status: 200,
        body: {
          items: await presentScreenings(deps.db, rows),
          nextCursor: rows.length === query.limit && last ? encodeCursor([last.id]) : null,
        },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/aml/screenings/:id",
    summary: "Read a screening (reviewers)",
    tags: ["aml"],
    access: REVIEWERS,
    params: IdParams,
    responses: { 200: { description: "The screening", schema: ScreeningView } },
    handler: async ({ deps, params }) => {
      const row = await getScreening(deps.db, params.id);
      return { status: 200, body: await presentScreening(deps.db, row), version: row.version };
    },
  }),
  defineRoute({
    method: "post",
    path: "/aml/screenings/:id/decision",
    summary:
      "Decide on a possible match: FALSE_POSITIVE clears it, CONFIRMED_MATCH rejects or revokes the live application of every wallet of the person (reviewers, with a reason, and the reason the investor reads when it closes an application)",
    tags: ["aml"],
    access: REVIEWERS,
    params: IdParams,
    ifMatch: true,
    body: DecisionBody,
    responses: { 200: { description: "Decided", schema: ScreeningView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => {
        const row = await decideScreening(tx, actor, params.id, expectedVersion, body);
        return { status: 200, body: await presentScreening(tx, row), version: row.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/aml/applications/:id/screen",
    summary:
      "Screen a KYC application again against the active list, optionally recording PEP and manual flags (reviewers)",
    tags: ["aml"],
    access: REVIEWERS,
    params: IdParams,
    body: ManualScreenBody,
    responses: { 201: { description: "Screened", schema: ScreeningView } },
    handler: async ({ deps, actor, params, body, transaction }) =>
      transaction(async (tx) => {
        const screening = await screenAgain(tx, ring(deps), actor, params.id, body);
        return { status: 201, body: await presentScreening(tx, screening), version: screening.version };
      }),
  }),
];
