/**
 * A closed financial period through the API (backend/src/financials), for journeys whose subject is what comes after:
 * the manager drafts last month, adds one income line and closes it, so a rent deposit has a statement to pay out.
 */
import { idempotencyKey, type ApiSession } from "./api";

export interface ClosedPeriod {
  id: string;
  statementSha256: string;
  distributable: string;
}

/** Last month (UTC) of `propertyId` closed with one OTHER_INCOME line of `cents`; its distributable is `cents`. */
export async function closeLastMonth(manager: ApiSession, propertyId: string, cents: bigint): Promise<ClosedPeriod> {
  const now = new Date();
  const month = now.getUTCMonth() === 0 ? 12 : now.getUTCMonth();
  const year = now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const { body: period } = await manager.request<{ id: string }>(
    "POST",
    `/properties/${propertyId}/financial-periods`,
    { year, month },
    { "idempotency-key": idempotencyKey() },
  );
  await manager.request(
    "POST",
    `/financial-periods/${period.id}/lines`,
    { type: "INCOME", category: "OTHER_INCOME", description: "Journey income", amount: cents.toString() },
    { "idempotency-key": idempotencyKey() },
  );
  const { body } = await manager.versioned<{ statementSha256: string; totals: { distributable: string } }>(
    `/financial-periods/${period.id}`,
    "POST",
    `/financial-periods/${period.id}/close`,
  );
  return { id: period.id, statementSha256: body.statementSha256, distributable: body.totals.distributable };
}
