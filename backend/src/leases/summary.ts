/**
 * The public rent summary of a property: occupancy, contracted rent, gross yield, net rent collected over the last
 * twelve months and how many rent instalments are overdue. Aggregates only: no tenant, no lease, no payment is
 * named, so it is safe to show to anyone who may see the property (same visibility as the property itself).
 */
import type { Actor } from "../auth/actor.ts";
import type { Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { toDateOnly } from "../core/schemas.ts";
import { loadVisible } from "../properties/access.ts";
import { addMonths } from "./schedule.ts";
import { collectedByMonth, overdueEntries } from "./service.ts";

const Decimal = Prisma.Decimal;
type Decimal = Prisma.Decimal;

/** Rent periods per year of each rent frequency. */
export const PERIODS_PER_YEAR = { MONTHLY: 12, QUARTERLY: 4 } as const;

export const COLLECTED_MONTHS = 12;

/**
 * Annual contracted rent: the sum, over the property's ACTIVE leases in the property's currency, of the lease's
 * rent amount times its periods per year (x12 monthly, x4 quarterly). The base rent as signed: escalations that
 * fall due on later anniversaries are not anticipated.
 */
export function annualContractedRent(
  leases: { rentAmount: Decimal | string; frequency: keyof typeof PERIODS_PER_YEAR }[],
): Decimal {
  return leases.reduce(
    (sum, l) => sum.plus(new Decimal(l.rentAmount).mul(PERIODS_PER_YEAR[l.frequency])),
    new Decimal(0),
  );
}

/**
 * Gross yield in basis points = annual contracted rent / current valuation x 10,000, rounded down, at most
 * MAX_YIELD_BPS; null without a (positive) valuation. The marketplace list uses this same formula: yield = annual contracted rent of ACTIVE
 * leases in the property currency / current valuation.
 */
export function grossYieldBps(annualRent: Decimal, valuation: Decimal | string | null): number | null {
  if (valuation === null) return null;
  const v = new Decimal(valuation);
  if (v.lte(0)) return null;
  return Decimal.min(annualRent.mul(10_000).div(v).floor(), MAX_YIELD_BPS).toNumber();
}

/**
 * The largest gross yield reported (the int4 range clients and the list's SQL use): a figure this high only comes
 * from a data-entry error (a huge rent over a tiny valuation), and it must not overflow and break the list.
 */
export const MAX_YIELD_BPS = 2_147_483_647;

/** Share of units leased in basis points, rounded down; null when the property has no units. */
export function occupancyBps(leased: number, total: number): number | null {
  return total > 0 ? Math.floor((leased * 10_000) / total) : null;
}

/** The first day of the `count` calendar months ending with the month of `today` (UTC), and the day after them. */
export function lastMonths(today: Date, count: number): { from: Date; to: Date; months: string[] } {
  const thisMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const from = addMonths(thisMonth, -(count - 1));
  const months = Array.from({ length: count }, (_, i) => toDateOnly(addMonths(from, i))!.slice(0, 7));
  return { from, to: addMonths(thisMonth, 1), months };
}

export async function rentSummary(db: Db, actor: Actor | null, propertyId: string, today: Date) {
  const property = await loadVisible(db, actor, propertyId);
  const window = lastMonths(today, COLLECTED_MONTHS);
  const [unitsTotal, active, collected, overdue] = await Promise.all([
    db.propertyUnit.count({ where: { propertyId } }),
    db.lease.findMany({
      where: { propertyId, status: "ACTIVE", currency: property.currency },
      select: { unitId: true, startDate: true, endDate: true, rentAmount: true, frequency: true },
    }),
    collectedByMonth(db, propertyId, window.from, window.to),
    overdueEntries(db, { propertyId }, today),
  ]);
  // A unit is leased today when an ACTIVE lease on it has started and not yet reached its end date.
  const unitsLeased = new Set(active.filter((l) => l.startDate <= today && today < l.endDate).map((l) => l.unitId))
    .size;
  const annualRent = annualContractedRent(active);
  const netByMonth = new Map(collected.periods.map((p) => [p.month, p.net]));
  return {
    propertyId,
    asOf: toDateOnly(today)!,
    currency: property.currency,
    unitsTotal,
    unitsLeased,
    occupancyBps: occupancyBps(unitsLeased, unitsTotal),
    annualContractedRent: annualRent.toFixed(2),
    currentValuation: property.currentValuation?.toFixed(2) ?? null,
    grossYieldBps: grossYieldBps(annualRent, property.currentValuation),
    collected: {
      from: toDateOnly(window.from)!,
      to: toDateOnly(window.to)!,
      months: window.months.map((month) => ({ month, net: netByMonth.get(month) ?? "0.00" })),
      totalNet: collected.totals.net,
    },
    overdueEntries: overdue.length,
  };
}
