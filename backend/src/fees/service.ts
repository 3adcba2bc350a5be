/**
 * The platform's fees as the chain sync keeps them (src/chain/sync/fees.ts): the schedule in effect per kind, and
 * the revenue (fees paid) per kind and payment token and per property and kind. Read-only; the chain is the
 * source.
 */
import type pg from "pg";
import { launchedByStakeholder } from "../chain/sync/offerings.ts";
import { FEE_KINDS, type FeeKind } from "../chain/sync/fees.ts";
import { ValidationError } from "../core/errors.ts";
import { preparedRows } from "../db/prepared.ts";

export { FEE_KINDS, type FeeKind };

/** PlatformFees.MAX_FEE_BPS: no fee of any kind can exceed 5 % (a constant of the contract; the sync test reads it). */
export const MAX_FEE_BPS = 500;

export interface FeeScheduleEntry {
  kind: FeeKind;
  /** The fee in effect at the time asked about, in basis points. */
  bps: number;
  maxBps: number;
  collector: string;
  /** An announced increase not yet in effect at that time. */
  pending: { bps: number; effectiveAt: Date } | null;
}

export interface FeeOverrideEntry {
  kind: FeeKind;
  token: string;
  propertyId: string | null;
  bps: number;
}

/**
 * The schedule per kind now: an announced increase whose `effectiveAt` has come is the fee in effect (as
 * PlatformFees.feeOf counts it, without waiting for `applyIncrease`); a later one is pending. "Now" is the chain's
 * time as far as the sync knows it: the later of `clock` and the newest synced block's time (a test or local chain
 * moved forward in time is ahead of the wall clock; on a live chain they agree within seconds). Kinds in FeeKind
 * order; empty before the sync has read the schedule.
 */
export async function feeSchedule(
  pool: pg.Pool,
  chainId: number,
  clock: Date,
): Promise<{ at: Date; kinds: FeeScheduleEntry[]; overrides: FeeOverrideEntry[] }> {
  const [synced] = await preparedRows<{ seconds: string | null }>(
    pool,
    `SELECT EXTRACT(EPOCH FROM "blockTime")::bigint::text AS seconds FROM chain_events WHERE "chainId" = $1::int
     ORDER BY "blockNumber" DESC, "logIndex" DESC LIMIT 1`,
    [chainId],
  );
  const at = Math.max(clock.getTime(), Number(synced?.seconds ?? 0) * 1000);
  // Epoch seconds, not timestamps: the value is UTC whatever the server's time zone.
  const rows = await preparedRows<{
    kind: FeeKind;
    bps: number;
    collector: string;
    pendingBps: number | null;
    effectiveAt: string | null;
  }>(
    pool,
    `SELECT kind, bps, collector, "pendingBps", EXTRACT(EPOCH FROM "pendingEffectiveAt")::bigint::text AS "effectiveAt"
     FROM chain_fee_schedules WHERE "chainId" = $1::int`,
    [chainId],
  );
  const kinds = rows
    .map((r): FeeScheduleEntry => {
      const effectiveAt = r.pendingBps !== null && r.effectiveAt !== null ? Number(r.effectiveAt) * 1000 : null;
      const due = effectiveAt !== null && effectiveAt <= at;
      return {
        kind: r.kind,
        bps: due ? r.pendingBps! : r.bps,
        maxBps: MAX_FEE_BPS,
        collector: r.collector,
        pending: effectiveAt !== null && !due ? { bps: r.pendingBps!, effectiveAt: new Date(effectiveAt) } : null,
      };
    })
    .sort((a, b) => FEE_KINDS.indexOf(a.kind) - FEE_KINDS.indexOf(b.kind));
  const overrides = await preparedRows<FeeOverrideEntry>(
    pool,
    `SELECT f.kind, f.token, o."propertyId", f.bps FROM chain_fee_overrides f
     LEFT JOIN LATERAL (SELECT o."propertyId" FROM chain_offerings o WHERE o."chainId" = f."chainId" AND o.token = f.token
                        ORDER BY o."discoveredBlock" DESC LIMIT 1) o ON true
     WHERE f."chainId" = $1::int ORDER BY f.token, f.kind`,
    [chainId],
  );
  return { at: new Date(at), kinds, overrides };
}

export interface RevenueByKind {
  kind: FeeKind;
  paymentToken: string | null;
  amount: string;
  payments: number;
}

export interface RevenueByProperty extends RevenueByKind {
  /** The property the token was launched for, when its owner or manager launched it; null otherwise. */
  propertyId: string | null;
  propertyName: string | null;
  token: string;
}

/** Fees paid in [from, to) (block times, UTC): totals per kind and payment token, and per property (token) and kind. */
export async function feeRevenue(
  pool: pg.Pool,
  chainId: number,
  range: { from?: Date | undefined; to?: Date | undefined },
): Promise<{ totals: RevenueByKind[]; properties: RevenueByProperty[] }> {
  if (range.from && range.to && range.from.getTime() > range.to.getTime())
    throw new ValidationError("from must not be after to", [{ path: "to", message: "must not be before from" }]);
  const where = `f."chainId" = $1::int AND ($2::timestamptz IS NULL OR f."blockTime" >= $2::timestamptz AT TIME ZONE 'UTC')
    AND ($3::timestamptz IS NULL OR f."blockTime" < $3::timestamptz AT TIME ZONE 'UTC')`;
  const args = [chainId, range.from ?? null, range.to ?? null];
  // Unnamed, so planned for the range on every request: a plan made for any range cost more than each range's own,
  // and PostgreSQL planned the prepared statements again on every run anyway (db/generic-plans.test.ts).
  const { rows: totals } = await pool.query<RevenueByKind>(
    `SELECT f.kind, f."paymentToken", SUM(f.amount)::text AS amount, COUNT(*)::int AS payments
     FROM chain_fee_payments f WHERE ${where}
     GROUP BY f.kind, f."paymentToken" ORDER BY array_position($4::text[], f.kind), f."paymentToken"`,
    [...args, FEE_KINDS],
  );
  const { rows: properties } = await pool.query<RevenueByProperty>(
    `SELECT p.id AS "propertyId", p.name AS "propertyName", f.token, f.kind, f."paymentToken",
       SUM(f.amount)::text AS amount, COUNT(*)::int AS payments
     FROM chain_fee_payments f
     LEFT JOIN LATERAL (SELECT * FROM chain_offerings o WHERE o."chainId" = f."chainId" AND o.token = f.token
                        ORDER BY o."discoveredBlock" DESC LIMIT 1) o ON true
     LEFT JOIN properties p ON p.id = f."propertyId" AND ${launchedByStakeholder("o", "p")}
     WHERE ${where}
     GROUP BY p.id, p.name, f.token, f.kind, f."paymentToken"
     ORDER BY p.name NULLS LAST, f.token, array_position($4::text[], f.kind), f."paymentToken"`,
    [...args, FEE_KINDS],
  );
  return { totals, properties };
}
