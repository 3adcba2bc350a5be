/**
 * Amounts of a payment coin in other units. Every amount on chain is in base units of the coin it was paid in, and
 * coins differ in decimals (the deploy accepts 0 to 8; the factory launches each offering, and its token's rent book,
 * in the coin named at launch): the decimals always come from the coin (`chain_offerings.paymentDecimals`, read on
 * chain), never from an assumption. Unknown decimals mean an unknown figure.
 */

/** Minor units (cents) of a currency: the unit of the registry's fiat amounts (two decimals). */
export const MINOR_UNIT_DECIMALS = 2;

/**
 * `amount` in units of 10^-`from` as units of 10^-`to`: exact when `to >= from`, else rounded toward zero (down for
 * the non-negative amounts of a payout).
 */
export function rescale(amount: bigint, from: number, to: number): bigint {
  return to >= from ? amount * 10n ** BigInt(to - from) : amount / 10n ** BigInt(from - to);
}

/** Base units of a coin with `decimals` as minor units of its currency, rounded down; null when `decimals` is unknown. */
export function toMinorUnits(amount: bigint, decimals: number | null): bigint | null {
  return decimals === null ? null : rescale(amount, decimals, MINOR_UNIT_DECIMALS);
}
