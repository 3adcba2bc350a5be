/**
 * The property page's financial figures: which closed period counts for each month, the trailing twelve months'
 * NOI, and the metrics (gross yield, net yield, cap rate, occupancy) — each computed by `@freehold/finance`, never
 * here, from what the API returns. Period amounts are integer minor units (strings); valuations are decimal strings.
 */
import { capRate, grossYield, METRICS, netYield, occupancy, type MetricName } from "@freehold/finance";
import type { FinancialPeriod, PropertyNav, ValuationRecord } from "../../api/financials";
import type { RentSummary } from "../../api/leases";
import { formatMoney, formatUnits } from "../../format/amounts";
import { formatDate, formatMonth } from "../../format/dates";
import { formatCents, formatFiat, toCents } from "../../format/fiat";
import { formatRate } from "../../format/rates";

/** NAV figures are decimal strings of the currency ("12000.00"), negative when liabilities exceed the assets. */
export const signedCents = (amount: string): bigint =>
  amount.startsWith("-") ? -toCents(amount.slice(1)) : toCents(amount);

/** `{year, month}` as the `YYYY-MM` key dates.ts formats. */
export const periodMonth = (p: Pick<FinancialPeriod, "year" | "month">): string =>
  `${p.year}-${String(p.month).padStart(2, "0")}`;

/**
 * One closed period per month, newest month first: the month's latest closed one (highest sequence), which is the
 * one that counts (a correction restates the month). Drafts are left out (only their managers see them anyway).
 */
export function countingPeriods(periods: readonly FinancialPeriod[]): FinancialPeriod[] {
  const byMonth = new Map<string, FinancialPeriod>();
  for (const p of periods) {
    if (p.status !== "CLOSED") continue;
    const key = periodMonth(p);
    const seen = byMonth.get(key);
    if (!seen || p.sequence > seen.sequence) byMonth.set(key, p);
  }
  return [...byMonth.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([, p]) => p);
}

/** Approved valuations only (what NAV and the public figures use), newest valuation date first. */
export function approvedValuations(valuations: readonly ValuationRecord[]): ValuationRecord[] {
  return valuations
    .filter((v) => v.status === "APPROVED")
    .sort((a, b) => b.valuedOn.localeCompare(a.valuedOn) || b.createdAt.localeCompare(a.createdAt));
}

export interface TrailingNoi {
  noi: bigint;
  /** How many closed months it sums (twelve once a year is closed). */
  months: number;
  from: string | null;
  to: string | null;
}

/** The NOI of the latest twelve closed months (fewer while fewer are closed: `months` says how many). */
export function trailingNoi(periods: readonly FinancialPeriod[]): TrailingNoi {
  const latest = countingPeriods(periods).slice(0, 12);
  return {
    noi: latest.reduce((sum, p) => sum + BigInt(p.totals.noi), 0n),
    months: latest.length,
    from: latest.at(-1) ? periodMonth(latest.at(-1)!) : null,
    to: latest[0] ? periodMonth(latest[0]) : null,
  };
}

export interface MetricFigure {
  name: MetricName;
  label: string;
  definition: string;
  value: string;
  /** What the figure was computed from, or why there is none. */
  basis: string;
}

const metric = (name: MetricName, value: string, basis: string): MetricFigure => ({
  name,
  label: METRICS[name].label,
  definition: METRICS[name].definition,
  value,
  basis,
});

export interface MetricInputs {
  currency: string;
  rent: Pick<RentSummary, "annualContractedRent" | "unitsLeased" | "unitsTotal"> | undefined;
  periods: readonly FinancialPeriod[];
  valuations: readonly ValuationRecord[];
}

/** Gross yield, net yield, cap rate and occupancy, each with its definition and what it rests on. */
export function propertyMetrics({ currency, rent, periods, valuations }: MetricInputs): MetricFigure[] {
  const approved = approvedValuations(valuations);
  const latest = approved[0];
  const valuation = latest ? toCents(latest.amount) : null;
  const purchase = approved.find((v) => v.method === "PURCHASE_PRICE");
  const noi = trailingNoi(periods);
  const money = (cents: bigint) => formatCents(cents, currency);
  const noValuation = "No approved valuation yet";
  const noiBasis =
    noi.months === 0
      ? null
      : `NOI of ${money(noi.noi)} over ${noi.months === 12 ? "the last 12" : `the only ${noi.months}`} closed ${
          noi.months === 1 ? "month" : "months"
        } (${formatMonth(noi.from!)}${noi.months > 1 ? ` to ${formatMonth(noi.to!)}` : ""})`;

  const gross =
    valuation === null
      ? metric("grossYield", "—", noValuation)
      : !rent
        ? metric("grossYield", "—", "The rent figures are not available")
        : toCents(rent.annualContractedRent) === 0n
          ? metric("grossYield", "—", "No active lease: no contracted rent to measure")
          : metric(
              "grossYield",
              formatRate(grossYield(toCents(rent.annualContractedRent), valuation)),
              `${money(toCents(rent.annualContractedRent))} contracted a year / ${money(valuation)}`,
            );
  const net =
    valuation === null
      ? metric("netYield", "—", noValuation)
      : noiBasis === null
        ? metric("netYield", "—", "No closed financial period yet")
        : metric("netYield", formatRate(netYield(noi.noi, valuation)), `${noiBasis} / ${money(valuation)}`);
  const cap = !purchase
    ? metric("capRate", "—", "No approved purchase price recorded")
    : noiBasis === null
      ? metric("capRate", "—", "No closed financial period yet")
      : metric(
          "capRate",
          formatRate(capRate(noi.noi, toCents(purchase.amount))),
          `${noiBasis} / purchase price ${money(toCents(purchase.amount))}`,
        );
  const occupied = !rent
    ? metric("occupancy", "—", "The rent figures are not available")
    : metric(
        "occupancy",
        formatRate(occupancy(rent.unitsLeased, rent.unitsTotal)),
        rent.unitsTotal === 0
          ? "No rentable units registered"
          : `${rent.unitsLeased} of ${rent.unitsTotal} ${rent.unitsTotal === 1 ? "unit" : "units"} leased today`,
      );
  return [gross, net, cap, occupied];
}

/** What NAV rests on: the approved valuation, the reserves of the closed periods, the liabilities. */
export function navBasis(nav: PropertyNav, currency: string): string {
  const parts = [
    `the valuation of ${formatDate(nav.valuedOn)} (${formatFiat(nav.valuation, currency, { whole: true })})`,
  ];
  if (nav.reservesSource === "period" && nav.reservesMonth)
    parts.push(`plus ${formatFiat(nav.cashReserves, currency)} of reserves to ${formatMonth(nav.reservesMonth)}`);
  if (signedCents(nav.liabilities) !== 0n) parts.push(`less ${formatFiat(nav.liabilities, currency)} of liabilities`);
  return `As of ${parts.join(", ")}.`;
}

/**
 * A sold property (its exit closed a sale): what a unit is worth is what it redeems for, in the exit's coin, no longer
 * its valuation's NAV (browser test H3). `value` for the figure, `detail` the sentence under it; null before a sale.
 */
export function saleWorth(nav: Pick<PropertyNav, "sale">): { value: string; detail: string } | null {
  const sale = nav.sale;
  if (!sale) return null;
  const coin = sale.paymentToken;
  const on = formatDate(sale.closedAt);
  const units = formatUnits(BigInt(sale.supplyAtClose));
  if (!coin || coin.decimals === null)
    return {
      value: "Sold",
      detail: `Sold on ${on}: the proceeds are shared over the ${units} outstanding at the close, in a coin that did not say its decimals, so the amount a unit redeems for cannot be shown.`,
    };
  const asCoin = {
    symbol: coin.symbol ?? `${coin.address.slice(0, 6)}…${coin.address.slice(-4)}`,
    decimals: coin.decimals,
  };
  const perUnit = formatMoney(BigInt(sale.perUnit), asCoin);
  return {
    value: perUnit,
    detail: `Sold on ${on}: each unit redeems for ${perUnit}, ${formatMoney(BigInt(sale.proceeds), asCoin)} shared over the ${units} outstanding at the close. The valuation no longer sets what a unit is worth.`,
  };
}
