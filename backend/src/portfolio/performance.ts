/**
 * GET /me/performance: the signed-in investor's positions (their wallet's) with cost basis (net of capital returned),
 * income, capital returned, NAV value, gains and IRR per property and token class, and totals per currency. NAV per unit is the valuations domain's
 * (`navOf`: the latest approved valuation over the tokens outstanding); a property without one has no NAV figures.
 * Amounts are in the reply's `amountUnit` (amount-unit.ts): each position's coin's base units converted with that
 * coin's own decimals, so positions paid in coins of different decimals read, and add up, right. A position whose
 * coin's decimals are unknown has no money figure: it is listed in `unpriced`, and its currency gets no totals.
 */
import type { Actor } from "../auth/actor.ts";
import { NotFoundError } from "../core/errors.ts";
import type { Db } from "../db/client.ts";
import { exitOf } from "../chain/sync/exits.ts";
import { navOf } from "../valuations/nav.ts";
import { amountUnit, ledgerIn, type AmountUnit } from "./amount-unit.ts";
import { combinedIrr, ownershipPercent, positionFigures, type NavAt, type SaleTerms } from "./figures.ts";
import { supplyAt, tokenInfo, walletLedger, type LedgerEntry, type TokenInfo } from "./ledger.ts";

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

/** The sale of each sold priced token (its exit's ProceedsDeposited, issue 19), the proceeds in `unit`. */
async function sales(db: Db, chainId: number, unit: AmountUnit) {
  const out = new Map<string, SaleTerms>();
  for (const [token, factor] of unit.factors) {
    const sale = (await exitOf(db, chainId, token))?.sale;
    if (sale) out.set(token, { proceeds: BigInt(sale.proceeds) * factor, supplyAtClose: BigInt(sale.supplyAtClose) });
  }
  return out;
}

const text = (v: bigint | null) => (v === null ? null : v.toString());

const coinOf = (info: TokenInfo | undefined) => info?.coin ?? null;

const UNITS_IN = new Set(["UNITS_CLAIMED", "TRADE_BUY", "TRANSFER_IN"]);
const UNITS_OUT = new Set(["TRADE_SELL", "TRANSFER_OUT", "EXIT_REDEEMED"]);
/** The units an entry moved into (+) or out of (-) the wallet. */
const unitsDelta = (e: LedgerEntry) => (UNITS_IN.has(e.kind) ? e.units : UNITS_OUT.has(e.kind) ? -e.units : 0n);

export async function myPerformance(db: Db, chainId: number, actor: Actor, asOf = new Date()) {
  const all = await walletLedger(db, chainId, actor.address);
  const tokenList = [...new Set(all.map((e) => e.token))];
  const tokens = await tokenInfo(db, chainId, tokenList);
  const unit = amountUnit(tokenList, tokens);
  const ledger = ledgerIn(all, unit);
  const [navs, supplies] = [await currentNavs(db, chainId, tokens), await supplyAt(db, chainId, tokenList)];
  const figures = positionFigures(ledger, tokens, navs, supplies, asOf, unit, await sales(db, chainId, unit));
  const currencyOf = (token: string) => tokens.get(token)?.currency ?? null;
  // A currency with an unpriced position has no totals: a sum without it would be wrong.
  const incomplete = new Set(unit.unpriced.map(currencyOf));
  const currencies = [...new Set(figures.map((f) => f.info?.currency ?? null))].filter((c) => !incomplete.has(c));
  const sum = (rows: typeof figures, pick: (f: (typeof figures)[number]) => bigint | null) =>
    rows.some((f) => pick(f) === null) ? null : rows.reduce((t, f) => t + pick(f)!, 0n);
  return {
    wallet: actor.address,
    asOf: asOf.toISOString(),
    amountUnit: {
      description: `units of 10^-${unit.decimals} of the property's currency: each position's payment-coin base units converted with that coin's decimals`,
      decimals: unit.decimals,
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
      paymentToken: coinOf(tokens.get(f.token)),
    })),
    unpriced: unit.unpriced.map((token) => {
      const info = tokens.get(token);
      const units = all.reduce((t, e) => t + (e.token !== token ? 0n : unitsDelta(e)), 0n);
      return {
        propertyId: info?.propertyId ?? null,
        propertyName: info?.propertyName ?? null,
        currency: info?.currency ?? null,
        token,
        symbol: info?.symbol ?? null,
        units: units.toString(),
        paymentToken: coinOf(info),
      };
    }),
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
