/** Portfolio routes: the signed-in investor's position performance. */
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { myPerformance } from "./performance.ts";
import { PerformanceView } from "./schemas.ts";

export const portfolioRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/me/performance",
    summary:
      "The signed-in investor's positions: units, ownership, cost basis, income, NAV value, gains and IRR per property and token class",
    tags: ["portfolio"],
    access: "authenticated",
    responses: { 200: { description: "Positions and totals per currency", schema: PerformanceView } },
    handler: async ({ actor, deps }) => ({
      status: 200,
      body: await myPerformance(deps.db, deps.config.siwe.chainId, actor),
    }),
  }),
];
