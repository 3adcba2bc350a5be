/**
 * GET /me/performance: the signed-in investor's positions (their wallet's) with cost basis (net of capital returned),
 * income, capital returned, NAV value, gains and IRR per property and token class, and totals per currency and coin.
 * NAV per unit is the valuations domain's one NAV service (`unitWorth`, the property page's): the latest approved
 * valuation plus reserves less liabilities over the units outstanding, in the property's currency; once the property's
 * exit closed a sale, what a unit redeems for, in the coin (`navBasis` says which). A property with neither has no
 * NAV figures. Cost, income, gains realized and proceeds are in the coin the position's money moved in
 * (`paymentToken`); a position that also traded in another coin (a settlement order names its own coin) lists them in
 * `coins`, has no `paymentToken`, and its figures count each coin 1:1 as the property's currency.
 * Amounts are in the reply's `amountUnit` (amount-unit.ts): each amount's coin's base units converted with that
 * coin's own decimals, so amounts paid in coins of different decimals read, and add up, right. A position with an
 * amount in a coin of unknown decimals has no money figure: it is listed in `unpriced`, and is in no totals.
 */
import type { Actor } from "../auth/actor.ts";
import type { Db } from "../db/client.ts";
import { unitWorth } from "../valuations/nav.ts";
import { amountUnit, distinctCoins, ledgerIn, unknownCoin, type AmountUnit } from "./amount-unit.ts";
import { combinedIrr, ownershipPercent, positionFigures, type NavAt, type SaleTerms } from "./figures.ts";
import { supplyAt, tokenInfo, walletLedger, type Coin, type LedgerEntry, type TokenInfo } from "./ledger.ts";

/**
 * What a unit of each priced token is worth now, from the valuations domain's one NAV service (`unitWorth`, the
 * property page's): its NAV per unit (valuation, reserves, liabilities, units outstanding), or once its exit closed a
 * sale, the sale's terms (what the units redeem for). Absent: no approved valuation and no sale.
 */
async function worths(db: Db, chainId: number, tokens: ReadonlyMap<string, TokenInfo>, unit: AmountUnit) {
  const navs = new Map<string, NavAt>();
  const sales = new Map<string, SaleTerms>();
  for (const info of tokens.values()) {
    const factor = unit.factors.get(info.token);
    if (!info.propertyId || factor === undefined) continue;
    const worth = await unitWorth(db, info.propertyId, info.token, { chainId });
    if (worth?.basis === "sale") sales.set(info.token, { ...worth.sale, factor });
    else if (worth) navs.set(info.token, worth);
  }
  return { navs, sales };
}

const text = (v: bigint | null) => (v === null ? null : v.toString());

const coinOf = (info: TokenInfo | undefined) => info?.coin ?? null;
/** The one coin `coins` are, or null for several (figures in the currency, each coin counted 1:1). */
const oneCoin = (coins: readonly Coin[]) => (coins.length === 1 ? coins[0]! : null);

const UNITS_IN = new Set(["UNITS_CLAIMED", "TRADE_BUY", "TRANSFER_IN"]);
const UNITS_OUT = new Set(["TRADE_SELL", "TRANSFER_OUT", "EXIT_REDEEMED"]);
/** The units an entry moved into (+) or out of (-) the wallet. */
const unitsDelta = (e: LedgerEntry) => (UNITS_IN.has(e.kind) ? e.units : UNITS_OUT.has(e.kind) ? -e.units : 0n);

export async function myPerformance(db: Db, chainId: number, actor: Actor, asOf = new Date()) {
  const all = await walletLedger(db, chainId, actor.address);
  const tokenList = [...new Set(all.map((e) => e.token))];
  const tokens = await tokenInfo(db, chainId, tokenList);
  const unit = amountUnit(tokenList, tokens, all);
  const ledger = ledgerIn(all, unit);
  const { navs, sales } = await worths(db, chainId, tokens, unit);
  const supplies = await supplyAt(db, chainId, tokenList);
  const figures = positionFigures(ledger, tokens, navs, supplies, asOf, unit, sales);
  // Totals per currency and coin: amounts paid in different coins are never added up under one coin's name. The
  // positions that moved money in several coins have one total per currency, with no coin: in the currency.
  const groupOf = (f: (typeof figures)[number]) => `${f.info?.currency ?? ""}|${oneCoin(f.coins)?.address ?? "*"}`;
  const groups = [...new Map(figures.map((f) => [groupOf(f), f])).values()];
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
      navBasis: f.navBasis,
      navPerUnit: text(f.navPerUnit),
      navValuedOn: f.navValuedOn ? f.navValuedOn.toISOString().slice(0, 10) : null,
      valueAtNav: text(f.valueAtNav),
      unrealizedGain: text(f.unrealizedGain),
      irr: f.irr,
      realizedProceeds: f.realizedProceeds.toString(),
      unredeemed: text(f.unredeemed),
      paymentToken: oneCoin(f.coins),
      coins: f.coins,
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
        // The coin whose decimals are unknown: its offering's, or an order's it traded in.
        paymentToken: unknownCoin(all, token) ?? coinOf(info),
      };
    }),
    // Per currency and coin: amounts of different currencies or coins are never added together.
    totals: groups.map((first) => {
      const rows = figures.filter((f) => groupOf(f) === groupOf(first));
      const valued = rows.filter((f) => f.navBasis !== "sale");
      const sold = rows.filter((f) => f.navBasis === "sale");
      return {
        currency: first.info?.currency ?? null,
        paymentToken: oneCoin(first.coins),
        coins: distinctCoins(rows.flatMap((f) => f.coins)),
        costBasis: sum(rows, (f) => f.costBasis)!.toString(),
        incomeReceived: sum(rows, (f) => f.incomeReceived)!.toString(),
        realizedGain: sum(rows, (f) => f.realizedGain)!.toString(),
        capitalReturned: sum(rows, (f) => f.capitalReturned)!.toString(),
        valueAtNav: valued.length === 0 ? null : text(sum(valued, (f) => f.valueAtNav)),
        unredeemed: sold.length === 0 ? null : text(sum(sold, (f) => f.unredeemed)),
        unrealizedGain: text(sum(rows, (f) => f.unrealizedGain)),
        irr: combinedIrr(ledger, tokens, rows, asOf),
      };
    }),
  };
}
