/** 15 "InvestPage handles the post-finalize cases (claim, refund available, hold) with clear text". */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OFFERING_STATES, type OfferingState } from "../../compliance/offeringLimits";
import type { Settlement } from "../portfolio/settlement";
import { isClosedState, positionText, positionTitle, type Position } from "./position";

const base: Position = {
  state: "Active",
  settled: false,
  settlement: undefined,
  refunded: undefined,
  units: "10 units",
  paid: "500.00 tUSD",
};

describe("15 the subscriber's position in words", () => {
  it("15 open: the payment is in escrow", () => {
    expect(positionText(base)).toBe("Your payment of 500.00 tUSD is held in escrow until the offering closes.");
  });

  it("15 after finalization: claim, take the money back, or on hold (never why)", () => {
    expect(positionText({ ...base, state: "Finalized", settlement: "claim" })).toBe(
      "The offering succeeded. Claim your units below.",
    );
    expect(positionText({ ...base, state: "Finalized", settlement: "refund" })).toMatch(
      /cannot be delivered to your wallet\. Take back what you paid/,
    );
    expect(positionText({ ...base, state: "Finalized", settlement: "hold" })).toMatch(/on hold/);
    expect(positionText({ ...base, state: "Failed", settlement: "refund" })).toBe(
      "The offering did not go ahead. Take your full refund below.",
    );
  });

  it("15 once settled: the units delivered, or the refund paid with its amount", () => {
    expect(positionTitle({ ...base, state: "Finalized", settled: true })).toBe("Your units are in your wallet");
    const refunded = {
      ...base,
      state: "Finalized" as const,
      settled: true,
      refunded: 500_000_000n,
      refundedText: "500.00 tUSD",
    };
    expect(positionTitle(refunded)).toBe("Your refund was paid");
    expect(positionText(refunded)).toBe("500.00 tUSD went back to your wallet. See your portfolio.");
  });

  it("15 (class) once subscriptions are over, the escrow promise never shows, and a hold never says why", () => {
    const settlements: (Settlement | undefined)[] = ["claim", "refund", "hold", "wait", undefined];
    fc.assert(
      fc.property(
        fc.constantFrom<OfferingState>(...OFFERING_STATES),
        fc.boolean(),
        fc.constantFrom(...settlements),
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: undefined }),
        (state, settled, settlement, refunded) => {
          const p: Position = { ...base, state, settled, settlement, refunded, refundedText: "x tUSD" };
          const text = `${positionTitle(p)} ${positionText(p)}`;
          if (isClosedState(state)) expect(text).not.toMatch(/escrow until the offering closes/);
          if (settlement === "hold" && !settled)
            expect(text).not.toMatch(/frozen|freeze|AML|KYC|sanction|paused|expired/i);
          expect(text).not.toMatch(/undefined|NaN/);
        },
      ),
    );
  });
});
