/**
 * The manager dashboard's figures (`GET /properties/{id}/dashboard`): rent due vs collected per month, the NOI trend
 * of the closed months with what was distributed, overdue rent and the next distribution.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import type { components } from "../../api/generated/openapi";
import { financialKeys } from "../../api/queryKeys";
import { periodMonth } from "./financials/periodFigures";

/** `"2026-11"` as the books name it: "November 2026". */
export const monthName = (m: string) => periodMonth({ year: Number(m.slice(0, 4)), month: Number(m.slice(5, 7)) });

export type Dashboard = components["schemas"]["PropertyDashboard"];

export function useDashboard(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: financialKeys.dashboard(propertyId),
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/dashboard", { params: { path: { id: propertyId } }, signal })),
  });
}

export interface DashboardMonth {
  month: string;
  contracted: bigint;
  collected: bigint;
  noi: bigint | null;
  distributable: bigint | null;
  distributed: bigint | null;
}

/** The months worth a row: the last twelve, newest first, leaving out those with nothing due, paid or closed. */
export function dashboardMonths(d: Pick<Dashboard, "rentByMonth" | "noiTrend">): DashboardMonth[] {
  const closed = new Map(d.noiTrend.map((p) => [p.month, p]));
  return d.rentByMonth
    .map((r) => {
      const p = closed.get(r.month);
      return {
        month: r.month,
        contracted: BigInt(r.contractedMinor),
        collected: BigInt(r.collectedMinor),
        noi: p ? BigInt(p.noi) : null,
        distributable: p ? BigInt(p.distributable) : null,
        distributed: p?.distributedMinor ? BigInt(p.distributedMinor) : null,
      };
    })
    .filter((m) => m.contracted > 0n || m.collected > 0n || m.noi !== null)
    .reverse();
}

/**
 * What the overview says about paying rent out: a token must be launched first (before that there are no holders
 * and nothing can be deposited; review 2026-12-06 M4 found "Deposit it" on a property without a token), then the
 * next closed month waiting for its deposit, if any.
 */
export type DistributionPrompt =
  { kind: "launch-first" } | { kind: "deposit"; month: string; distributable: bigint } | { kind: "none" };

export function distributionPrompt(d: Pick<Dashboard, "offering" | "nextDistribution">): DistributionPrompt {
  if (d.offering.raised === null) return { kind: "launch-first" };
  const next = d.nextDistribution;
  return next ? { kind: "deposit", month: next.month, distributable: BigInt(next.distributable) } : { kind: "none" };
}
