/**
 * Leases and rent: the public rent summary of a property, and what its manager records (units, leases, their
 * workflow, rent schedule and payments). Shapes follow the backend's OpenAPI document (`Lease`,
 * `RentScheduleEntry`, `RentPayment`, `RentSummary`). Creating requests carry an `Idempotency-Key`, workflow moves
 * the lease's version as `If-Match`.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { leaseKeys } from "./queryKeys";
import type { ApiClient } from "./client";
import { newIdempotencyKey } from "./kyc";
import type { Page, PropertyUnit } from "./types";

export type LeaseStatus = "DRAFT" | "ACTIVE" | "TERMINATED" | "EXPIRED" | "CANCELLED";
export type RentFrequency = "MONTHLY" | "QUARTERLY";
export type PaymentMethod = "BANK_TRANSFER" | "CARD" | "CHEQUE" | "CASH" | "STABLECOIN";
export type ScheduleStatus = "PAID" | "PARTIAL" | "OVERDUE" | "DUE" | "UPCOMING";

export const PAYMENT_METHODS: readonly PaymentMethod[] = ["BANK_TRANSFER", "CARD", "CHEQUE", "CASH", "STABLECOIN"];

export interface Lease {
  id: string;
  propertyId: string;
  unitId: string;
  tenantName: string;
  tenantEmail: string | null;
  tenantUserId: string | null;
  startDate: string;
  endDate: string;
  rentAmount: string;
  currency: string;
  frequency: RentFrequency;
  dueDay: number;
  depositAmount: string;
  escalationPercent: string;
  noticePeriodDays: number;
  status: LeaseStatus;
  activatedAt: string | null;
  terminatedOn: string | null;
  terminationReason: string | null;
  version: number;
  createdAt: string;
}

export interface ScheduleEntry {
  id: string;
  leaseId: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  amountDue: string;
  paid: string;
  outstanding: string;
  status: ScheduleStatus;
  daysOverdue: number;
}

export interface RentPayment {
  id: string;
  leaseId: string;
  scheduleEntryId: string;
  amount: string;
  fees: string;
  net: string;
  paidOn: string;
  method: PaymentMethod;
  reference: string | null;
  createdAt: string;
}

/** `RentSummary`: aggregates only, public wherever the property is. */
export interface RentSummary {
  propertyId: string;
  asOf: string;
  currency: string;
  unitsTotal: number;
  unitsLeased: number;
  occupancyBps: number | null;
  annualContractedRent: string;
  currentValuation: string | null;
  grossYieldBps: number | null;
  collected: { from: string; to: string; months: { month: string; net: string }[]; totalNet: string };
  overdueEntries: number;
}

export interface UnitInput {
  label: string;
  floorAreaSqm?: string;
  bedrooms?: number;
}

export interface LeaseDraft {
  propertyId: string;
  unitId: string;
  tenantName: string;
  tenantEmail?: string;
  startDate: string;
  endDate: string;
  rentAmount: string;
  currency: string;
  frequency: RentFrequency;
  dueDay: number;
  depositAmount: string;
  escalationPercent: string;
}

export type LeaseMove =
  | { to: "ACTIVE" }
  | { to: "CANCELLED" }
  | { to: "EXPIRED" }
  | { to: "TERMINATED"; effectiveOn: string; reason: string };

export interface PaymentInput {
  scheduleEntryId: string;
  amount: string;
  fees: string;
  paidOn: string;
  method: PaymentMethod;
  reference?: string;
}

const path = (id: string) => encodeURIComponent(id);

export function useRentSummary(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.summary(propertyId),
    queryFn: ({ signal }) => api.get<RentSummary>(`/properties/${path(propertyId)}/rent-summary`, undefined, signal),
  });
}

/** The property's leases, newest first (the first 100: a property's leases fit one page in practice). */
export function useLeases(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.list(propertyId),
    queryFn: ({ signal }) => api.get<Page<Lease>>("/leases", { propertyId, limit: 100 }, signal),
  });
}

export function useSchedule(leaseId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.schedule(leaseId),
    queryFn: ({ signal }) => api.get<ScheduleEntry[]>(`/leases/${path(leaseId)}/schedule`, undefined, signal),
    enabled,
  });
}

export function useOverdueRent(propertyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: leaseKeys.overdue(propertyId),
    queryFn: ({ signal }) => api.get<ScheduleEntry[]>("/leases/overdue", { propertyId }, signal),
  });
}

export function addUnit(api: ApiClient, propertyId: string, input: UnitInput): Promise<PropertyUnit> {
  return api.post<PropertyUnit>(`/properties/${path(propertyId)}/units`, input, {
    "Idempotency-Key": newIdempotencyKey(),
  });
}

export function draftLease(api: ApiClient, input: LeaseDraft): Promise<Lease> {
  return api.post<Lease>("/leases", input, { "Idempotency-Key": newIdempotencyKey() });
}

/** Moves a lease from the version the caller saw: a lease changed meanwhile is refused (412), not overwritten. */
export function moveLease(api: ApiClient, lease: Pick<Lease, "id" | "version">, move: LeaseMove): Promise<Lease> {
  return api.post<Lease>(`/leases/${path(lease.id)}/transitions`, move, { "If-Match": `"${lease.version}"` });
}

export function recordPayment(api: ApiClient, leaseId: string, input: PaymentInput): Promise<RentPayment> {
  return api.post<RentPayment>(`/leases/${path(leaseId)}/payments`, input, { "Idempotency-Key": newIdempotencyKey() });
}

export { leaseKeys };
