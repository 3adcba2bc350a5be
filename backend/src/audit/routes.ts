/** Reading and verifying the audit trail (admins and compliance officers). */
import { z } from "zod";
import { dateTime } from "../core/schemas.ts";
import { keyRingOf } from "../http/deps.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { AuditActionSchema } from "./actions.ts";
import { checkpointStore } from "./checkpoint.ts";
import { readAuditTrailJson, verifyAuditTrail } from "./service.ts";

const AuditEntryView = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    actorId: z.string().nullable(),
    actorAddress: z.string().nullable(),
    actorName: z.string().nullable().meta({ description: "The actor's display name, when they gave one" }),
    action: AuditActionSchema,
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

const AuditQuery = z
  .object({
    entityType: z.string().max(64).optional(),
    entityId: z.string().max(64).optional(),
    actorId: z.uuid().optional(),
    action: AuditActionSchema.optional().meta({ description: "One action, e.g. user.roles_changed" }),
    from: dateTime().optional().meta({ description: "Entries at or after this time" }),
    to: dateTime().optional().meta({ description: "Entries at or before this time" }),
    order: z.enum(["asc", "desc"]).default("asc").meta({ description: "asc: oldest first; desc: newest first" }),
    /** Entries after this sequence number (oldest first). */
    afterSeq: z.coerce.number().int().min(0).max(2_147_483_647).default(0),
    /** Entries before this sequence number (newest first). */
    beforeSeq: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), {
    message: "from must not be after to",
    path: ["to"],
  });

const READERS = ["ADMIN", "COMPLIANCE_OFFICER"] as const;

export const auditRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/audit",
    summary: "Read the audit trail, filtered by entity, actor, action and date range, paged by sequence number",
    tags: ["audit"],
    access: READERS,
    query: AuditQuery,
    responses: {
      200: {
        description: "Entries",
        schema: z.object({
          items: z.array(AuditEntryView),
          nextAfterSeq: z.number().int().nullable().meta({ description: "order=asc: afterSeq of the next page" }),
          nextBeforeSeq: z.number().int().nullable().meta({ description: "order=desc: beforeSeq of the next page" }),
        }),
      },
    },
    handler: async ({ deps, query }) => ({
      status: 200,
      json: await readAuditTrailJson(deps.pool, keyRingOf(deps), {
        ...query,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      }),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/audit/verify",
    summary: "Recompute the hash chain and check its tail against the latest signed checkpoint",
    tags: ["audit"],
    access: READERS,
    responses: {
      200: {
        description: "Verification result",
        schema: z
          .object({
            valid: z.boolean(),
            entries: z.number().int(),
            headHash: z.string(),
            brokenAt: z.object({ seq: z.number().int(), reason: z.enum(["hash_mismatch", "link_broken"]) }).optional(),
            /** The tail against the latest signed checkpoint kept outside the database. */
            tail: z.enum(["anchored", "unanchored", "truncated", "rewritten", "checkpoint_invalid"]),
            checkpoint: z
              .object({ seq: z.number().int(), headHash: z.string(), signedAt: z.iso.datetime() })
              .optional(),
          })
          .meta({ id: "AuditVerification" }),
      },
    },
    handler: async ({ deps }) => ({ status: 200, body: await verifyAuditTrail(deps.db, checkpointStore(deps.config)) }),
  }),
];
