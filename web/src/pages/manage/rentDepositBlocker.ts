/**
 * Whether the manager may deposit rent now (review 2027-01, finding 1). `RentDistributor.deposit` shares the rent over
 * the token's `totalSupply`, which counts delivered units only (the offering issues a subscriber's units at the
 * claim); a unit delivered later starts with a negative correction and never earns from an earlier deposit. So a
 * deposit while subscribers still wait for their units gives their share to the holders already served, for good;
 * and with no supply at all the distributor refuses it (`DistributorNoSupply`), after the approval was mined.
 *
 * The offering's own counts decide it: `unitsSold - unitsSettled` are the subscriptions neither delivered nor refunded.
 * They are owed units unless the offering failed or was cancelled (then they are refunds). The supply is not compared
 * with the units sold: units redeemed at the property's exit leave the supply without being undelivered.
 */
import type { OfferingState } from "../../compliance/offeringLimits";
import { formatUnits } from "../../format/amounts";

export interface RentDepositFacts {
  /** The token's offering's state. */
  state: OfferingState;
  /** `PropertyOffering.unitsSold()`. */
  sold: bigint;
  /** `PropertyOffering.unitsSettled()`: claimed (delivered) or refunded. */
  settled: bigint;
  /** `PropertyToken.totalSupply()`: the units the deposit is shared over. */
  supply: bigint;
}

export type RentDepositBlocker =
  { kind: "no-supply"; message: string } | { kind: "undelivered"; units: bigint; message: string };

/** null: the deposit reaches every unit bought; otherwise why it must wait, in words for the manager. */
export function rentDepositBlocker({ state, sold, settled, supply }: RentDepositFacts): RentDepositBlocker | null {
  const unsettled = sold > settled ? sold - settled : 0n;
  const refundsOnly = state === "Failed" || state === "Cancelled";
  if (unsettled > 0n && !refundsOnly) {
    const wait =
      state === "Finalized"
        ? "Deliver them first (below), or wait for their subscribers to claim them."
        : "Finalize the offering, then deliver them.";
    return {
      kind: "undelivered",
      units: unsettled,
      message:
        `${formatUnits(unsettled)} sold in the offering ${unsettled === 1n ? "is" : "are"} not delivered yet: a deposit ` +
        `now would be shared only by the units already delivered, and their buyers would never receive this rent. ${wait}`,
    };
  }
  if (supply === 0n)
    return {
      kind: "no-supply",
      message:
        "No unit of this property is held yet, so a deposit has no holders to share it: the rent distributor refuses it.",
    };
  return null;
}
