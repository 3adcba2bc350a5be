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
