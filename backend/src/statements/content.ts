/**
 * What a statement says, as plain data (the PDF and the CSV both render it): the investor's holdings at the end
 * of the period, the period's transactions, income, capital returned and realized gains, cost basis (net of capital
 * returned), NAV and IRR since the first investment; for the tax summary, the year's income per property and its disposals. Every input is fixed once
 * the period has ended (chain events before its end, valuations approved before its end), so building it again
 * later gives the same content and so the same bytes.
 */
import type { Db } from "../db/client.ts";
import { unitWorth } from "../valuations/nav.ts";
import { amountUnit, distinctCoins, ledgerIn, unknownCoin, type AmountUnit } from "../portfolio/amount-unit.ts";
import {
  combinedIrr,
  disposals,
  ownershipPercent,
  positionFigures,
  type NavAt,
  type NavBasis,
  type PositionFigures,
  type SaleTerms,
} from "../portfolio/figures.ts";
import { supplyAt, tokenInfo, walletLedger, type Coin, type LedgerEntry, type TokenInfo } from "../portfolio/ledger.ts";
import type { StatementPeriod } from "./periods.ts";
import { votesInPeriod, type VoteLine } from "./votes.ts";

export const PLATFORM = "Freehold";

/**
 * Which property token a line is about, the property's currency (what its valuations, so NAV per unit and value at
 * NAV before a sale, are in) and the coin its money moved in (its symbol, or its address when the coin has no
 * symbol): every amount paid or received is in that coin, never in the currency. A transaction's coin is its own (a
 * trade's is its order's coin, which may differ from the token's offering coin); a holding's, a disposal's and a
 * total's are the coins its amounts were paid in, joined by "+" when several ("tUSD+EURS": the amounts then add
 * those coins, each converted with its own decimals and counted 1:1 as the currency).
 */
interface LineOf {
  property: string;
  symbol: string;
  currency: string;
  coin: string;
}

export interface HoldingLine extends LineOf {
  token: string;
  partition: string;
  /** "valuation": navPerUnit, valueAtNav in `currency`; "sale": in `coin` (what the units redeem for); null: none. */
  navBasis: NavBasis | null;
  units: bigint;
  ownershipPercent: string | null;
  /** At the end: average cost of the units held, net of the capital returned so far (down to zero). */
  costBasis: bigint;
  navPerUnit: bigint | null;
  valueAtNav: bigint | null;
  unrealizedGain: bigint | null;
  incomeInPeriod: bigint;
  realizedInPeriod: bigint;
  /** Capital returned by refinances claimed in the period (issue 19): it lowered the basis; not income. */
  capitalReturnedInPeriod: bigint;
  irr: number | null;
}

export interface TransactionLine extends LineOf {
  date: string;
  kind: LedgerEntry["kind"];
  units: bigint;
  amount: bigint;
  txHash: string;
}

export interface DisposalLine extends LineOf {
  date: string;
  units: bigint;
  proceeds: bigint;
  costRemoved: bigint;
  gain: bigint;
}

export interface UnpricedLine extends LineOf {
  token: string;
}

/** Per currency and coin: amounts of different coins are never added up. */
export interface CurrencyTotals {
  currency: string;
  coin: string;
  incomeInPeriod: bigint;
  realizedInPeriod: bigint;
  capitalReturnedInPeriod: bigint;
  costBasis: bigint;
  /** The holdings valued at NAV (not sold), in `currency`; null when there are none or one has no NAV. */
  valueAtNav: bigint | null;
  /** What the units of sold properties still redeem for, in `coin`; null when none is sold. */
  unredeemed: bigint | null;
  unrealizedGain: bigint | null;
  irr: number | null;
}

export interface StatementContent {
  platform: string;
  kind: StatementPeriod["kind"];
  label: string;
  /** Inclusive dates, YYYY-MM-DD. */
  from: string;
  to: string;
  wallet: string;
  /** A non-personal reference of the investor: the first 8 characters of their user id. */
  investorRef: string;
  /**
   * Every amount is in units of 10^-amountDecimals of its currency: each token's payment-coin base units converted
   * with that coin's own decimals (portfolio/amount-unit.ts), so coins of different decimals read and add up right.
   */
  amountDecimals: number;
  /**
   * Whether a holding or disposal has amounts paid in several coins (its `coin` names them, "tUSD+EURS": a settlement
   * order names its own coin): its figures then add those coins, each counted 1:1 as the currency, and the PDF says so.
   */
  severalCoins: boolean;
  /**
   * Tokens whose payment coin's decimals are unknown (it did not answer decimals()): none of their amounts can be
   * stated, so they have no lines with amounts, and their currency no totals.
   */
  unpriced: UnpricedLine[];
  holdings: HoldingLine[];
  transactions: TransactionLine[];
  disposals: DisposalLine[];
  totals: CurrencyTotals[];
  /** Holder votes opened or decided in the period (not in the tax summary). */
  votes: VoteLine[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A coin's label: its symbol, or its address when it has none. */
const coinLabel = (coin: Coin | null | undefined) => coin?.symbol ?? coin?.address ?? "";
/** The label of amounts paid in `coins`: one coin's, or several joined by "+". */
const coinsLabel = (coins: readonly Coin[]) => coins.map(coinLabel).join("+");

/**
 * What a unit of each priced token was worth at `end`, from the valuations domain's one NAV service (the property
 * page's and the performance's): NAV per unit (valuation valued and approved before it, reserves of the periods
 * closed before it, liabilities, over the units outstanding then), or the sale its exit closed before it.
 */
async function worthsAsOf(
  db: Db,
  chainId: number,
  tokens: ReadonlyMap<string, TokenInfo>,
  supplies: ReadonlyMap<string, bigint>,
  unit: AmountUnit,
  end: Date,
) {
  const navs = new Map<string, NavAt>();
  const sales = new Map<string, SaleTerms>();
  for (const info of tokens.values()) {
    const factor = unit.factors.get(info.token);
    if (!info.propertyId || factor === undefined) continue;
    const units = supplies.get(info.token) ?? 0n;
    const worth = await unitWorth(db, info.propertyId, info.token, { chainId, asOf: end, units });
    if (worth?.basis === "sale") sales.set(info.token, { ...worth.sale, factor });
    else if (worth) navs.set(info.token, worth);
  }
  return { navs, sales };
}

const key = (f: { token: string; partition: string }) => `${f.token}|${f.partition}`;

export async function buildStatement(
  db: Db,
  chainId: number,
  investor: { id: string; address: string },
  period: StatementPeriod,
): Promise<StatementContent> {
  const all = await walletLedger(db, chainId, investor.address, period.end);
  const tokenList = [...new Set(all.map((e) => e.token))].sort();
  const tokens = await tokenInfo(db, chainId, tokenList);
  const unit = amountUnit(tokenList, tokens, all);
  const ledger = ledgerIn(all, unit);
  const supplies = await supplyAt(db, chainId, tokenList, period.end);
  const { navs, sales } = await worthsAsOf(db, chainId, tokens, supplies, unit, period.end);
  const atEnd = positionFigures(ledger, tokens, navs, supplies, period.end, unit, sales);
  const before = ledger.filter((e) => e.at < period.start);
  const atStart = new Map(
    positionFigures(before, tokens, new Map(), new Map(), period.start, unit).map((f) => [key(f), f]),
  );
  const name = (token: string): LineOf => {
    const info = tokens.get(token);
    return {
      property: info?.propertyName ?? token,
      symbol: info?.symbol ?? "",
      currency: info?.currency ?? "",
      coin: coinLabel(info?.coin),
    };
  };
  /** A holding's line: its coin the coins its amounts were paid in. */
  const held = (f: PositionFigures): LineOf => ({ ...name(f.token), coin: coinsLabel(f.coins) });
  const inPeriod = (f: PositionFigures) => {
    const s = atStart.get(key(f));
    return {
      income: f.incomeReceived - (s?.incomeReceived ?? 0n),
      realized: f.realizedGain - (s?.realizedGain ?? 0n),
      capital: f.capitalReturned - (s?.capitalReturned ?? 0n),
    };
  };
  // A position shows when units are held at the end or something happened to it in the period.
  const shown = atEnd.filter((f) => {
    const p = inPeriod(f);
    return (
      f.units > 0n ||
      p.income !== 0n ||
      p.realized !== 0n ||
      p.capital !== 0n ||
      ledger.some((e) => e.at >= period.start && e.token === f.token)
    );
  });
  const holdings: HoldingLine[] = shown.map((f) => ({
    ...held(f),
    token: f.token,
    partition: f.partition,
    navBasis: f.navBasis,
    units: f.units,
    ownershipPercent: ownershipPercent(f.units, f.supply),
    costBasis: f.costBasis,
    navPerUnit: f.navPerUnit,
    valueAtNav: f.valueAtNav,
    unrealizedGain: f.unrealizedGain,
    incomeInPeriod: inPeriod(f).income,
    realizedInPeriod: inPeriod(f).realized,
    capitalReturnedInPeriod: inPeriod(f).capital,
    irr: f.irr,
  }));
  const transactions: TransactionLine[] = ledger
    .filter((e) => e.at >= period.start)
    .map((e) => ({
      date: day(e.at),
      kind: e.kind,
      ...name(e.token),
      coin: coinLabel(e.coin),
      units: e.units,
      amount: e.amount,
      txHash: e.txHash,
    }));
  const sold = disposals(ledger, tokens, period.start, period.end)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.token.localeCompare(b.token))
    .map((d) => ({
      date: day(d.at),
      ...name(d.token),
      coin: coinsLabel(d.coins),
      units: d.units,
      proceeds: d.proceeds,
      costRemoved: d.costRemoved,
      gain: d.gain,
    }));
  // Named with the coin whose decimals are unknown: the token's offering coin, or a coin an order of it was paid in.
  const unpriced = unit.unpriced.map((token) => ({
    ...name(token),
    coin: coinLabel(unknownCoin(all, token) ?? tokens.get(token)?.coin),
    token,
  }));
  // Per currency and coin (the unpriced tokens have no figures, so they are in none); the holdings whose amounts are
  // in several coins, one total per currency named with all their coins (each counted 1:1 as the currency).
  const groupOf = (f: PositionFigures) => `${held(f).currency}|${f.coins.length === 1 ? held(f).coin : "+"}`;
  const groups = [...new Set(shown.map(groupOf))].sort((a, b) => a.localeCompare(b));
  const totals = groups.map((group) => {
    const rows = shown.filter((f) => groupOf(f) === group);
    const currency = held(rows[0]!).currency;
    const coin = coinsLabel(distinctCoins(rows.flatMap((f) => f.coins)));
    const known = (some: PositionFigures[], pick: (f: PositionFigures) => bigint | null) =>
      some.length === 0 || some.some((f) => pick(f) === null) ? null : some.reduce((t, f) => t + pick(f)!, 0n);
    return {
      currency,
      coin,
      incomeInPeriod: rows.reduce((t, f) => t + inPeriod(f).income, 0n),
      realizedInPeriod: rows.reduce((t, f) => t + inPeriod(f).realized, 0n),
      capitalReturnedInPeriod: rows.reduce((t, f) => t + inPeriod(f).capital, 0n),
      costBasis: rows.reduce((t, f) => t + f.costBasis, 0n),
      valueAtNav: known(
        rows.filter((f) => f.navBasis !== "sale"),
        (f) => f.valueAtNav,
      ),
      unredeemed: known(
        rows.filter((f) => f.navBasis === "sale"),
        (f) => f.unredeemed,
      ),
      unrealizedGain: known(rows, (f) => f.unrealizedGain),
      irr: combinedIrr(ledger, tokens, rows, period.end),
    };
  });
  // A proposal's amount is in its token's coin: in the statement's unit, unknown for an unpriced token.
  const votes = (
    period.kind === "TAX_ANNUAL"
      ? []
      : await votesInPeriod(db, chainId, investor.address, heldIn(all, period), period, name)
  ).map((v) => {
    const factor = unit.factors.get(v.token);
    return { ...v, amount: v.amount === null || factor === undefined ? null : v.amount * factor };
  });
  const last = new Date(period.end.getTime() - 86_400_000);
  return {
    platform: PLATFORM,
    kind: period.kind,
    label: period.label,
    from: day(period.start),
    to: day(last),
    wallet: investor.address,
    investorRef: investor.id.slice(0, 8).toUpperCase(),
    amountDecimals: unit.decimals,
    // A disposal's coins are its holding's (shown: it moved in the period).
    severalCoins: shown.some((f) => f.coins.length > 1),
    unpriced,
    holdings,
    transactions,
    disposals: sold,
    totals,
    votes,
  };
}

const UNITS_IN: ReadonlySet<LedgerEntry["kind"]> = new Set(["UNITS_CLAIMED", "TRADE_BUY", "TRANSFER_IN"]);
const UNITS_OUT: ReadonlySet<LedgerEntry["kind"]> = new Set(["TRADE_SELL", "TRANSFER_OUT", "EXIT_REDEEMED"]);

/** Units held per token and class before the period's start. */
function heldAtStart(ledger: readonly LedgerEntry[], period: StatementPeriod): Map<string, bigint> {
  const held = new Map<string, bigint>();
  for (const e of ledger) {
    if (e.at >= period.start) break;
    const k = `${e.token}|${e.partition}`;
    if (UNITS_IN.has(e.kind)) held.set(k, (held.get(k) ?? 0n) + e.units);
    if (UNITS_OUT.has(e.kind)) held.set(k, (held.get(k) ?? 0n) - e.units);
  }
  return held;
}

/** Whether the investor had anything in the period: units held at its start, or a transaction in it. */
export function isActive(ledger: readonly LedgerEntry[], period: StatementPeriod): boolean {
  if (ledger.some((e) => e.at >= period.start && e.at < period.end)) return true;
  return [...heldAtStart(ledger, period).values()].some((u) => u > 0n);
}

/** The tokens the wallet held units of at some time in the period: at its start, or moved in or out during it. */
function heldIn(ledger: readonly LedgerEntry[], period: StatementPeriod): string[] {
  const tokens = new Set<string>();
  for (const [k, units] of heldAtStart(ledger, period)) if (units > 0n) tokens.add(k.split("|")[0]!);
  for (const e of ledger)
    if (e.at >= period.start && e.at < period.end && (UNITS_IN.has(e.kind) || UNITS_OUT.has(e.kind)))
      tokens.add(e.token);
  return [...tokens].sort();
}
