import { nonNegative } from "./money.js";

/** numerator / denominator as a rate (a ratio is the one place a float is the answer); null when there is no base. */
function ratio(numerator: bigint, denominator: bigint, what: string): number | null {
  if (typeof numerator !== "bigint") throw new TypeError(`${what}: the amount must be a bigint in minor units.`);
  nonNegative(denominator, `${what}: the base`);
  return denominator === 0n ? null : Number(numerator) / Number(denominator);
}

/** Annual contracted rent / valuation. */
export function grossYield(annualContractedRent: bigint, valuation: bigint): number | null {
  nonNegative(annualContractedRent, "The annual contracted rent");
  return ratio(annualContractedRent, valuation, "Gross yield");
}

/** Trailing twelve months' NOI / valuation (negative when the property lost money). */
export function netYield(trailingNoi: bigint, valuation: bigint): number | null {
  return ratio(trailingNoi, valuation, "Net yield");
}

/** Trailing twelve months' NOI / purchase price. */
export function capRate(trailingNoi: bigint, purchasePrice: bigint): number | null {
  return ratio(trailingNoi, purchasePrice, "Cap rate");
}

/** Leased units / total units. */
export function occupancy(leasedUnits: number, totalUnits: number): number | null {
  for (const [n, what] of [
    [leasedUnits, "leased units"],
    [totalUnits, "total units"],
  ] as const)
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`The number of ${what} must be a whole number ≥ 0 (got ${n}).`);
  if (leasedUnits > totalUnits)
    throw new RangeError(`More units leased (${leasedUnits}) than the property has (${totalUnits}).`);
  return totalUnits === 0 ? null : leasedUnits / totalUnits;
}
