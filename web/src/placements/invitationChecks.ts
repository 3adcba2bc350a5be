/**
 * The offering's own limits on an invitation's units (review 2026-12, finding 3). An invitation replaces the public
 * minimum ticket with its range, nothing else: the contract books it through the public subscription's checks
 * (`_book`: state, hard cap remaining, the token's eligibility; `_recordTicket`: the maximum ticket on the identity's
 * total), so the page checks the same before the wallet opens.
 */
import { checkOfferingLimits, type LimitProblem, type OfferingTerms } from "../compliance/offeringLimits";

export function invitationLimits(
  terms: OfferingTerms,
  units: bigint,
  identitySubscribed: bigint,
  now: number,
): LimitProblem[] {
  return checkOfferingLimits({ ...terms, minTicket: 0n }, units, identitySubscribed, now);
}
