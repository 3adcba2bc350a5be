import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathsKycApplicationsGetParametersQueryStatusValues as STATUSES } from "../../api/generated/openapi";
import {
  confirmationCloses,
  decisionBody,
  decisionLabel,
  needsInvestorReason,
  STANDARD_INVESTOR_REASONS,
} from "./amlDecision";

describe("the officer's decision on a possible match", () => {
  it("a confirmation rejects an open application, revokes an approved one, and leaves a closed one", () => {
    expect(Object.fromEntries(STATUSES.map((s) => [s, confirmationCloses(s)]))).toEqual({
      SUBMITTED: "reject",
      UNDER_REVIEW: "reject",
      MORE_INFO_REQUESTED: "reject",
      APPROVED: "revoke",
      REJECTED: null,
      EXPIRED: null,
      REVOKED: null,
    });
    expect(decisionLabel("CONFIRMED_MATCH", "UNDER_REVIEW")).toBe("Confirm match and reject");
    expect(decisionLabel("CONFIRMED_MATCH", "APPROVED")).toBe("Confirm match and revoke");
    expect(decisionLabel("CONFIRMED_MATCH", "REJECTED")).toBe("Confirm match");
    expect(decisionLabel("FALSE_POSITIVE", "APPROVED")).toBe("Clear as a false positive");
  });

  it("property: the body carries the investor's reason exactly when the decision closes the application, as the backend requires", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("FALSE_POSITIVE" as const, "CONFIRMED_MATCH" as const),
        fc.constantFrom(...STATUSES),
        fc.string({ minLength: 1 }),
        fc.constantFrom(...STANDARD_INVESTOR_REASONS),
        (decision, status, grounds, investorReason) => {
          const body = decisionBody(decision, status, grounds, investorReason);
          const closes = decision === "CONFIRMED_MATCH" && confirmationCloses(status) !== null;
          expect(needsInvestorReason(decision, status)).toBe(closes);
          expect(body).toEqual(closes ? { decision, reason: grounds, investorReason } : { decision, reason: grounds });
        },
      ),
    );
  });
});
