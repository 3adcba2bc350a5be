/**
 * How the rent summary reads on the property page. Registry amounts are decimal strings with at most two
 * decimals; they become integer cents (`bigint`) so sums and bar heights are exact, and are formatted with the
 * property's currency only when shown.
 */
import type { RentSummary } from "../../api/leases";
import { formatBps } from "../../format/amounts";
import { formatMonth } from "../../format/dates";
import { formatCents, toCents } from "../../format/fiat";

export { formatCents, toCents };

/** Basis points as a percentage with up to two decimals, never rounded up: `3333` -> `33.33%`, `600` -> `6%`. */
export const formatBpsPercent = formatBps;

/** `"2026-11"` -> `"Nov 26"` (in the reader's locale). */
export const monthLabel = (month: string): string => formatMonth(month);

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
        : {
            value: formatBpsPercent(s.occupancyBps),
            detail: `${s.unitsLeased} of ${s.unitsTotal} ${units} leased today`,
          },
    contractedRent: {
      value: formatCents(annual, s.currency),
      detail: annual === 0n ? "No active lease" : "per year, from active leases",
    },
    grossYield:
      s.grossYieldBps === null
        ? { value: "—", detail: s.currentValuation === null ? "No valuation recorded" : "Not available" }
        : annual === 0n
          ? { value: "—", detail: "No active lease: no contracted rent to measure" }
          : {
              value: formatBpsPercent(s.grossYieldBps),
              detail: `contracted rent / valuation of ${formatCents(toCents(s.currentValuation ?? "0"), s.currency)}`,
            },
    collected: {
      total: formatCents(totalCollected, s.currency),
      points: s.collected.months.map((m) => ({ label: monthLabel(m.month), cents: toCents(m.net) })),
    },
    overdue: {
      count: s.overdueEntries,
      text:
        s.overdueEntries === 0
          ? "No rent overdue"
          : `${s.overdueEntries} rent ${s.overdueEntries === 1 ? "instalment" : "instalments"} overdue`,
    },
  };
}
