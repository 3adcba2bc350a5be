/** Guards and integer arithmetic shared by the figures. Money is bigint minor units (cents) throughout. */

export function nonNegative(value: bigint, what: string): bigint {
  if (typeof value !== "bigint") throw new TypeError(`${what} must be a bigint amount in minor units.`);
  if (value < 0n) throw new RangeError(`${what} must not be negative (got ${value}).`);
  return value;
}

export function sum(values: readonly bigint[]): bigint {
  return values.reduce((total, v) => total + v, 0n);
}

/** Division rounded toward negative infinity (bigint `/` truncates toward zero). */
export function floorDiv(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  return numerator % denominator !== 0n && numerator < 0n !== denominator < 0n ? q - 1n : q;
}

/** Division of non-negative values rounded to the nearest integer, halves up. */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}
