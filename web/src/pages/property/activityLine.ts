/**
 * One line of a property's public on-chain activity, in words. The property page is public, and who bought or
 * holds how much is a cap-table fact (the API shows it only to the property's manager, officers and admins): a line
 * names no wallet; the viewer's own movements say "you".
 */
import { isAddressEqual, type Address } from "viem";
import { formatMoney, formatUnits, type Coin } from "../../format/amounts";

export type ActivityItem = { at: number; block: bigint; hash: string; key: string } & (
  | { kind: "rent"; amount: bigint }
  | { kind: "subscribed"; investor: Address; units: bigint }
  | { kind: "issued"; to: Address; units: bigint }
  | { kind: "moved"; from: Address; to: Address; units: bigint }
);

export function activityLine(a: ActivityItem, coin: Coin | undefined, viewer: Address | undefined): string {
  const mine = (wallet: Address) => viewer !== undefined && isAddressEqual(wallet, viewer);
  switch (a.kind) {
    case "rent":
      return `Rent of ${coin ? formatMoney(a.amount, coin) : "…"} distributed to holders`;
    case "subscribed":
      return `${formatUnits(a.units)} subscribed${mine(a.investor) ? " by you" : ""}`;
    case "issued":
      return `${formatUnits(a.units)} issued${mine(a.to) ? " to you" : ""}`;
    case "moved":
      if (mine(a.from)) return `${formatUnits(a.units)} sent by you`;
      if (mine(a.to)) return `${formatUnits(a.units)} received by you`;
      return `${formatUnits(a.units)} changed hands`;
  }
}
