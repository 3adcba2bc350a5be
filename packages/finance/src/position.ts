import { nonNegative, roundDiv } from "./money.js";

export interface PositionEntry {
  /**
   * BUY: amount paid; SELL: proceeds received; INCOME: rent received; RETURN_OF_CAPITAL: capital paid back to the
   * holder (a refinance's), not income. INCOME and RETURN_OF_CAPITAL ignore units (0 by convention).
   */
  kind: "BUY" | "SELL" | "INCOME" | "RETURN_OF_CAPITAL";
  at: Date;
  units: bigint;
  amount: bigint;
}

export interface Position {
  units: bigint;
  /** What the units still held cost, by the average-cost method. */
  costBasis: bigint;
  /** Proceeds of sales − the basis they removed, plus capital returned beyond the basis. */
  realizedGain: bigint;
  incomeReceived: bigint;
  /** Every return of capital received (what lowered the basis and any excess realized). */
  capitalReturned: bigint;
}

/**
 * An investor's position in one property from their time-ordered entries, by the average-cost method: a sale of s
 * of u units removes basis × s / u (rounded half up), and the units kept carry the rest, so nothing is lost to
 * rounding and selling everything removes the whole basis. Selling more than held is refused (RangeError).
 *
 * A return of capital gives back part of what the units cost: it lowers the basis by its amount, down to zero, and
 * what exceeds the basis is a realized gain; units and income are unchanged. Hence, for any entries,
 * costBasis + capitalReturned + proceeds of sales − realizedGain = amounts paid for the units.
 */
export function position(entries: readonly PositionEntry[]): Position {
  let units = 0n;
  let costBasis = 0n;
  let realizedGain = 0n;
  let incomeReceived = 0n;
  let capitalReturned = 0n;
  let previous = -Infinity;
  entries.forEach((entry, i) => {
    const time = entry.at.getTime();
    if (Number.isNaN(time)) throw new RangeError(`Entry ${i} has no valid date.`);
    if (time < previous)
      throw new RangeError(`Entry ${i} is earlier than the one before it: entries must be time-ordered.`);
    previous = time;
    nonNegative(entry.amount, `Entry ${i}'s amount`);
    if (entry.kind === "INCOME") {
      incomeReceived += entry.amount;
      return;
    }
    if (entry.kind === "RETURN_OF_CAPITAL") {
      const lowered = entry.amount < costBasis ? entry.amount : costBasis;
      costBasis -= lowered;
      realizedGain += entry.amount - lowered;
      capitalReturned += entry.amount;
      return;
    }
    if (entry.units <= 0n) throw new RangeError(`Entry ${i} (${entry.kind}) must move at least one unit.`);
    if (entry.kind === "BUY") {
      units += entry.units;
      costBasis += entry.amount;
    } else if (entry.kind === "SELL") {
      if (entry.units > units)
        throw new RangeError(`Entry ${i} sells ${entry.units} units but only ${units} are held.`);
      const removed = roundDiv(costBasis * entry.units, units);
      units -= entry.units;
      costBasis -= removed;
      realizedGain += entry.amount - removed;
    } else throw new RangeError(`Entry ${i} has an unknown kind ${String(entry.kind)}.`);
  });
  return { units, costBasis, realizedGain, incomeReceived, capitalReturned };
}

/** What the units held are worth at NAV per unit, less what they cost. */
export function unrealizedGain(held: Pick<Position, "units" | "costBasis">, navPerUnit: bigint): bigint {
  return held.units * navPerUnit - held.costBasis;
}
