/** Reading and verifying the audit trail (admins and compliance officers). */
import { z } from "zod";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { checkpointStore } from "./checkpoint.ts";
import { readAuditTrail, verifyAuditTrail } from "./service.ts";

const AuditEntryView = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    actorId: z.string().nullable(),
    actorAddress: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

const AuditQuery = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  /** Entries after this sequence number. */
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const READERS = ["ADMIN", "COMPLIANCE_OFFICER"] as const;

export const auditRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/audit",
    summary: "Read the audit trail, oldest first",
    tags: ["audit"],
    access: READERS,
    query: AuditQuery,
    responses: {
      200: {
        description: "Entries",
        schema: z.object({ items: z.array(AuditEntryView), nextAfterSeq: z.number().int().nullable() }),
      },
    },
    handler: async ({ deps, query }) => {
      const { rows, nextAfterSeq } = await readAuditTrail(deps.db, query);
      return { status: 200, body: { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), nextAfterSeq } };
    },
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
