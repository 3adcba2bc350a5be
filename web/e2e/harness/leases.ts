/** Lease fixtures for the browser journeys, through the same public API the app uses. */
import { idempotencyKey, type ApiSession } from "./api";

/** `YYYY-MM-DD` of a UTC date. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The first day of the month `months` away from the current UTC month. */
export function monthStart(months: number, from = new Date()): string {
  return isoDay(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1)));
}

/** `"2026-11"` as the app labels a month in its charts (`"Nov 26"`). */
export const chartMonth = (isoDate: string): string =>
  new Date(`${isoDate.slice(0, 7)}-01T00:00:00Z`).toLocaleDateString("en-GB", {
    month: "short",
    year: "2-digit",
    timeZone: "UTC",
  });

/**
 * A valuation the manager records and an officer (or admin) approves: a recorded value is not the property's value
 * (gross yield, marketplace) until someone other than its recorder approves it.
 */
export async function addValuation(
  manager: ApiSession,
  approver: ApiSession,
  propertyId: string,
  amount: string,
): Promise<void> {
  const { body } = await manager.request<{ id: string }>("POST", `/properties/${propertyId}/valuations`, {
    amount,
    currency: "EUR",
    method: "APPRAISAL",
    valuer: "Lisbon Valuers Lda",
    valuedOn: isoDay(new Date()),
  });
  await approver.request("POST", `/valuations/${body.id}/approve`, {});
}

export async function addUnit(manager: ApiSession, propertyId: string, label: string): Promise<string> {
  const { body } = await manager.request<{ id: string }>(
    "POST",
    `/properties/${propertyId}/units`,
    { label },
    { "idempotency-key": idempotencyKey() },
  );
  return body.id;
}

/** Drafts and activates a lease (the activation generates its rent schedule). */
export async function activeLease(
  manager: ApiSession,
  terms: {
    propertyId: string;
    unitId: string;
    tenantName: string;
    startDate: string;
    endDate: string;
    rentAmount: string;
    dueDay: number;
  },
): Promise<string> {
  const { body: lease } = await manager.request<{ id: string; version: number }>(
    "POST",
    "/leases",
    { ...terms, currency: "EUR", frequency: "MONTHLY", depositAmount: "0" },
    { "idempotency-key": idempotencyKey() },
  );
  await manager.request(
    "POST",
    `/leases/${lease.id}/transitions`,
    { to: "ACTIVE" },
    { "if-match": `"${lease.version}"` },
  );
  return lease.id;
}

export async function countLeases(manager: ApiSession, propertyId: string): Promise<number> {
  const { body } = await manager.request<{ items: unknown[] }>("GET", `/leases?propertyId=${propertyId}&limit=100`);
  return body.items.length;
}
