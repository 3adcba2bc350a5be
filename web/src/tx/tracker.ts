/**
 * The life of one transaction as the user sees it, as a pure state machine:
 *
 *   idle --submit--> awaitingWallet --signed--> pending --mined--> confirmed
 *                         |                        \--reverted--> failed (with hash)
 *                         \--walletError--> rejected (user said no) | failed (no hash: refused before sending)
 *
 * Events that do not fit the current state are ignored (a late receipt for an older transaction must not
 * overwrite a newer one); a transaction in flight cannot be dismissed, because it exists on chain regardless.
 */
import type { Hash } from "viem";
import type { UserFacingError } from "../contracts/revert";

export interface TxStep {
  /** What the transaction does, in the user's words: "Approve 500.00 USDC". */
  label: string;
  /** Position in a multi-step flow (approve, then subscribe), 1-based. */
  index?: number;
  total?: number;
}

export type TxState =
  | { status: "idle" }
  | { status: "awaitingWallet"; step: TxStep }
  | { status: "pending"; step: TxStep; hash: Hash }
  | { status: "confirmed"; step: TxStep; hash: Hash; blockNumber: bigint }
  | { status: "failed"; step: TxStep; hash?: Hash; error: UserFacingError }
  | { status: "rejected"; step: TxStep; error: UserFacingError };

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
    case "submit":
      return isInFlight(state) ? state : { status: "awaitingWallet", step: event.step };
    case "signed":
      return state.status === "awaitingWallet" ? { status: "pending", step: state.step, hash: event.hash } : state;
    case "walletError":
      if (state.status !== "awaitingWallet") return state;
      return event.error.kind === "rejected"
        ? { status: "rejected", step: state.step, error: event.error }
        : { status: "failed", step: state.step, error: event.error };
    case "mined":
      return state.status === "pending" && state.hash === event.hash
        ? { status: "confirmed", step: state.step, hash: event.hash, blockNumber: event.blockNumber }
        : state;
    case "reverted":
      return state.status === "pending" && state.hash === event.hash
        ? { status: "failed", step: state.step, hash: event.hash, error: event.error }
        : state;
    case "reset":
      return isInFlight(state) ? state : initialTxState;
  }
}
