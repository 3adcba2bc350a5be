import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionsLeft, allowanceCovers, estimatedFee, feePayer, TYPICAL_GAS, type RelayAvailability } from "./decision";

const on: RelayAvailability = { enabled: true, gasRemainingToday: "1500000" };
const off: RelayAvailability = { enabled: false, gasRemainingToday: "1500000" };
const wei = fc.bigInt({ min: 0n, max: 10n ** 21n });

describe("who pays the network fee", () => {
  it("the relayer pays for a wallet holding no ETH when relaying is on", () => {
    expect(feePayer({ ethBalance: 0n, fee: 0n, relay: on })).toBe("relayer");
    expect(feePayer({ ethBalance: 0n, fee: estimatedFee(TYPICAL_GAS.claimRent, 1_000_000_000n), relay: on })).toBe(
      "relayer",
    );
  });

  it("the wallet pays when it holds the fee, even if relaying is on", () => {
    const fee = estimatedFee(TYPICAL_GAS.subscribe, 2_000_000_000n);
    expect(feePayer({ ethBalance: fee, fee, relay: on })).toBe("wallet");
    expect(feePayer({ ethBalance: fee - 1n, fee, relay: on })).toBe("relayer");
  });

  it("the wallet path stays while relaying is off, absent, or the balance or fee is unknown", () => {
    expect(feePayer({ ethBalance: 0n, fee: 1n, relay: off })).toBe("wallet");
    expect(feePayer({ ethBalance: 0n, fee: 1n, relay: null })).toBe("wallet");
    expect(feePayer({ ethBalance: 0n, fee: 1n, relay: undefined })).toBe("wallet");
    expect(feePayer({ ethBalance: undefined, fee: 1n, relay: on })).toBe("wallet");
    expect(feePayer({ ethBalance: 0n, fee: undefined, relay: on })).toBe("wallet");
  });

  it("relayer exactly when relaying is on and the balance is zero or below the fee (any balance, any fee)", () => {
    fc.assert(
      fc.property(wei, wei, fc.boolean(), (ethBalance, fee, enabled) => {
        const relay = { ...on, enabled };
        const expected = enabled && (ethBalance === 0n || ethBalance < fee) ? "relayer" : "wallet";
        expect(feePayer({ ethBalance, fee, relay })).toBe(expected);
      }),
    );
  });

  it("the fee is the gas at the highest fee per gas", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (gas, perGas) => {
        expect(estimatedFee(gas, perGas)).toBe(gas * perGas);
      }),
    );
  });
});

describe("the daily allowance", () => {
  it("counts whole actions left and whether the next one is covered", () => {
    expect(actionsLeft({ enabled: true, gasRemainingToday: "1500000" }, 400_000n)).toBe(3n);
    expect(actionsLeft({ enabled: true, gasRemainingToday: "399999" }, 400_000n)).toBe(0n);
    expect(allowanceCovers({ enabled: true, gasRemainingToday: "400000" }, 400_000n)).toBe(true);
    expect(allowanceCovers({ enabled: true, gasRemainingToday: "399999" }, 400_000n)).toBe(false);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), (left, gas) => {
        const relay = { enabled: true, gasRemainingToday: left.toString() };
        const n = actionsLeft(relay, gas);
        expect(n * gas <= left && (n + 1n) * gas > left).toBe(true);
        expect(allowanceCovers(relay, gas)).toBe(n >= 1n);
      }),
    );
  });
});
