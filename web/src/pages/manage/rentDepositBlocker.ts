/**
 * Whether the manager may deposit rent now (review 2026-12, finding 1). `RentDistributor.deposit` shares the rent over
 * the token's `totalSupply`, which counts delivered units only (the offering issues a subscriber's units at the
 * claim); a unit delivered later starts with a negative correction and never earns from an earlier deposit. So a
 * deposit while subscribers still wait for their units gives their share to the holders already served, for good;
 * and with no supply at all the distributor refuses it (`DistributorNoSupply`), after the approval was mined.
 *
 * The offering's own counts decide it: `unitsSold - unitsSettled` are the subscriptions neither delivered nor refunded.
 * They are owed units unless the offering failed or was cancelled (then they are refunds). The supply is not compared
 * with the units sold: units redeemed at the property's exit leave the supply without being undelivered.
 *
 * Units on hold (the token refuses to deliver them for now, whatever the reason: the manager is not told why)
 * do not block: a hold after a confirmed sanctions match may never be lifted, and neither a delivery nor a refund can
 * be made meanwhile, so blocking on them would stop every holder's rent for good. The deposit is offered with a
 * warning (`rentDepositWarning`) that it is shared without those units.
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
  /**
   * Of the units neither delivered nor refunded, those the token refuses to deliver for now (each delivery simulated):
   * 0 until known, so the deposit stays blocked until the deliveries were read.
   */
  held?: bigint;
}

export type RentDepositBlocker =
  { kind: "no-supply"; message: string } | { kind: "undelivered"; units: bigint; message: string };

/** null: the deposit reaches every unit bought; otherwise why it must wait, in words for the manager. */
export function rentDepositBlocker(facts: RentDepositFacts): RentDepositBlocker | null {
  const { state, supply } = facts;
  const unsettled = unsettledOf(facts);
  const refundsOnly = state === "Failed" || state === "Cancelled";
  const deliverable = state === "Finalized" ? unsettled - heldOf(facts) : unsettled;
  if (deliverable > 0n && !refundsOnly) {
    const wait =
      state === "Finalized"
        ? "Deliver them first (below), or wait for their subscribers to claim them."
        : "Finalize the offering, then deliver them.";
    return {
      kind: "undelivered",
      units: deliverable,
      message:
        `${formatUnits(deliverable)} sold in the offering ${deliverable === 1n ? "is" : "are"} not delivered yet: a deposit ` +
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

const unsettledOf = ({ sold, settled }: RentDepositFacts): bigint => (sold > settled ? sold - settled : 0n);
const heldOf = (facts: RentDepositFacts): bigint => {
  const held = facts.held ?? 0n;
  const unsettled = unsettledOf(facts);
  return held < unsettled ? held : unsettled;
};

/**
 * What the manager must know before depositing while units are on hold: the deposit is offered (a hold may last for
 * good), but it is shared without them, so their buyers will not receive this deposit's rent. null: nothing to say.
 */
export function rentDepositWarning(facts: RentDepositFacts): string | null {
  const held = heldOf(facts);
  if (facts.state !== "Finalized" || held === 0n || rentDepositBlocker(facts) !== null) return null;
  return (
    `${formatUnits(held)} sold in the offering ${held === 1n ? "is" : "are"} on hold and ` +
    `cannot be delivered for now. A deposit now is shared without ${held === 1n ? "it" : "them"}: ` +
    `${held === 1n ? "its buyer" : "their buyers"} will not receive this deposit's rent, even once the hold is lifted. ` +
    "Wait for the hold to be lifted if you can."
  );
}
