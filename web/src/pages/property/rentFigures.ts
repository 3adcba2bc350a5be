/**
 * How the rent summary reads on the property page. Registry amounts are decimal strings with at most two
 * decimals; they become integer cents (`bigint`) so sums and bar heights are exact, and are formatted with the
 * property's currency only when shown.
 */
import type { RentSummary } from "../../api/leases";

/** `"1455.5"` -> `145550n`; refuses anything that is not a non-negative decimal with at most two decimals. */
export function toCents(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`not an amount: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** Cents in a currency: whole amounts without decimals (`€18,000`), others with two (`€1,455.50`). */
export function formatCents(cents: bigint, currency: string): string {
  const whole = cents % 100n === 0n;
  const format = new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 });
  // Intl takes numbers; amounts beyond 2^53 cents (90 trillion) are not rent.
  return format.format(Number(cents) / 100);
}

/** Basis points as a percentage with up to two decimals, never rounded up: `3333` -> `33.33%`, `600` -> `6%`. */
export function formatBpsPercent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const rest = bps % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%`;
}

/** `"2026-11"` -> `"Nov 26"`. */
export function monthLabel(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });
}

export interface RentFigures {
  /** Nothing to show yet: no units, no active lease and no rent collected in the last twelve months. */
  empty: boolean;
  occupancy: { value: string; detail: string };
  contractedRent: { value: string; detail: string };
  grossYield: { value: string; detail: string };
  collected: { total: string; points: { label: string; cents: bigint }[] };
  overdue: { count: number; text: string };
}

export function rentFigures(s: RentSummary): RentFigures {
  const annual = toCents(s.annualContractedRent);
  const totalCollected = toCents(s.collected.totalNet);
  const units = s.unitsTotal === 1 ? "unit" : "units";
  return {
    empty: s.unitsTotal === 0 && annual === 0n && totalCollected === 0n,
    occupancy:
      s.occupancyBps === null
        ? { value: "—", detail: "No rentable units registered" }
        : { value: formatBpsPercent(s.occupancyBps), detail: `${s.unitsLeased} of ${s.unitsTotal} ${units} leased today` },
    contractedRent: { value: formatCents(annual, s.currency), detail: annual === 0n ? "No active lease" : "per year, from active leases" },
    grossYield:
      s.grossYieldBps === null
        ? { value: "—", detail: s.currentValuation === null ? "No valuation recorded" : "Not available" }
        : { value: formatBpsPercent(s.grossYieldBps), detail: `contracted rent / valuation of ${formatCents(toCents(s.currentValuation ?? "0"), s.currency)}` },
    collected: { total: formatCents(totalCollected, s.currency), points: s.collected.months.map((m) => ({ label: monthLabel(m.month), cents: toCents(m.net) })) },
    overdue: {
      count: s.overdueEntries,
      text: s.overdueEntries === 0 ? "No rent overdue" : `${s.overdueEntries} rent ${s.overdueEntries === 1 ? "instalment" : "instalments"} overdue`,
    },
  };
}
