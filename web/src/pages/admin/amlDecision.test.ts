import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decisionBody,
  decisionLabel,
  describeClose,
  needsInvestorReason,
  STANDARD_INVESTOR_REASONS,
  type ConfirmationClose,
} from "./amlDecision";

const LIVE = ["SUBMITTED", "UNDER_REVIEW", "MORE_INFO_REQUESTED", "APPROVED"] as const;

const close = (over: Partial<ConfirmationClose> = {}): ConfirmationClose => ({
  applicationId: "a2",
  status: "APPROVED",
  action: "revoke",
  sameWallet: false,
  ...over,
});

describe("the officer's decision on a possible match", () => {
  it("finding (after 89a487b): the screened application is rejected but another wallet's is live: the officer is asked for the investor's reason and it is sent", () => {
    const closes = [close()];
    expect(needsInvestorReason("CONFIRMED_MATCH", closes)).toBe(true);
    expect(decisionBody("CONFIRMED_MATCH", closes, "Same passport", STANDARD_INVESTOR_REASONS[0]!)).toEqual({
      decision: "CONFIRMED_MATCH",
      reason: "Same passport",
      investorReason: STANDARD_INVESTOR_REASONS[0],
    });
    expect(decisionLabel("CONFIRMED_MATCH", closes)).toBe("Confirm match and revoke");
    expect(decisionLabel("CONFIRMED_MATCH", [close({ sameWallet: true, action: "reject" }), close()])).toBe(
      "Confirm match and close 2 applications",
    );
  });

  it("the button says what the API says a confirmation closes", () => {
    expect(decisionLabel("CONFIRMED_MATCH", [close({ action: "reject", sameWallet: true })])).toBe(
      "Confirm match and reject",
    );
    expect(decisionLabel("CONFIRMED_MATCH", [close()])).toBe("Confirm match and revoke");
    expect(decisionLabel("CONFIRMED_MATCH", [])).toBe("Confirm match");
    expect(decisionLabel("FALSE_POSITIVE", [close()])).toBe("Clear as a false positive");
    expect(describeClose(close({ applicationId: "a1", sameWallet: true }), "a1")).toBe(
      "Revokes the approval of this application",
    );
    expect(describeClose(close({ action: "reject", sameWallet: true }), "a1")).toBe(
      "Rejects this wallet's current application",
    );
    expect(describeClose(close(), "a1")).toBe(
      "Revokes the approval of the application of another wallet of the same person",
    );
  });

  it("property: the body carries the investor's reason exactly when the API lists an application the confirmation closes, as the decision requires", () => {
    const closeArb = fc.record({
      applicationId: fc.uuid(),
      status: fc.constantFrom(...LIVE),
      action: fc.constantFrom("reject" as const, "revoke" as const),
      sameWallet: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.constantFrom("FALSE_POSITIVE" as const, "CONFIRMED_MATCH" as const),
        fc.array(closeArb, { maxLength: 4 }),
        fc.string({ minLength: 1 }),
        fc.constantFrom(...STANDARD_INVESTOR_REASONS),
        (decision, closes, grounds, investorReason) => {
          const body = decisionBody(decision, closes, grounds, investorReason);
          const required = decision === "CONFIRMED_MATCH" && closes.length > 0;
          expect(needsInvestorReason(decision, closes)).toBe(required);
          expect(body).toEqual(
            required ? { decision, reason: grounds, investorReason } : { decision, reason: grounds },
          );
        },
      ),
    );
  });
});
