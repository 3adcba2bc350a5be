/**
 * Valuations (backend/src/valuations): a property's history as the caller may see it, recording one (the manager)
 * and the four-eyes decision (a compliance officer or admin who did not record it: approve, or reject with a reason).
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../api/ApiContext";
import { data, type ApiClient } from "../../../api/client";
import { newIdempotencyKey } from "../../../api/kyc";
import { valuationKeys } from "../../../api/queryKeys";
import type { ValuationBody } from "./valuationForm";

export function useValuationHistory(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: valuationKeys.history(propertyId),
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/valuations", { params: { path: { id: propertyId } }, signal })),
  });
}

export function recordValuation(api: ApiClient, propertyId: string, body: ValuationBody) {
  return data(
    api.POST("/properties/{id}/valuations", {
      params: { path: { id: propertyId }, header: { "Idempotency-Key": newIdempotencyKey() } },
      body,
    }),
  );
}

export function approveValuation(api: ApiClient, id: string, reason: string) {
  const trimmed = reason.trim();
  return data(
    api.POST("/valuations/{id}/approve", { params: { path: { id } }, body: trimmed ? { reason: trimmed } : {} }),
  );
}

export function rejectValuation(api: ApiClient, id: string, reason: string) {
  return data(api.POST("/valuations/{id}/reject", { params: { path: { id } }, body: { reason: reason.trim() } }));
}
