import { floorDiv, nonNegative } from "./money.js";

export interface NavInputs {
  /** The latest approved valuation of the property. */
  valuation: bigint;
  cashReserves: bigint;
  /** Liabilities as of the valuation (loans, payables). */
  liabilities: bigint;
  /** Whole units (tokens) outstanding. */
  units: bigint;
}

/**
 * Net asset value and its share per unit: (valuation + cash reserves − liabilities) / units, per unit rounded down
 * to the cent (toward negative infinity, so a negative NAV is never flattered). A negative NAV is reported as is.
 */
export function navPerUnit({ valuation, cashReserves, liabilities, units }: NavInputs): {
  nav: bigint;
  perUnit: bigint;
} {
  nonNegative(valuation, "The valuation");
  nonNegative(cashReserves, "The cash reserves");
  nonNegative(liabilities, "The liabilities");
  if (typeof units !== "bigint" || units <= 0n)
    throw new RangeError(`The number of units must be more than zero (got ${units}).`);
  const nav = valuation + cashReserves - liabilities;
  return { nav, perUnit: floorDiv(nav, units) };
}
