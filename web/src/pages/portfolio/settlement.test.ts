import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SETTLEMENT_TEXT, settlementOf, type Outcome } from "./settlement";

const answers = (claim: Outcome, refund: Outcome) => async (fn: "claim" | "refund") =>
  fn === "claim" ? claim : refund;

describe("settlementOf", () => {
  it("13.7 after finalization: claim when the token takes the units, take the money back when it refuses them for good, on hold otherwise", async () => {
    expect(await settlementOf(answers(null, "OfferingClaimable"))).toBe("claim");
    expect(await settlementOf(answers("TransferNotCompliant", null))).toBe("refund");
    expect(await settlementOf(answers("TransferNotCompliant", "OfferingRefundOnHold"))).toBe("hold");
    expect(await settlementOf(answers("OfferingWrongState", "OfferingWrongState"))).toBe("wait");
  });

  it("13.7 property: the action offered is one the contract accepts, and a hold is said without a reason", async () => {
    const outcome = fc.constantFrom<Outcome>(
      null,
      "OfferingClaimable",
      "OfferingRefundOnHold",
      "OfferingWrongState",
      "OfferingAlreadySettled",
      "unknown",
    );
    await fc.assert(
      fc.asyncProperty(outcome, outcome, async (claim, refund) => {
        const s = await settlementOf(answers(claim, refund));
        if (s === "claim") expect(claim).toBeNull();
        if (s === "refund") expect(refund).toBeNull();
        if (claim === null) expect(s).toBe("claim");
        if (s === "hold") expect(refund).toBe("OfferingRefundOnHold");
      }),
    );
    expect(SETTLEMENT_TEXT.hold).not.toMatch(/frozen|freeze|aml|sanction|kyc|investigation/i);
    expect(SETTLEMENT_TEXT.claim).toBe("Claim units");
    expect(SETTLEMENT_TEXT.refund).toBe("Take your money back");
  });
});
