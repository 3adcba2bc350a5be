/**
 * A period's distributable cash (minor units of the property's currency, two decimals) as an amount of the payment
 * token (its own decimals). The platform applies no exchange rate (ui/CurrencyNote says so): one unit of the currency
 * becomes one unit of the token, as the rent deposit form always asked the manager to convert. A token with fewer than
 * two decimals cannot carry cents: the amount is rounded down to what it can carry, never up (a deposit never pays
 * out more than the statement says is distributable).
 */
export function centsToTokenUnits(cents: bigint, decimals: number): bigint {
  if (cents < 0n) throw new RangeError("A distributable amount is never negative.");
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError("A token's decimals are a whole number.");
  return decimals >= 2 ? cents * 10n ** BigInt(decimals - 2) : cents / 10n ** BigInt(2 - decimals);
}
