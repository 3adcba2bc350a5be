/**
 * The signed-in investor's performance per position (`GET /me/performance`, generated `Performance`): every amount
 * an integer string in payment-token base units (`amountUnit` says which and how many decimals), ownership a
 * percentage string with two decimals, IRR an annual fraction.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { data } from "./client";
import type { components } from "./generated/openapi";
import { performanceKeys } from "./queryKeys";

export type Performance = components["schemas"]["Performance"];
export type PerformancePosition = Performance["positions"][number];
export type PerformanceTotal = Performance["totals"][number];

export function usePerformance(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: performanceKeys.mine(),
    queryFn: ({ signal }) => data(api.GET("/me/performance", { signal })),
    enabled,
    // The figures come from the chain sync's events, a few seconds behind the chain the rest of the portfolio page
    // reads (every 5 s): read them again while the page is open, or a claim or a sale never shows here.
    refetchInterval: 10_000,
  });
}

export { performanceKeys };
