import { nonNegative, roundDiv } from "./money.js";

export interface PositionEntry {
  /** BUY: amount paid; SELL: proceeds received; INCOME: rent received (units ignored, 0 by convention). */
  kind: "BUY" | "SELL" | "INCOME";
  at: Date;
  units: bigint;
  amount: bigint;
}

export interface Position {
  units: bigint;
  /** What the units still held cost, by the average-cost method. */
  costBasis: bigint;
  /** Proceeds of sales − the basis they removed. */
  realizedGain: bigint;
  incomeReceived: bigint;
}

/**
 * An investor's position in one property from their time-ordered entries, by the average-cost method: a sale of s
 * of u units removes basis × s / u (rounded half up), and the units kept carry the rest, so nothing is lost to
 * rounding and selling everything removes the whole basis. Selling more than held is refused (RangeError).
 */
export function position(entries: readonly PositionEntry[]): Position {
  let units = 0n;
  let costBasis = 0n;
  let realizedGain = 0n;
  let incomeReceived = 0n;
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
  return { units, costBasis, realizedGain, incomeReceived };
}

/** What the units held are worth at NAV per unit, less what they cost. */
export function unrealizedGain(held: Pick<Position, "units" | "costBasis">, navPerUnit: bigint): bigint {
  return held.units * navPerUnit - held.costBasis;
}
