/**
 * The life of one transaction as the user sees it, as a pure state machine:
 *
 *   idle --submit--> awaitingWallet --signed--> pending --mined--> confirmed
 *                         |                        \--reverted--> failed (with hash)
 *                         \--walletError--> rejected (user said no) | failed (no hash: refused before sending)
 *
 * Events that do not fit the current state are ignored (a late receipt for an older transaction must not
 * overwrite a newer one); a transaction in flight cannot be dismissed, because it exists on chain regardless.
 *
 * In a flow of several steps (approve, then subscribe), submitting step n+1 right after step n was confirmed
 * keeps step n's confirmation in `done`: the user sees that the approval went through while the wallet asks for
 * the second signature, and after it. A new flow (step 1, or a one-step action) starts with `done` empty.
 */
import type { Hash } from "viem";
import type { UserFacingError } from "../contracts/walletFailure";

export interface TxStep {
  /** What the transaction does, in the user's words: "Approve 500.00 USDC". */
  label: string;
  /** Position in a multi-step flow (approve, then subscribe), 1-based. */
  index?: number;
  total?: number;
}

/** An earlier step of the same flow, confirmed on chain. */
export interface CompletedStep {
  step: TxStep;
  hash: Hash;
  blockNumber: bigint;
}

/** `done`: the earlier confirmed steps of the current flow (absent when there are none). */
type Flow = { done?: CompletedStep[] };

export type TxState =
  | { status: "idle" }
  | ({ status: "awaitingWallet"; step: TxStep } & Flow)
  | ({ status: "pending"; step: TxStep; hash: Hash } & Flow)
  | ({ status: "confirmed"; step: TxStep; hash: Hash; blockNumber: bigint } & Flow)
  | ({ status: "failed"; step: TxStep; hash?: Hash; error: UserFacingError } & Flow)
  | ({ status: "rejected"; step: TxStep; error: UserFacingError } & Flow);

/** The earlier confirmed steps of the flow `state` is in. */
export function completedSteps(state: TxState): CompletedStep[] {
  return state.status === "idle" ? [] : (state.done ?? []);
}

/** Carries `done` along from one state to the next of the same step. */
const keep = (state: TxState): Flow => (state.status !== "idle" && state.done ? { done: state.done } : {});

export type TxEvent =
  | { type: "submit"; step: TxStep }
  | { type: "signed"; hash: Hash }
  | { type: "walletError"; error: UserFacingError }
  | { type: "mined"; hash: Hash; blockNumber: bigint }
  | { type: "reverted"; hash: Hash; error: UserFacingError }
  | { type: "reset" };

export const initialTxState: TxState = { status: "idle" };

/** True while the wallet or the chain still has to answer: no new submission, no dismissal. */
export function isInFlight(state: TxState): boolean {
  return state.status === "awaitingWallet" || state.status === "pending";
}

export function txReducer(state: TxState, event: TxEvent): TxState {
  switch (event.type) {
    case "submit": {
      if (isInFlight(state)) return state;
      const next = event.step.index ?? 1;
      const continues =
        state.status === "confirmed" &&
        next > 1 &&
        next === (state.step.index ?? 1) + 1 &&
        event.step.total === state.step.total;
      const done = continues
        ? [...(state.done ?? []), { step: state.step, hash: state.hash, blockNumber: state.blockNumber }]
        : [];
      return { status: "awaitingWallet", step: event.step, ...(done.length ? { done } : {}) };
    }
    case "signed":
      return state.status === "awaitingWallet"
        ? { status: "pending", step: state.step, hash: event.hash, ...keep(state) }
        : state;
    case "walletError":
      if (state.status !== "awaitingWallet") return state;
      return event.error.kind === "rejected"
        ? { status: "rejected", step: state.step, error: event.error, ...keep(state) }
        : { status: "failed", step: state.step, error: event.error, ...keep(state) };
    case "mined":
      return state.status === "pending" && state.hash === event.hash
        ? { status: "confirmed", step: state.step, hash: event.hash, blockNumber: event.blockNumber, ...keep(state) }
        : state;
    case "reverted":
      return state.status === "pending" && state.hash === event.hash
        ? { status: "failed", step: state.step, hash: event.hash, error: event.error, ...keep(state) }
        : state;
    case "reset":
      return isInFlight(state) ? state : initialTxState;
  }
}
