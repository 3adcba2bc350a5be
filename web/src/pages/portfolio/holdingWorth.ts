/**
 * A holding's value and share of the property in the Holdings table. Before a sale: units at the offering's price,
 * and units over the token's supply. Once the holders' sale has closed, a unit is worth what it redeems for
 * (units x proceeds / supply at the close, rounded down as PropertyExit.redeem pays) and its share is of the supply
 * at the close: the supply shrinks as others redeem, which showed the last holder "100%" (review 2026-12-06, H3).
 */
import { costOf, percentOf } from "../../format/amounts";

export interface Sale {
  proceeds: bigint;
  supplyAtClose: bigint;
}

export function holdingWorth(
  units: bigint,
  holding: { pricePerUnit: bigint; totalSupply: bigint },
  sale: Sale | null,
): { value: bigint; sharePercent: number } {
  if (sale && sale.supplyAtClose > 0n)
    return {
      value: (units * sale.proceeds) / sale.supplyAtClose,
      sharePercent: percentOf(units, sale.supplyAtClose),
    };
  return { value: costOf(units, holding.pricePerUnit), sharePercent: percentOf(units, holding.totalSupply) };
}
