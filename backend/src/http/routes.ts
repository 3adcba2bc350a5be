/**
 * Every API route, by domain. To add a domain: export a `RouteSpec[]` from `src/<domain>/routes.ts` and add it
 * here; the app mounts it, the OpenAPI document describes it, and the authorization matrix test requires an
 * entry for each of its routes.
 */
import { amlRoutes } from "../aml/routes.ts";
import { auditRoutes } from "../audit/routes.ts";
import { authRoutes } from "../auth/routes.ts";
import { chainRoutes } from "../chain/routes.ts";
import { feeRoutes } from "../fees/routes.ts";
import { placementRoutes } from "../placements/routes.ts";
import { financialRoutes } from "../financials/routes.ts";
import { kycRoutes } from "../kyc/routes.ts";
import { leaseRoutes } from "../leases/routes.ts";
import { notificationRoutes } from "../notifications/routes.ts";
import { portfolioRoutes } from "../portfolio/routes.ts";
import { propertyRoutes } from "../properties/routes.ts";
import { relayerRoutes } from "../relayer/routes.ts";
import { statementRoutes } from "../statements/routes.ts";
import { titleRoutes } from "../titles/routes.ts";
import { userRoutes } from "../users/routes.ts";
import { valuationRoutes } from "../valuations/routes.ts";
import { dashboardRoutes } from "../dashboard/routes.ts";
import type { RouteSpec } from "./route.ts";

export const allRoutes: RouteSpec[] = [
  ...authRoutes,
  ...userRoutes,
  ...auditRoutes,
  ...kycRoutes,
  ...amlRoutes,
  ...propertyRoutes,
  ...titleRoutes,
  ...leaseRoutes,
  ...valuationRoutes,
  ...dashboardRoutes,
  ...financialRoutes,
  ...chainRoutes,
  ...notificationRoutes,
  ...portfolioRoutes,
  ...statementRoutes,
  ...feeRoutes,
  ...relayerRoutes,
  ...placementRoutes,
];
