/** Valuation routes: record, approve or reject (four eyes), the history, and NAV per unit. */
import { z } from "zod";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams } from "../core/schemas.ts";
import { propertyNav } from "./nav.ts";
import {
  ApproveBody,
  NavView,
  RejectBody,
  ValuationBody,
  ValuationQueuePage,
  ValuationQueueQuery,
  ValuationRecordView,
  presentQueueItem,
  presentValuationRecord,
} from "./schemas.ts";
import { decideValuation, propertyValuations, recordValuation, valuationQueue, type Decision } from "./service.ts";

/** POST /valuations/:id/approve | reject: a compliance officer or admin who did not record the valuation. */
function decisionRoute(verb: "approve" | "reject", summary: string, body: typeof ApproveBody | typeof RejectBody) {
  return defineRoute({
    method: "post",
    path: `/valuations/:id/${verb}`,
    summary,
    tags: ["valuations"],
    access: ["ADMIN", "COMPLIANCE_OFFICER"],
    params: IdParams,
    body,
    responses: { 200: { description: verb === "approve" ? "Approved" : "Rejected", schema: ValuationRecordView } },
    handler: async ({ actor, params, body: { reason }, transaction }) =>
      transaction(async (tx) => {
        const decision: Decision =
          verb === "approve" ? { approve: true, reason } : { approve: false, reason: reason ?? "" };
        return { status: 200, body: presentValuationRecord(await decideValuation(tx, actor, params.id, decision)) };
      }),
  });
}

export const valuationRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/properties/:id/valuations",
    summary: "Record a valuation (approved or rejected later by a compliance officer)",
    tags: ["valuations"],
    access: ["ADMIN", "PROPERTY_MANAGER"],
    params: IdParams,
    idempotent: true,
    body: ValuationBody,
    responses: { 201: { description: "Recorded", schema: ValuationRecordView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({
        status: 201,
        body: presentValuationRecord(await recordValuation(tx, actor, params.id, body)),
      })),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/valuations",
    summary:
      "Valuation history, newest first: the approved ones; the property's managers, compliance officers and admins also see recorded and rejected ones",
    tags: ["valuations"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "Valuations", schema: z.array(ValuationRecordView) } },
    handler: async ({ deps, actor, params }) => ({
      status: 200,
      body: (await propertyValuations(deps.db, actor, params.id)).map(presentValuationRecord),
    }),
  }),
  defineRoute({
    method: "get",
    path: "/valuations",
    summary:
      "Valuations of every property, oldest recorded first, with the property's name: status=RECORDED is the review queue",
    tags: ["valuations"],
    access: ["ADMIN", "COMPLIANCE_OFFICER"],
    query: ValuationQueueQuery,
    responses: { 200: { description: "A page of valuations", schema: ValuationQueuePage } },
    handler: async ({ deps, query }) => {
      const page = await valuationQueue(deps.db, query);
      return { status: 200, body: { items: page.items.map(presentQueueItem), nextCursor: page.nextCursor } };
    },
  }),
  decisionRoute(
    "approve",
    "Approve a recorded valuation (not by its recorder); its document is then anchored on the token",
    ApproveBody,
  ),
  decisionRoute("reject", "Reject a recorded valuation with a reason (not by its recorder)", RejectBody),
  defineRoute({
    method: "get",
    path: "/properties/:id/nav",
    summary: "NAV per unit: (latest approved valuation + cash reserves − liabilities) / tokens outstanding",
    tags: ["valuations"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "The property's NAV as of its latest approved valuation", schema: NavView } },
    handler: async ({ deps, actor, params }) => ({
      status: 200,
      body: await propertyNav(deps.db, actor, params.id, deps.config.siwe.chainId),
    }),
  }),
];
