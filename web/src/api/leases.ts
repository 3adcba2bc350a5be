/**
 * Leases and rent: the public rent summary of a property, and what its manager records (units, leases, their
 * workflow, rent schedule and payments). Shapes follow the backend's OpenAPI document (`Lease`,
 * `RentScheduleEntry`, `RentPayment`, `RentSummary`). Creating requests carry an `Idempotency-Key`, workflow moves
 * the lease's version as `If-Match`.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { leaseKeys } from "./queryKeys";
import { data, type ApiClient } from "./client";
import type { components, paths } from "./generated/openapi";
import { newIdempotencyKey } from "./kyc";

type Schemas = components["schemas"];
type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { "application/json": infer B } } };
}
  ? B
  : never;

export type Lease = Schemas["Lease"];
export type ScheduleEntry = Schemas["RentScheduleEntry"];
export type RentPayment = Schemas["RentPayment"];
/** `RentSummary`: aggregates only, public wherever the property is. */
export type RentSummary = Schemas["RentSummary"];
export type LeaseStatus = Lease["status"];
export type RentFrequency = Lease["frequency"];
export type PaymentMethod = RentPayment["method"];
export type ScheduleStatus = ScheduleEntry["status"];
export type UnitInput = Body<"/properties/{id}/units">;
export type LeaseDraft = Body<"/leases">;
export type LeaseMove = Body<"/leases/{id}/transitions">;
export type PaymentInput = Body<"/leases/{id}/payments">;

export { PAYMENT_METHODS } from "./enums";

export function useRentSummary(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.summary(propertyId),
    queryFn: ({ signal }) =>
      data(api.GET("/properties/{id}/rent-summary", { params: { path: { id: propertyId } }, signal })),
  });
}

/** The property's leases, newest first (the first 100: a property's leases fit one page in practice). */
export function useLeases(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.list(propertyId),
    queryFn: ({ signal }) => data(api.GET("/leases", { params: { query: { propertyId, limit: 100 } }, signal })),
  });
}

export function useSchedule(leaseId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.schedule(leaseId),
    queryFn: ({ signal }) => data(api.GET("/leases/{id}/schedule", { params: { path: { id: leaseId } }, signal })),
    enabled,
  });
}

export function useOverdueRent(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.overdue(propertyId),
    queryFn: ({ signal }) => data(api.GET("/leases/overdue", { params: { query: { propertyId } }, signal })),
  });
}

const idempotent = () => ({ "Idempotency-Key": newIdempotencyKey() });

export function addUnit(api: ApiClient, propertyId: string, input: UnitInput) {
  return data(
    api.POST("/properties/{id}/units", { params: { path: { id: propertyId }, header: idempotent() }, body: input }),
  );
}

export function draftLease(api: ApiClient, input: LeaseDraft) {
  return data(api.POST("/leases", { params: { header: idempotent() }, body: input }));
}

/** Moves a lease from the version the caller saw: a lease changed meanwhile is refused (412), not overwritten. */
export function moveLease(api: ApiClient, lease: Pick<Lease, "id" | "version">, move: LeaseMove) {
  return data(
    api.POST("/leases/{id}/transitions", {
      params: { path: { id: lease.id }, header: { "If-Match": `"${lease.version}"` } },
      body: move,
    }),
  );
}

export function recordPayment(api: ApiClient, leaseId: string, input: PaymentInput) {
  return data(
    api.POST("/leases/{id}/payments", { params: { path: { id: leaseId }, header: idempotent() }, body: input }),
  );
}

export { leaseKeys };
