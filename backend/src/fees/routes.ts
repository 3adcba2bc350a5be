/** The platform's fees (issue 20): the schedule for everyone, the revenue for admins. Read from the chain sync. */
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { FeeRevenueQuery, FeeRevenueView, FeeScheduleView } from "./schemas.ts";
import { feeRevenue, feeSchedule } from "./service.ts";

export const feeRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/fees",
    summary: "The platform's fee per kind now, its maximum, its collector and any announced increase",
    tags: ["fees"],
    access: "public",
    responses: { 200: { description: "The fee schedule", schema: FeeScheduleView } },
    handler: async ({ deps }) => {
      const { at, kinds, overrides } = await feeSchedule(deps.pool, deps.config.siwe.chainId, new Date());
      return {
        status: 200,
        body: {
          at: at.toISOString(),
          kinds: kinds.map((k) => ({
            ...k,
            pending: k.pending && { bps: k.pending.bps, effectiveAt: k.pending.effectiveAt.toISOString() },
          })),
          overrides,
        },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/admin/fees/revenue",
    summary: "Fees paid to the platform in a period, per kind and payment token and per property and kind",
    tags: ["fees"],
    access: ["ADMIN"],
    query: FeeRevenueQuery,
    responses: { 200: { description: "Fee revenue", schema: FeeRevenueView } },
    handler: async ({ deps, query }) => {
      const from = query.from === undefined ? undefined : new Date(query.from);
      const to = query.to === undefined ? undefined : new Date(query.to);
      const revenue = await feeRevenue(deps.pool, deps.config.siwe.chainId, { from, to });
      return {
        status: 200,
        body: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, ...revenue },
      };
    },
  }),
];
