/**
 * Where an invitation stands for the investor and its manager: the platform's record (the API's status, from its chain sync a few
 * blocks behind) and the offering's own (`invitationStatus` by the invitation's digest). An action is offered only when
 * both say the invitation can still be used, so a page never offers to accept an invitation the chain already settled.
 */
import type { InvitationStatus } from "./api";
import { STATUS_DISPLAY, statusAt, type StatusDisplay } from "./status";

/** The offering's `invitationStatus`: 0 neither, 1 redeemed, 2 revoked. */
export type ChainInvitationStatus = "open" | "redeemed" | "revoked";

const CHAIN_CODES: readonly ChainInvitationStatus[] = ["open", "redeemed", "revoked"];

/** The offering's `invitationStatus` code in words; `undefined` for a failed read or a code it does not define. */
export function chainStatusOf(code: number | undefined): ChainInvitationStatus | undefined {
  return code === undefined ? undefined : CHAIN_CODES[code];
}

export interface Standing {
  status: InvitationStatus;
  /** The chain settled it (redeemed or revoked) before the platform's record caught up. */
  ahead: boolean;
  /** The investor may accept it now. */
  acceptable: boolean;
  /** The manager may revoke it now (the chain would not refuse it as already redeemed or revoked). */
  revocable: boolean;
}

/**
 * `invitation` at `nowMs` given what the offering says (`undefined` while not read, or unreadable). A redemption or
 * revocation the chain has and the platform's record not yet shows as the chain says; the record's own redeemed,
 * revoked or expired stands. Accept needs the record open and unexpired and the chain read and open: an unknown chain
 * status offers nothing (the contract would be the one to refuse).
 */
export function standing(
  invitation: { status: InvitationStatus; expiry: string },
  chain: ChainInvitationStatus | undefined,
  nowMs: number,
): Standing {
  if (invitation.status === "open" && (chain === "redeemed" || chain === "revoked"))
    return { status: chain, ahead: true, acceptable: false, revocable: false };
  const status = statusAt(invitation, nowMs);
  const chainOpen = chain === "open";
  return {
    status,
    ahead: false,
    acceptable: STATUS_DISPLAY[status].redeemable && chainOpen,
    revocable: STATUS_DISPLAY[status].revocable && chainOpen,
  };
}

/** What a settlement the platform's record has not caught up with says to the investor. */
export const AHEAD_SENTENCE: Record<"redeemed" | "revoked", string> = {
  redeemed: "Used just now: the platform's record catches up in a few seconds. It cannot be used again.",
  revoked: "Revoked just now by the property manager: the platform's record catches up in a few seconds.",
};

/** How `shown` reads: its status's words (the chain's, when ahead of the record), redeemable only when acceptable. */
export function displayOf(shown: Standing): StatusDisplay {
  const base = STATUS_DISPLAY[shown.status];
  const sentence =
    shown.ahead && shown.status !== "open" && shown.status !== "expired" ? AHEAD_SENTENCE[shown.status] : base.sentence;
  return { ...base, sentence, redeemable: shown.acceptable };
}
