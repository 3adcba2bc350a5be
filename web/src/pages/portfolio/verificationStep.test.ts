import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KycStatus } from "../../api/kyc";
import { verificationStep } from "./verificationStep";

const STATUSES: KycStatus[] = [
  "SUBMITTED",
  "UNDER_REVIEW",
  "MORE_INFO_REQUESTED",
  "APPROVED",
  "REJECTED",
  "EXPIRED",
  "REVOKED",
];

describe("the empty portfolio's next step", () => {
  it("points an applicant who submitted to the verification under way, not to verifying again (review 2026-12-06 L3)", () => {
    expect(verificationStep([{ status: "SUBMITTED" }])).toBe("under-way");
    expect(verificationStep([])).toBe("apply");
    expect(verificationStep([{ status: "REJECTED" }])).toBe("apply");
  });

  it("class: 'apply' exactly when no application is live", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 4 }), (statuses) => {
        const live = statuses.some((s) => !["REJECTED", "EXPIRED", "REVOKED"].includes(s));
        expect(verificationStep(statuses.map((status) => ({ status })))).toBe(live ? "under-way" : "apply");
      }),
    );
  });
});
