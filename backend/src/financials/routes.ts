/** Financial period routes: draft, lines, close, adjust, list, read and the statement document. */
import { z } from "zod";
import { ALREADY_SENT, defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams, parseDateOnly } from "../core/schemas.ts";
import { listPeriods, getPeriod, periodStatement } from "./read.ts";
import {
  CreateAdjustmentBody,
  CreatePeriodBody,
  LineBody,
  LineParams,
  LineView,
  PeriodDetailView,
  PeriodParams,
  PeriodView,
  UpdateLineBody,
  UpdatePeriodBody,
  presentLine,
  presentPeriod,
  presentPeriodDetail,
} from "./schemas.ts";
import {
  addLine,
  closePeriod,
  createAdjustment,
  createPeriod,
  deleteLine,
  updateLine,
  updatePeriod,
} from "./service.ts";
import { periodTotals } from "./statement.ts";
import { distributionsByStatement } from "./distributions.ts";

const MANAGERS = ["ADMIN", "PROPERTY_MANAGER"] as const;

const today = (): Date => parseDateOnly(new Date().toISOString().slice(0, 10));

type Stored = Parameters<typeof presentPeriodDetail>[0];
const detail = (p: Stored) => presentPeriodDetail(p, periodTotals(p.lines, p.reserveContribution));
const detailReply = (p: Stored, status = 200) => ({ status, body: detail(p), version: p.version });

export const financialRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/properties/:id/financial-periods",
    summary: "Draft a property's financial period for a month (its RENT line comes from the lease payments)",
    tags: ["financials"],
    access: MANAGERS,
    params: IdParams,
    idempotent: true,
    body: CreatePeriodBody,
    responses: { 201: { description: "Drafted", schema: PeriodDetailView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => detailReply(await createPeriod(tx, actor, params.id, body, today()), 201)),
  }),
  defineRoute({
    method: "get",
    path: "/properties/:id/financial-periods",
    summary: "A property's financial periods with their totals (drafts only for its managers, officers, admins)",
    tags: ["financials"],
    access: "public",
    params: IdParams,
    responses: { 200: { description: "Periods, newest month first", schema: z.array(PeriodView) } },
    handler: async ({ deps, actor, params }) => {
      const periods = await listPeriods(deps.db, actor, params.id);
      const paid = await distributionsByStatement(
        deps.db,
        deps.config.siwe.chainId,
        params.id,
        periods.flatMap((p) => (p.statementSha256 ? [p.statementSha256] : [])),
      );
      return {
        status: 200,
        body: periods.map((p) =>
          presentPeriod(
            p,
            periodTotals(p.lines, p.reserveContribution),
            (p.statementSha256 && paid.get(p.statementSha256)) || null,
          ),
        ),
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/financial-periods/:id",
    summary: "A financial period with its lines, totals and statement hash",
    tags: ["financials"],
    access: "public",
    params: PeriodParams,
    responses: { 200: { description: "The period", schema: PeriodDetailView } },
    handler: async ({ deps, actor, params }) => {
      const period = await getPeriod(deps.db, actor, params.id);
      const hashes = period.statementSha256 ? [period.statementSha256] : [];
      const paid = await distributionsByStatement(deps.db, deps.config.siwe.chainId, period.propertyId, hashes);
      const distribution = (period.statementSha256 && paid.get(period.statementSha256)) || null;
      const body = presentPeriodDetail(period, periodTotals(period.lines, period.reserveContribution), distribution);
      return { status: 200, body, version: period.version };
    },
  }),
  defineRoute({
    method: "patch",
    path: "/financial-periods/:id",
    summary: "Set a draft period's reserve contribution",
    tags: ["financials"],
    access: MANAGERS,
    params: PeriodParams,
    ifMatch: true,
    body: UpdatePeriodBody,
    responses: { 200: { description: "Updated", schema: PeriodDetailView } },
    handler: async ({ actor, params, body, expectedVersion, transaction }) =>
      transaction(async (tx) => detailReply(await updatePeriod(tx, actor, params.id, expectedVersion, body))),
  }),
  defineRoute({
    method: "post",
    path: "/financial-periods/:id/lines",
    summary: "Add an income or expense line to a draft period",
    tags: ["financials"],
    access: MANAGERS,
    params: PeriodParams,
    idempotent: true,
    body: LineBody,
    responses: { 201: { description: "Added", schema: LineView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({ status: 201, body: presentLine(await addLine(tx, actor, params.id, body)) })),
  }),
  defineRoute({
    method: "patch",
    path: "/financial-periods/:id/lines/:lineId",
    summary: "Change a line of a draft period",
    tags: ["financials"],
    access: MANAGERS,
    params: LineParams,
    body: UpdateLineBody,
    responses: { 200: { description: "Changed", schema: LineView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => ({
        status: 200,
        body: presentLine(await updateLine(tx, actor, params.id, params.lineId, body)),
      })),
  }),
  defineRoute({
    method: "delete",
    path: "/financial-periods/:id/lines/:lineId",
    summary: "Remove a line from a draft period",
    tags: ["financials"],
    access: MANAGERS,
    params: LineParams,
    responses: { 204: { description: "Removed" } },
    handler: async ({ actor, params, transaction }) =>
      transaction(async (tx) => {
        await deleteLine(tx, actor, params.id, params.lineId);
        return { status: 204 };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/financial-periods/:id/close",
    summary: "Close a period whose month has ended: freezes it and stores its statement's SHA-256",
    tags: ["financials"],
    access: MANAGERS,
    params: PeriodParams,
    ifMatch: true,
    responses: { 200: { description: "Closed", schema: PeriodDetailView } },
    handler: async ({ actor, params, expectedVersion, transaction }) =>
      transaction(async (tx) => detailReply(await closePeriod(tx, actor, params.id, expectedVersion, today()))),
  }),
  defineRoute({
    method: "post",
    path: "/financial-periods/:id/adjustments",
    summary: "Draft an adjustment period correcting a closed period",
    tags: ["financials"],
    access: MANAGERS,
    params: PeriodParams,
    idempotent: true,
    body: CreateAdjustmentBody,
    responses: { 201: { description: "Drafted", schema: PeriodDetailView } },
    handler: async ({ actor, params, body, transaction }) =>
      transaction(async (tx) => detailReply(await createAdjustment(tx, actor, params.id, body), 201)),
  }),
  defineRoute({
    method: "get",
    path: "/financial-periods/:id/statement",
    summary: "The closed period's statement: canonical JSON whose SHA-256 is the period's statementSha256",
    tags: ["financials"],
    access: "public",
    params: PeriodParams,
    responses: {
      200: {
        description: "The statement bytes",
        contentType: "application/json",
        schema: z.string().meta({ format: "binary" }),
      },
    },
    handler: async ({ deps, actor, params, res }) => {
      const { text, sha256, period } = await periodStatement(deps.db, actor, params.id);
      res.status(200);
      res.attachment(`statement-${period.year}-${String(period.month).padStart(2, "0")}-${period.sequence}.json`);
      res.setHeader("Content-Type", "application/json");
      res.setHeader("Digest", `sha-256=${Buffer.from(sha256, "hex").toString("base64")}`);
      res.setHeader("X-Content-SHA256", sha256);
      res.end(Buffer.from(text, "utf8"));
      return ALREADY_SENT;
    },
  }),
];
