/**
 * A property's figures for everyone who sees it: closed financial periods with their totals and statement, the
 * approved valuation history and NAV per unit. Shapes are the generated `FinancialPeriod`, `ValuationRecord` and
 * `PropertyNav`; amounts of periods are integer minor units (strings), valuations decimal strings.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { ApiError, data } from "./client";
import type { components } from "./generated/openapi";
import { propertyFinanceKeys } from "./queryKeys";

type Schemas = components["schemas"];
export type FinancialPeriod = Schemas["FinancialPeriod"];
export type ValuationRecord = Schemas["ValuationRecord"];
export type PropertyNav = Schemas["PropertyNav"];

/** The property's periods, newest month first (the public sees closed ones only). */
export function useFinancialPeriods(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: propertyFinanceKeys.periods(propertyId),
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/financial-periods", { params: { path: { id: propertyId } }, signal })),
  });
}

/** The valuation history, newest first (approved ones for the public; managers and officers see every status). */
export function useValuations(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: propertyFinanceKeys.valuations(propertyId),
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/valuations", { params: { path: { id: propertyId } }, signal })),
  });
}

/**
 * NAV per unit as of the latest approved valuation; `null` when there is none yet (the API's 404). Asked only when
 * the history shows an approved valuation (`enabled`), so a property without one makes no failed request.
 */
export function useNav(propertyId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: propertyFinanceKeys.nav(propertyId),
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await data(api.GET("/properties/{id}/nav", { params: { path: { id: propertyId } }, signal }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** The canonical statement of a closed period: the exact bytes its SHA-256 covers. */
export function statementUrl(baseUrl: string, periodId: string): string {
  return `${baseUrl}/financial-periods/${encodeURIComponent(periodId)}/statement`;
}

export { propertyFinanceKeys };
