/** The manager dashboard of a property (issue 16.1). */
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { IdParams, parseDateOnly } from "../core/schemas.ts";
import { DashboardView } from "./schemas.ts";
import { propertyDashboard } from "./service.ts";

export const dashboardRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/properties/:id/dashboard",
    summary: "A property's dashboard for its managers, compliance officers and admins (others 404)",
    tags: ["financials"],
    access: ["ADMIN", "PROPERTY_MANAGER", "COMPLIANCE_OFFICER"],
    params: IdParams,
    responses: { 200: { description: "The dashboard", schema: DashboardView } },
    handler: async ({ deps, actor, params }) => {
      const today = parseDateOnly(new Date().toISOString().slice(0, 10));
      return {
        status: 200,
        body: await propertyDashboard(deps.db, actor, params.id, deps.config.siwe.chainId, today),
      };
    },
  }),
];
