/**
 * GET /me/performance: the signed-in investor's positions (their wallet's) with cost basis (net of capital returned),
 * income, capital returned, NAV value, gains and IRR per property and token class, and totals per currency. NAV per unit is the valuations domain's
 * (`navOf`: the latest approved valuation over the tokens outstanding); a property without one has no NAV figures.
 */
import type { Actor } from "../auth/actor.ts";
import { NotFoundError } from "../core/errors.ts";
import type { Db } from "../db/client.ts";
import { exitOf } from "../chain/sync/exits.ts";
import { navOf } from "../valuations/nav.ts";
import {
  combinedIrr,
  ownershipPercent,
  PAYMENT_TOKEN_DECIMALS,
  positionFigures,
  type NavAt,
  type SaleTerms,
} from "./figures.ts";
import { supplyAt, tokenInfo, walletLedger, type TokenInfo } from "./ledger.ts";

/** The current NAV per unit of each token's property (absent when the property has no approved valuation). */
async function currentNavs(db: Db, chainId: number, tokens: ReadonlyMap<string, TokenInfo>) {
  const navs = new Map<string, NavAt>();
  for (const info of tokens.values()) {
    if (!info.propertyId) continue;
    try {
      const r = await navOf(db, info.propertyId, { cashReserves: 0n, chainId });
      navs.set(info.token, { perUnitCents: r.perUnit, valuedOn: r.valuation.valuedOn });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return navs;
}

/** The sale of each sold token (its exit's ProceedsDeposited, issue 19). */
async function sales(db: Db, chainId: number, tokens: readonly string[]) {
  const out = new Map<string, SaleTerms>();
  for (const token of tokens) {
    const sale = (await exitOf(db, chainId, token))?.sale;
    if (sale) out.set(token, { proceeds: BigInt(sale.proceeds), supplyAtClose: BigInt(sale.supplyAtClose) });
  }
  return out;
}

const text = (v: bigint | null) => (v === null ? null : v.toString());

export async function myPerformance(db: Db, chainId: number, actor: Actor, asOf = new Date()) {
  const ledger = await walletLedger(db, chainId, actor.address);
  const tokenList = [...new Set(ledger.map((e) => e.token))];
  const tokens = await tokenInfo(db, chainId, tokenList);
  const [navs, supplies] = [await currentNavs(db, chainId, tokens), await supplyAt(db, chainId, tokenList)];
  const figures = positionFigures(ledger, tokens, navs, supplies, asOf, await sales(db, chainId, tokenList));
  const currencies = [...new Set(figures.map((f) => f.info?.currency ?? null))];
  const sum = (rows: typeof figures, pick: (f: (typeof figures)[number]) => bigint | null) =>
    rows.some((f) => pick(f) === null) ? null : rows.reduce((t, f) => t + pick(f)!, 0n);
  return {
    wallet: actor.address,
    asOf: asOf.toISOString(),
    amountUnit: {
      description: "payment-token base units: 1 unit of the property's currency = 10^6 base units",
      decimals: PAYMENT_TOKEN_DECIMALS,
    },
    positions: figures.map((f) => ({
      propertyId: f.info?.propertyId ?? null,
      propertyName: f.info?.propertyName ?? null,
      currency: f.info?.currency ?? null,
      token: f.token,
      symbol: f.info?.symbol ?? null,
      partition: f.partition,
      units: f.units.toString(),
      supply: f.supply.toString(),
      ownershipPercent: ownershipPercent(f.units, f.supply),
      costBasis: f.costBasis.toString(),
      incomeReceived: f.incomeReceived.toString(),
      realizedGain: f.realizedGain.toString(),
      capitalReturned: f.capitalReturned.toString(),
      pendingSubscription: f.pendingSubscription.toString(),
      navPerUnit: text(f.navPerUnit),
      navValuedOn: f.navValuedOn ? f.navValuedOn.toISOString().slice(0, 10) : null,
      valueAtNav: text(f.valueAtNav),
      unrealizedGain: text(f.unrealizedGain),
      irr: f.irr,
      realizedProceeds: f.realizedProceeds.toString(),
      unredeemed: text(f.unredeemed),
    })),
    // Per currency: amounts of different currencies are never added together.
    totals: currencies.map((currency) => {
      const rows = figures.filter((f) => (f.info?.currency ?? null) === currency);
      return {
        currency,
        costBasis: sum(rows, (f) => f.costBasis)!.toString(),
        incomeReceived: sum(rows, (f) => f.incomeReceived)!.toString(),
        realizedGain: sum(rows, (f) => f.realizedGain)!.toString(),
        capitalReturned: sum(rows, (f) => f.capitalReturned)!.toString(),
        valueAtNav: text(sum(rows, (f) => f.valueAtNav)),
        unrealizedGain: text(sum(rows, (f) => f.unrealizedGain)),
        irr: combinedIrr(ledger, tokens, rows, asOf),
      };
    }),
  };
}
