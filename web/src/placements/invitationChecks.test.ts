/**
 * Review 2026-12 finding 3: accepting an invitation ignored the offering's own limits, which the contract still applies
 * to an invitation (`_subscribeInvited` -> `_book` -> `_recordTicket`): the hard cap remaining, the token's eligibility
 * for the identity's whole subscription, and the maximum ticket on the identity's total. Only the minimum ticket is
 * replaced by the invitation's range. Pay was offered, an approval mined, then the subscription reverted
 * (`OfferingTicketAboveMaximum`, `OfferingHardCapExceeded`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OfferingTerms } from "../compliance/offeringLimits";
import { invitationLimits } from "./invitationChecks";

const NOW = 1_500;
const terms = (over: Partial<OfferingTerms> = {}): OfferingTerms => ({
  state: "Active",
  startTime: 1_000,
  endTime: 2_000,
  hardCap: 100n,
  unitsSold: 0n,
  minTicket: 5n,
  maxTicket: 10n,
  ...over,
});

describe("finding 3: an invitation is held to the offering's cap and maximum ticket", () => {
  it("8 units already subscribed under a 10-unit maximum: 5 more by invitation is refused before paying", () => {
    const problems = invitationLimits(terms(), 5n, 8n, NOW);
    expect(problems.map((p) => p.message)).toContain(
      "The maximum per investor is 10 units: you can add up to 2 units.",
    );
  });

  it("3 units left in the offering: an invitation for 5 is refused before paying", () => {
    const problems = invitationLimits(terms({ unitsSold: 97n }), 5n, 0n, NOW);
    expect(problems.map((p) => p.message)).toContain("Only 3 units are left in this offering.");
  });

  it("the public minimum ticket does not apply: the invitation's range replaces it", () => {
    expect(invitationLimits(terms(), 1n, 0n, NOW)).toEqual([]);
  });
});

describe("finding 3 (class): the page refuses an invitation's units exactly when the contract's booking would", () => {
  it("for any terms, sales, clock, earlier subscription and units", () => {
    fc.assert(
      fc.property(
        // Active most often: it is the state where every limit is weighed.
        fc.constantFrom<OfferingTerms["state"]>(
          "Active",
          "Active",
          "Active",
          "Pending",
          "Succeeded",
          "Failed",
          "Finalized",
          "Cancelled",
        ),
        fc.bigInt({ min: 1n, max: 20n }),
        fc.bigInt({ min: 0n, max: 20n }),
        fc.bigInt({ min: 0n, max: 20n }),
        fc.bigInt({ min: 1n, max: 20n }),
        fc.bigInt({ min: 0n, max: 20n }),
        fc.bigInt({ min: 1n, max: 20n }),
        fc.constantFrom(500, 1_000, 1_200, 1_500, 1_999, 2_000, 2_500),
        (state, hardCap, soldRaw, minTicket, maxTicket, subscribed, units, now) => {
          const sold = soldRaw > hardCap ? hardCap : soldRaw;
          const t = terms({ state, hardCap, unitsSold: sold, minTicket, maxTicket });
          // The state as the contract derives it from the clock (a finalized or cancelled offering is so at any time).
          if (state === "Pending") fc.pre(now < t.startTime);
          if (state === "Active") fc.pre(now >= t.startTime && now < t.endTime && sold < hardCap);
          // PropertyOffering: the state is Active only inside [startTime, endTime) with units left (else it is
          // Pending, Succeeded or Failed); `_book` then checks the cap and `_recordTicket` the identity's maximum, with
          // a minimum ticket of 0 for an invitation.
          const active = state === "Active" && now >= t.startTime && now < t.endTime && sold < hardCap;
          const accepted = active && units <= hardCap - sold && subscribed + units <= maxTicket;
          expect(invitationLimits(t, units, subscribed, now).length === 0).toBe(accepted);
        },
      ),
      { numRuns: 500 },
    );
  });
});
