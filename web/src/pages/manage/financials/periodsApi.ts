/**
 * The manager's calls on a property's financial periods (backend/src/financials): list, draft a month, one period
 * with its lines, lines, reserve, close and adjustment. Writes that change a period send its version as `If-Match`
 * (a period changed meanwhile is refused with 412, never overwritten); creations carry an `Idempotency-Key`.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/ApiContext";
import { data, type ApiClient } from "../../../api/client";
import { newIdempotencyKey } from "../../../api/kyc";
import { financialKeys } from "../../../api/queryKeys";
import type { LineBody } from "./lineForm";
import type { FinancialPeriod } from "./periodFigures";

const idempotent = () => ({ "Idempotency-Key": newIdempotencyKey() });
const ifMatch = (p: Pick<FinancialPeriod, "version">) => ({ "If-Match": `"${p.version}"` });

/**
 * A property's periods. `depositedHere`: statements just deposited on chain from this page; the list is read again
 * every two seconds until the backend's chain sync has recorded each of them as paid out.
 */
export function usePeriods(propertyId: string, depositedHere: ReadonlySet<string> = new Set()) {
  const api = useApi();
  return useQuery({
    queryKey: financialKeys.periods(propertyId),
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/financial-periods", { params: { path: { id: propertyId } }, signal })),
    refetchInterval: (query) =>
      query.state.data?.some(
        (p) => p.statementSha256 !== null && depositedHere.has(p.statementSha256) && p.distribution === null,
      )
        ? 2_000
        : false,
  });
}

export function usePeriod(periodId: string) {
  const api = useApi();
  return useQuery({
    queryKey: financialKeys.period(periodId),
    queryFn: ({ signal }) => data(api.GET("/financial-periods/{id}", { params: { path: { id: periodId } }, signal })),
  });
}

export function draftPeriod(api: ApiClient, propertyId: string, month: { year: number; month: number }) {
  return data(
    api.POST("/properties/{id}/financial-periods", {
      params: { path: { id: propertyId }, header: idempotent() },
      body: month,
    }),
  );
}

export function addLine(api: ApiClient, periodId: string, line: LineBody) {
  return data(
    api.POST("/financial-periods/{id}/lines", { params: { path: { id: periodId }, header: idempotent() }, body: line }),
  );
}

export function changeLine(api: ApiClient, periodId: string, lineId: string, line: LineBody) {
  return data(
    api.PATCH("/financial-periods/{id}/lines/{lineId}", { params: { path: { id: periodId, lineId } }, body: line }),
  );
}

export function removeLine(api: ApiClient, periodId: string, lineId: string) {
  return data(api.DELETE("/financial-periods/{id}/lines/{lineId}", { params: { path: { id: periodId, lineId } } }));
}

export function setReserve(api: ApiClient, period: FinancialPeriod, cents: bigint) {
  return data(
    api.PATCH("/financial-periods/{id}", {
      params: { path: { id: period.id }, header: ifMatch(period) },
      body: { reserveContribution: cents.toString() },
    }),
  );
}

export function closePeriod(api: ApiClient, period: FinancialPeriod) {
  return data(
    api.POST("/financial-periods/{id}/close", { params: { path: { id: period.id }, header: ifMatch(period) } }),
  );
}

export function draftAdjustment(api: ApiClient, period: FinancialPeriod) {
  return data(
    api.POST("/financial-periods/{id}/adjustments", {
      params: { path: { id: period.id }, header: idempotent() },
      body: {},
    }),
  );
}

/** Where anyone fetches a closed period's canonical statement (the bytes its SHA-256 is taken over). */
export const statementUrl = (apiBaseUrl: string, periodId: string) =>
  `${apiBaseUrl}/financial-periods/${encodeURIComponent(periodId)}/statement`;
