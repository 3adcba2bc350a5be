/**
 * The manager's money figures for an offering (review 2026-12, finding 2), from the offering's own books: every
 * wallet's payment is booked at the price it paid (the public price or its invitation's), so the units sold x the
 * public price is not what was raised once an invitation was redeemed. What the sold units paid and kept is what the
 * escrow still holds (`escrowOwed()`) plus what it released to the treasury (`ProceedsReleased` amounts, fee
 * included); refunds leave both. After a failure or a cancellation there are no proceeds (the treasury receives
 * nothing): what the escrow holds is owed back to subscribers.
 */
import type { OfferingState } from "../../compliance/offeringLimits";

export type OfferingMoney =
  /** Paid in and not refunded, each unit at its own price: the gross the proceeds (and their fee) come from. */
  | { kind: "proceeds"; gross: bigint }
  /** Still held for subscribers' refunds. */
  | { kind: "refunds"; owed: bigint };

export function offeringMoney({
  state,
  escrowOwed,
  released,
}: {
  state: OfferingState;
  escrowOwed: bigint;
  released: bigint;
}): OfferingMoney {
  if (state === "Failed" || state === "Cancelled") return { kind: "refunds", owed: escrowOwed };
  return { kind: "proceeds", gross: escrowOwed + released };
}
