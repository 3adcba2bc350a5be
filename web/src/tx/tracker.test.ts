import { describe, expect, it } from "vitest";
import type { UserFacingError } from "../contracts/revert";
import { initialTxState, isInFlight, txReducer, type TxEvent, type TxState } from "./tracker";

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
    expect(txReducer(pending, { type: "mined", hash, blockNumber: 42n })).toEqual({ status: "confirmed", step, hash, blockNumber: 42n });
  });

  it("tells a user rejection apart from a failure before sending", () => {
    expect(run([{ type: "submit", step }, { type: "walletError", error: rejected }])).toEqual({ status: "rejected", step, error: rejected });
    const failed = run([{ type: "submit", step }, { type: "walletError", error: reverted }]);
    expect(failed).toEqual({ status: "failed", step, error: reverted });
    expect("hash" in failed).toBe(false);
  });

  it("keeps the hash of a transaction that reverted on chain", () => {
    expect(run([{ type: "submit", step }, { type: "signed", hash }, { type: "reverted", hash, error: reverted }])).toEqual({
      status: "failed",
      step,
      hash,
      error: reverted,
    });
  });

  it("ignores a receipt for another transaction", () => {
    const pending = run([{ type: "submit", step }, { type: "signed", hash }]);
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
    const confirmed = run([{ type: "submit", step }, { type: "signed", hash }, { type: "mined", hash, blockNumber: 3n }]);
    expect(txReducer(confirmed, { type: "reverted", hash, error: reverted })).toBe(confirmed);
  });

  it("can start over after an outcome", () => {
    for (const outcome of [
      run([{ type: "submit", step }, { type: "walletError", error: rejected }]),
      run([{ type: "submit", step }, { type: "signed", hash }, { type: "mined", hash, blockNumber: 3n }]),
    ]) {
      expect(isInFlight(outcome)).toBe(false);
      expect(txReducer(outcome, { type: "reset" })).toEqual(initialTxState);
      expect(txReducer(outcome, { type: "submit", step }).status).toBe("awaitingWallet");
    }
  });
});
