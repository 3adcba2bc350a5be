import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fillPlan } from "./fillPlan";

const amount = fc.bigInt({ min: 0n, max: 2n ** 96n });

describe("fillPlan", () => {
  it("the wallet approves only when its allowance falls short of the price", () => {
    fc.assert(
      fc.property(fc.boolean(), amount, amount, (hasPermit, allowance, cost) => {
        const plan = fillPlan({ payer: "wallet", hasPermit, allowance, cost });
        expect(plan).toBe(allowance >= cost ? "fill" : "approve-then-fill");
      }),
    );
  });

  it("through the relayer, never a step the wallet sends itself: a permit, or the allowance already given", () => {
    fc.assert(
      fc.property(fc.boolean(), amount, amount, (hasPermit, allowance, cost) => {
        const plan = fillPlan({ payer: "relayer", hasPermit, allowance, cost });
        if (allowance >= cost) expect(plan).toBe("relay-fill");
        else expect(plan).toBe(hasPermit ? "relay-fill-with-permit" : "needs-eth");
        expect(plan).not.toMatch(/approve/);
      }),
    );
  });

  it("an allowance exactly the price is enough; one unit less is not", () => {
    expect(fillPlan({ payer: "relayer", hasPermit: true, allowance: 225n, cost: 225n })).toBe("relay-fill");
    expect(fillPlan({ payer: "relayer", hasPermit: true, allowance: 224n, cost: 225n })).toBe("relay-fill-with-permit");
    expect(fillPlan({ payer: "relayer", hasPermit: false, allowance: 224n, cost: 225n })).toBe("needs-eth");
    expect(fillPlan({ payer: "wallet", hasPermit: true, allowance: 224n, cost: 225n })).toBe("approve-then-fill");
  });
});
