/** What a buyer and a seller read about the trade fee before signing (issue 20): the seller bears it. */
import type { FeeSplit } from "../../contracts/fees";
import { formatBps, formatMoney, type Coin } from "../../format/amounts";

/** The buyer pays the order's price, nothing more; the fee comes out of what the seller receives. */
export function buyerFeeText(split: FeeSplit, bps: number, coin: Coin): string {
  if (bps === 0) return `You pay ${formatMoney(split.gross, coin)}. The platform takes no trade fee on this property.`;
  return `You pay ${formatMoney(split.gross, coin)}, nothing more: the platform's trade fee of ${formatBps(bps)} (${formatMoney(split.fee, coin)}) comes out of the seller's side: the seller receives ${formatMoney(split.net, coin)}.`;
}

/** How partial fills round: each fill's fee is rounded down, so the seller never receives less than shown. */
export const SELLER_ROUNDING_NOTE =
  "The fee is taken from each fill's price as buyers pay it, rounded down: if the order is filled in parts, you receive at least this in total.";

/** An increase announced for the trade fee reaches fills on and after its day, open orders included. */
export const OPEN_ORDER_INCREASE_NOTE = "Fills from that day pay it, including fills of orders posted before.";
