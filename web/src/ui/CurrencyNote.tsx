/**
 * Where a property's own currency (valuation, lease rents: EUR) and the payment token (units' price, rent paid out:
 * tUSD, USDC) appear together, this sentence relates them, so nobody reads one as the other.
 */
export function currencyNote(currency: string, tokenSymbol: string): string {
  return `Valuation and lease rents are in ${currency}, the property's currency. Units are priced and paid in ${tokenSymbol}, and rent reaches holders in ${tokenSymbol} after the manager converts it; the platform applies no exchange rate of its own.`;
}

export function CurrencyNote({ currency, tokenSymbol }: { currency: string; tokenSymbol: string | undefined }) {
  if (!tokenSymbol) return null;
  return (
    <p className="small muted" data-testid="currency-note">
      {currencyNote(currency, tokenSymbol)}
    </p>
  );
}
