/**
 * NAV per unit of a property: (latest approved valuation + cash reserves − its liabilities) / tokens outstanding,
 * computed by @freehold/finance. Cash reserves are what the closed financial periods set aside (`reservesSource`).
 */
import { navPerUnit } from "@freehold/finance";
import type { Actor } from "../auth/actor.ts";
import { NotFoundError } from "../core/errors.ts";
import { toDateOnly } from "../core/schemas.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { tokenSupply } from "../chain/service.ts";
import { loadVisible } from "../properties/access.ts";
import { closedReserves } from "../financials/read.ts";
import { latestApprovedValuation } from "./service.ts";

/** Decimal(18, 2) → cents, and back. */
const cents = (d: Prisma.Decimal): bigint => BigInt(d.mul(100).toFixed(0));
export function formatCents(v: bigint): string {
  const sign = v < 0n ? "-" : "";
  const abs = v < 0n ? -v : v;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export interface NavOptions {
  /** Cash reserves in minor units. */
  cashReserves: bigint;
  /** The chain whose token supply counts the units. */
  chainId: number;
}

export async function navOf(db: Db, propertyId: string, { cashReserves, chainId }: NavOptions) {
  const valuation = await latestApprovedValuation(db, propertyId);
  if (!valuation) throw new NotFoundError("approved valuation of property", propertyId);
  const { units } = await tokenSupply(db, chainId, propertyId);
  const value = cents(valuation.amount);
  const liabilities = cents(valuation.liabilities);
  const nav = value + cashReserves - liabilities;
  // No token outstanding: the NAV is known, a share of it is not.
  const perUnit = units > 0n ? navPerUnit({ valuation: value, cashReserves, liabilities, units }).perUnit : null;
  return { valuation, value, liabilities, units, nav, perUnit };
}

/** GET /properties/:id/nav: the property must be visible to the caller. */
export async function propertyNav(db: Db, actor: Actor | null, propertyId: string, chainId: number) {
  const property = await loadVisible(db, actor, propertyId);
  // The reserves the closed periods set aside, as of the latest closed month; none before the first close.
  const reserves = await closedReserves(db, property.id);
  const r = await navOf(db, property.id, { cashReserves: reserves?.amount ?? 0n, chainId });
  const month = reserves ? `${reserves.period.year}-${String(reserves.period.month).padStart(2, "0")}` : null;
  return {
    propertyId: property.id,
    currency: r.valuation.currency,
    valuationId: r.valuation.id,
    valuedOn: toDateOnly(r.valuation.valuedOn) ?? "",
    valuation: formatCents(r.value),
    cashReserves: formatCents(reserves?.amount ?? 0n),
    reservesSource: reserves ? ("period" as const) : ("none" as const),
    reservesPeriodId: reserves?.period.id ?? null,
    reservesMonth: month,
    liabilities: formatCents(r.liabilities),
    units: r.units.toString(),
    nav: formatCents(r.nav),
    perUnit: r.perUnit === null ? null : formatCents(r.perUnit),
  };
}
