/**
 * What the invest page tells a subscriber about their own position, in every state of the offering (issue 15):
 * held in escrow while it is open; after it closed, what the offering contract lets them do (claim, take the money
 * back, or on hold, said neutrally, never why); once settled, what happened.
 */
import type { OfferingState } from "../../compliance/offeringLimits";
import { SETTLEMENT_TEXT, type Settlement } from "../portfolio/settlement";

export interface Position {
  state: OfferingState;
  settled: boolean;
  /** What the contract allows now (after the offering closed); undefined while unknown or before it closed. */
  settlement: Settlement | undefined;
  /** Refunded to this wallet once settled (0 or undefined: the units were delivered). */
  refunded: bigint | undefined;
  /** The subscription, formatted ("10 units"). */
  units: string;
  /** The payment held in escrow, formatted ("500.00 tUSD"). */
  paid: string;
  /** The refund, formatted, when there is one. */
  refundedText?: string;
}

/** Whether subscriptions are over: the escrow promise of an open offering no longer applies. */
export const isClosedState = (state: OfferingState): boolean =>
  state === "Succeeded" || state === "Finalized" || state === "Failed" || state === "Cancelled";

export function positionTitle(p: Position): string {
  if (!p.settled) return `You subscribed ${p.units}`;
  if (p.refunded && p.refunded > 0n) return "Your refund was paid";
  return p.state === "Finalized" ? "Your units are in your wallet" : "Your refund was paid";
}

export function positionText(p: Position): string {
  if (p.settled)
    return p.refunded && p.refunded > 0n
      ? `${p.refundedText ?? "What you paid"} went back to your wallet. See your portfolio.`
      : "See them in your portfolio.";
  if (p.settlement === "hold") return SETTLEMENT_TEXT.hold;
  if (p.settlement === "claim") return "The offering succeeded. Claim your units below.";
  if (p.settlement === "refund")
    return p.state === "Finalized"
      ? "The offering completed, but these units cannot be delivered to your wallet. Take back what you paid below."
      : "The offering did not go ahead. Take your full refund below.";
  if (p.state === "Succeeded")
    return "The offering reached its target; the issuer finalizes it next, then you can claim your units.";
  if (isClosedState(p.state)) return "Checking what you can do next…";
  return `Your payment of ${p.paid} is held in escrow until the offering closes.`;
}
