/**
 * How an invitation's status reads, for the manager and for the investor: the API decides the status from the synced
 * events and the expiry; this says it in words, with a badge tone, and whether the invitation can still be redeemed
 * or revoked. Only an open invitation is either: an expired, revoked or redeemed one is shown as such, never offered.
 */
import { formatUnits, formatUnitsNumber } from "../format/amounts";
import type { BadgeTone } from "../ui/Badge";
import type { InvitationStatus } from "./api";

export interface StatusDisplay {
  label: string;
  tone: BadgeTone;
  /** One sentence for the investor. */
  sentence: string;
  /** The investor may redeem it (the page still checks the expiry against the chain's clock). */
  redeemable: boolean;
  /** The manager may revoke it on chain. */
  revocable: boolean;
}

export const STATUS_DISPLAY: Record<InvitationStatus, StatusDisplay> = {
  open: {
    label: "Open",
    tone: "info",
    sentence: "You can accept this invitation until it expires.",
    redeemable: true,
    revocable: true,
  },
  redeemed: {
    label: "Redeemed",
    tone: "ok",
    sentence: "This invitation was accepted and paid: it cannot be used again.",
    redeemable: false,
    revocable: false,
  },
  revoked: {
    label: "Revoked",
    tone: "bad",
    sentence: "The property manager withdrew this invitation: it can no longer be accepted.",
    redeemable: false,
    revocable: false,
  },
  expired: {
    label: "Expired",
    tone: "neutral",
    sentence: "This invitation expired before it was accepted: ask the property manager for a new one.",
    redeemable: false,
    revocable: false,
  },
};

/**
 * The status as it stands at `nowMs`: the API's, except that an open invitation whose expiry has passed since the list
 * was read is expired (the contract refuses it strictly from its expiry on).
 */
export function statusAt(invitation: { status: InvitationStatus; expiry: string }, nowMs: number): InvitationStatus {
  if (invitation.status === "open" && Date.parse(invitation.expiry) <= nowMs) return "expired";
  return invitation.status;
}

/** An invitation's range of units: "4 units" when fixed, "1–10 units" otherwise. */
export function unitRange(inv: { minUnits: string; maxUnits: string }): string {
  const [min, max] = [BigInt(inv.minUnits), BigInt(inv.maxUnits)];
  return min === max ? formatUnits(max) : `${formatUnitsNumber(min)}–${formatUnits(max)}`;
}
