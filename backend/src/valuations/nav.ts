/**
 * What a unit of a property is worth: the one NAV service of the property page, the investor's performance and the
 * investor statements.
 * - Before a sale: NAV per unit = (latest approved valuation + cash reserves − its liabilities) / tokens outstanding,
 *   computed by @freehold/finance, in the property's currency. Cash reserves are what the closed financial periods set
 *   aside (`closedReserves`).
 * - Once the property's exit closed a sale (its `ProceedsDeposited`): a unit is worth what the exit pays for it,
 *   proceeds / supply at the close rounded down as `PropertyExit.redeem` rounds, in base units of the coin the exit pays
 *   in (the token's payment coin). The valuation no longer says what a unit is worth: the building is sold.
 * Every figure can be read as of a moment (`asOf`: valuations valued and approved, periods closed and the sale closed
 * before it), so a statement built again later reads the same.
 */
import { navPerUnit } from "@freehold/finance";
import type { Actor } from "../auth/actor.ts";
import { NotFoundError } from "../core/errors.ts";
import { toDateOnly } from "../core/schemas.ts";
import type { Db } from "../db/client.ts";
import type { Prisma, Valuation } from "../generated/prisma/client.ts";
import { launched, tokenSupply, type PaymentCoin } from "../chain/service.ts";
import { exitOf } from "../chain/sync/exits.ts";
import { loadVisible } from "../properties/access.ts";
import { closedReserves } from "../financials/read.ts";

/** Decimal(18, 2) → cents, and back. */
const cents = (d: Prisma.Decimal): bigint => BigInt(d.mul(100).toFixed(0));
export function formatCents(v: bigint): string {
  const sign = v < 0n ? "-" : "";
  const abs = v < 0n ? -v : v;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export interface NavOptions {
  /** The chain whose token supply counts the units. */
  chainId: number;
  /** As of this moment (now without it): valuations, closed periods and the sale before it. */
  asOf?: Date;
  /** The units outstanding at `asOf` when the caller has them (the token's synced supply without). */
  units?: bigint;
}

/** The latest approved valuation, valued and decided before `asOf` when given. */
async function approvedValuation(db: Db, propertyId: string, asOf: Date | undefined): Promise<Valuation | null> {
  return db.valuation.findFirst({
    where: { propertyId, status: "APPROVED", ...(asOf ? { valuedOn: { lt: asOf }, decidedAt: { lt: asOf } } : {}) },
    orderBy: [{ valuedOn: "desc" }, { decidedAt: "desc" }, { createdAt: "desc" }],
  });
}

/** NAV before a sale, in cents of the property's currency; 404 without an approved valuation. */
export async function navOf(db: Db, propertyId: string, { chainId, asOf, units: given }: NavOptions) {
  const valuation = await approvedValuation(db, propertyId, asOf);
  if (!valuation) throw new NotFoundError("approved valuation of property", propertyId);
  const units = given ?? (await tokenSupply(db, chainId, propertyId)).units;
  // The reserves the closed periods set aside, as of the latest month closed (before `asOf`); none before the first.
  const reserves = await closedReserves(db, propertyId, asOf);
  const cashReserves = reserves?.amount ?? 0n;
  const value = cents(valuation.amount);
  const liabilities = cents(valuation.liabilities);
  const nav = value + cashReserves - liabilities;
  // No token outstanding: the NAV is known, a share of it is not.
  const perUnit = units > 0n ? navPerUnit({ valuation: value, cashReserves, liabilities, units }).perUnit : null;
  return { valuation, value, liabilities, reserves, cashReserves, units, nav, perUnit };
}

/** A closed sale: what the exit pays per unit, in base units of `coin` (the token's payment coin). */
export interface SaleWorth {
  proceeds: bigint;
  supplyAtClose: bigint;
  /** proceeds / supplyAtClose rounded down: what one unit redeems for (the exit pays units × proceeds / supply). */
  perUnit: bigint;
  closedAt: Date;
  coin: PaymentCoin | null;
}

/** What `units` redeem for after the sale, rounded down as the exit pays them. */
export const redeemsFor = (sale: Pick<SaleWorth, "proceeds" | "supplyAtClose">, units: bigint): bigint =>
  sale.supplyAtClose === 0n ? 0n : (units * sale.proceeds) / sale.supplyAtClose;

/** The sale the property's exit closed (before `asOf`), or null. */
export async function saleOf(
  db: Db,
  chainId: number,
  token: string,
  asOf?: Date,
): Promise<Omit<SaleWorth, "coin"> | null> {
  const sale = (await exitOf(db, chainId, token))?.sale;
  if (!sale || (asOf && sale.blockTime >= asOf)) return null;
  const proceeds = BigInt(sale.proceeds);
  const supplyAtClose = BigInt(sale.supplyAtClose);
  return { proceeds, supplyAtClose, perUnit: redeemsFor({ proceeds, supplyAtClose }, 1n), closedAt: sale.blockTime };
}

/** What a unit of the property is worth as of `asOf`: its sale once closed, else its NAV; null without either. */
export type UnitWorth =
  | { basis: "sale"; sale: Omit<SaleWorth, "coin"> }
  | { basis: "valuation"; perUnitCents: bigint | null; valuedOn: Date };

export async function unitWorth(
  db: Db,
  propertyId: string,
  token: string | null,
  options: NavOptions,
): Promise<UnitWorth | null> {
  const sale = token ? await saleOf(db, options.chainId, token, options.asOf) : null;
  if (sale) return { basis: "sale", sale };
  try {
    const r = await navOf(db, propertyId, options);
    return { basis: "valuation", perUnitCents: r.perUnit, valuedOn: r.valuation.valuedOn };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** GET /properties/:id/nav: the property must be visible to the caller. */
export async function propertyNav(db: Db, actor: Actor | null, propertyId: string, chainId: number) {
  const property = await loadVisible(db, actor, propertyId);
  const r = await navOf(db, property.id, { chainId });
  const { token, coin } = await launched(db, chainId, property.id);
  const sale = token ? await saleOf(db, chainId, token) : null;
  const reserves = r.reserves;
  const month = reserves ? `${reserves.period.year}-${String(reserves.period.month).padStart(2, "0")}` : null;
  return {
    propertyId: property.id,
    currency: r.valuation.currency,
    valuationId: r.valuation.id,
    valuedOn: toDateOnly(r.valuation.valuedOn) ?? "",
    valuation: formatCents(r.value),
    cashReserves: formatCents(r.cashReserves),
    reservesSource: reserves ? ("period" as const) : ("none" as const),
    reservesPeriodId: reserves?.period.id ?? null,
    reservesMonth: month,
    liabilities: formatCents(r.liabilities),
    units: r.units.toString(),
    nav: formatCents(r.nav),
    // Once sold, the valuation no longer says what a unit is worth: the sale does.
    perUnit: r.perUnit === null || sale ? null : formatCents(r.perUnit),
    sale: sale && {
      closedAt: sale.closedAt.toISOString(),
      proceeds: sale.proceeds.toString(),
      supplyAtClose: sale.supplyAtClose.toString(),
      perUnit: sale.perUnit.toString(),
      paymentToken: coin,
    },
  };
}
