import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UserFacingError } from "../contracts/revert";
import { completedSteps, initialTxState, isInFlight, txReducer, type TxEvent, type TxState } from "./tracker";

const step = { label: "Subscribe to 10 units", index: 2, total: 2 };
const hash = `0x${"ab".repeat(32)}` as const;
const otherHash = `0x${"cd".repeat(32)}` as const;
const rejected: UserFacingError = { kind: "rejected", title: "You declined", action: "Try again" };
const reverted: UserFacingError = { kind: "reverted", title: "Refused", action: "Fix it" };

const run = (events: TxEvent[], from: TxState = initialTxState): TxState => events.reduce(txReducer, from);

describe("transaction tracker", () => {
  it("walks the happy path: wallet, pending, confirmed", () => {
    const awaiting = run([{ type: "submit", step }]);
    expect(awaiting).toEqual({ status: "awaitingWallet", step });
    const pending = txReducer(awaiting, { type: "signed", hash });
    expect(pending).toEqual({ status: "pending", step, hash });
    expect(txReducer(pending, { type: "mined", hash, blockNumber: 42n })).toEqual({
      status: "confirmed",
      step,
      hash,
      blockNumber: 42n,
    });
  });

  it("tells a user rejection apart from a failure before sending", () => {
    expect(
      run([
        { type: "submit", step },
        { type: "walletError", error: rejected },
      ]),
    ).toEqual({ status: "rejected", step, error: rejected });
    const failed = run([
      { type: "submit", step },
      { type: "walletError", error: reverted },
    ]);
    expect(failed).toEqual({ status: "failed", step, error: reverted });
    expect("hash" in failed).toBe(false);
  });

  it("keeps the hash of a transaction that reverted on chain", () => {
    expect(
      run([
        { type: "submit", step },
        { type: "signed", hash },
        { type: "reverted", hash, error: reverted },
      ]),
    ).toEqual({
      status: "failed",
      step,
      hash,
      error: reverted,
    });
  });

  it("ignores a receipt for another transaction", () => {
    const pending = run([
      { type: "submit", step },
      { type: "signed", hash },
    ]);
    expect(txReducer(pending, { type: "mined", hash: otherHash, blockNumber: 1n })).toBe(pending);
    expect(txReducer(pending, { type: "reverted", hash: otherHash, error: reverted })).toBe(pending);
  });

  it("refuses a second submission or a dismissal while in flight", () => {
    const awaiting = run([{ type: "submit", step }]);
    expect(txReducer(awaiting, { type: "submit", step: { label: "other" } })).toBe(awaiting);
    expect(txReducer(awaiting, { type: "reset" })).toBe(awaiting);
    const pending = txReducer(awaiting, { type: "signed", hash });
    expect(txReducer(pending, { type: "reset" })).toBe(pending);
    expect(txReducer(pending, { type: "walletError", error: rejected })).toBe(pending);
    expect(isInFlight(pending)).toBe(true);
  });

  it("ignores events that make no sense in the current state", () => {
    expect(txReducer(initialTxState, { type: "signed", hash })).toBe(initialTxState);
    expect(txReducer(initialTxState, { type: "mined", hash, blockNumber: 1n })).toBe(initialTxState);
    const confirmed = run([
      { type: "submit", step },
      { type: "signed", hash },
      { type: "mined", hash, blockNumber: 3n },
    ]);
    expect(txReducer(confirmed, { type: "reverted", hash, error: reverted })).toBe(confirmed);
  });

  it("can start over after an outcome", () => {
    for (const outcome of [
      run([
        { type: "submit", step },
        { type: "walletError", error: rejected },
      ]),
      run([
        { type: "submit", step },
        { type: "signed", hash },
        { type: "mined", hash, blockNumber: 3n },
      ]),
    ]) {
      expect(isInFlight(outcome)).toBe(false);
      expect(txReducer(outcome, { type: "reset" })).toEqual(initialTxState);
      expect(txReducer(outcome, { type: "submit", step }).status).toBe("awaitingWallet");
    }
  });
});

describe("15 two-step flows (approve, then act)", () => {
  const approve = { label: "Approve 500.00 tUSD for this offering", index: 1, total: 2 };
  const subscribe = { label: "Subscribe to 5 units for 500.00 tUSD", index: 2, total: 2 };

  it("15 the first step's confirmation stays on screen while the second step runs and after it", () => {
    const second = run([
      { type: "submit", step: approve },
      { type: "signed", hash },
      { type: "mined", hash, blockNumber: 7n },
      { type: "submit", step: subscribe },
    ]);
    expect(second.status).toBe("awaitingWallet");
    expect(completedSteps(second)).toEqual([{ step: approve, hash, blockNumber: 7n }]);
    const last = run(
      [
        { type: "signed", hash: otherHash },
        { type: "mined", hash: otherHash, blockNumber: 8n },
      ],
      second,
    );
    expect(completedSteps(last)).toEqual([{ step: approve, hash, blockNumber: 7n }]);
    expect(run([{ type: "reset" }], last)).toEqual(initialTxState);
  });

  it("15 a new flow (step 1 again, or a one-step action) starts with no earlier confirmations", () => {
    const done = run([
      { type: "submit", step: approve },
      { type: "signed", hash },
      { type: "mined", hash, blockNumber: 7n },
      { type: "submit", step: subscribe },
      { type: "signed", hash: otherHash },
      { type: "mined", hash: otherHash, blockNumber: 8n },
    ]);
    expect(completedSteps(run([{ type: "submit", step: approve }], done))).toEqual([]);
    expect(completedSteps(run([{ type: "submit", step: { label: "Claim" } }], done))).toEqual([]);
  });

  it("15 (class) in any sequence of events, a shown earlier step was confirmed and precedes the current one", () => {
    const steps = [approve, subscribe, { label: "One step" }];
    const event = fc.oneof(
      fc.constantFrom(...steps).map((s): TxEvent => ({ type: "submit", step: s })),
      fc.constantFrom(hash, otherHash).map((h): TxEvent => ({ type: "signed", hash: h })),
      fc.constantFrom(hash, otherHash).map((h): TxEvent => ({ type: "mined", hash: h, blockNumber: 1n })),
      fc.constantFrom(hash, otherHash).map((h): TxEvent => ({ type: "reverted", hash: h, error: reverted })),
      fc.constant<TxEvent>({ type: "walletError", error: rejected }),
      fc.constant<TxEvent>({ type: "reset" }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const state = run(events);
        const earlier = completedSteps(state);
        if (state.status === "idle") expect(earlier).toEqual([]);
        for (const e of earlier) {
          expect(state.status === "idle" ? 0 : (state.step.index ?? 1)).toBeGreaterThan(e.step.index ?? 1);
        }
      }),
    );
  });
});
