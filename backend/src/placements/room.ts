/**
 * Whether an invitation could ever be accepted: the offering still takes subscriptions, and its minimum fits what
 * the offering would still book for the identity. An invitation only replaces the public minimum ticket; the
 * contract's `_book` keeps the hard cap, the maximum per identity (on the identity's whole subscription) and the
 * state (review 2026-12-06, M3: a manager invited 450-900 units where the maximum per investor was 400, and the
 * investor was offered an invitation no amount of which the offering accepts). Units sold only grow, so a minimum
 * above what remains never fits later either.
 */
import { RuleViolationError } from "../core/errors.ts";

export interface OfferingRoom {
  /** 'open' | 'finalized' | 'cancelled' (the synced outcome). */
  outcome: string;
  endTime: Date;
  hardCap: bigint;
  maxTicket: bigint;
  unitsSold: bigint;
  /** Units the invited identity has subscribed to this offering so far (any of its wallets). */
  identityUnits: bigint;
}

/** The refusal of an invitation of at least `minUnits` units at `now`, or null when some amount could be booked. */
export function invitationRoomRefusal(room: OfferingRoom, minUnits: bigint, now: Date): RuleViolationError | null {
  if (room.outcome !== "open" || room.endTime.getTime() <= now.getTime())
    return new RuleViolationError(
      "offering_closed",
      "the offering no longer takes subscriptions: nobody could accept this invitation",
    );
  const remaining = room.hardCap - room.unitsSold;
  if (minUnits > remaining)
    return new RuleViolationError(
      "invitation_above_remaining",
      `the invitation's minimum (${minUnits} units) is more than the ${remaining} units the offering has left`,
    );
  const allowed = room.maxTicket - room.identityUnits;
  if (minUnits > allowed)
    return new RuleViolationError(
      "invitation_above_max_ticket",
      `the invitation's minimum (${minUnits} units) is more than the investor may still subscribe: the offering's ` +
        `maximum per investor is ${room.maxTicket} units` +
        (room.identityUnits > 0n ? `, of which they already subscribed ${room.identityUnits}` : ""),
    );
  return null;
}
