/**
 * Runs one transaction through the tracker's states: asks the wallet, waits for the receipt, and on a revert replays
 * the call at that block to learn (and decode) why it failed. A gasless action (issue 20) goes through the same
 * states: the wallet signs a forward request, the relayer sends it, and its `Submission` says how to wait for the
 * relayer's verdict and which call to replay (the investor's, not the forwarder's `FailedCall`).
 */
import { useCallback, useReducer, useRef } from "react";
import type { Address, Hash, Hex, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { getPublicClient, waitForTransactionReceipt } from "wagmi/actions";
import { describeError, type UserFacingError } from "../contracts/revert";
import { initialTxState, txReducer, type TxState, type TxStep } from "./tracker";

/** A transaction someone else sent for the user (the relayer): its hash, and how to follow and explain it. */
export interface Submission {
  hash: Hash;
  /** Resolves once the sender stopped waiting: with a reason when the transaction will never be mined. */
  settled?: () => Promise<UserFacingError | undefined>;
  /** The call to replay for a revert's reason (the user's call, as the target saw it). */
  replay?: { account: Address; to: Address; data: Hex };
}

export type Send = () => Promise<Hash | Submission>;

export interface TransactionControl {
  state: TxState;
  /**
   * Resolves with the receipt when confirmed, `undefined` when rejected or failed (the state says why). `describe`
   * explains what `send` throws (the relayer's refusals); `describeError` by default.
   */
  run: (
    step: TxStep,
    send: Send,
    describe?: (error: unknown) => UserFacingError,
  ) => Promise<TransactionReceipt | undefined>;
  reset: () => void;
}

const LOST_TRACK: UserFacingError = {
  kind: "network",
  title: "We lost track of this transaction.",
  action: "It may still confirm. Check it in the explorer or in your portfolio before trying again.",
};

export function useTransaction(): TransactionControl {
  const [state, dispatch] = useReducer(txReducer, initialTxState);
  const config = useConfig();
  const inFlight = useRef(false);

  const run = useCallback(
    async (step: TxStep, send: Send) => {
      if (inFlight.current) return undefined;
      inFlight.current = true;
      try {
        dispatch({ type: "submit", step });
        let submission: Submission;
        try {
          const sent = await send();
          submission = typeof sent === "string" ? { hash: sent } : sent;
        } catch (error) {
          dispatch({ type: "walletError", error: explained(error) });
          return undefined;
        }
        const { hash } = submission;
        dispatch({ type: "signed", hash });
        let receipt: TransactionReceipt;
        try {
          const lost = await submission.settled?.();
          if (lost) {
            dispatch({ type: "reverted", hash, error: lost });
            return undefined;
          }
          receipt = await waitForTransactionReceipt(config, { hash });
        } catch (error) {
          dispatch({ type: "reverted", hash, error: { ...LOST_TRACK, technical: describeError(error).technical } });
          return undefined;
        }
        if (receipt.status === "success") {
          dispatch({ type: "mined", hash, blockNumber: receipt.blockNumber });
          // A step with a next one: let the browser paint this confirmation before the caller starts the next step.
          if (step.index && step.total && step.index < step.total) await nextPaint();
          return receipt;
        }
        dispatch({
          type: "reverted",
          hash,
          error: await explainRevert(config, hash, receipt.blockNumber, submission.replay),
        });
        return undefined;
      } finally {
        inFlight.current = false;
      }
    },
    [config],
  );

  const reset = useCallback(() => dispatch({ type: "reset" }), []);
  return { state, run, reset };
}

/**
 * Resolves after the browser painted the current state (two animation frames), or at once without a browser. A
 * hidden tab gets no frames: 150 ms then, so a flow never waits on a tab nobody looks at.
 */
export function nextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== "function") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 150);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}

/** An error that carries its own explanation (the relayer's refusals, see gasless/send.ts), or `describeError`'s. */
export function explained(error: unknown): UserFacingError {
  const own = (error as { userFacing?: UserFacingError } | null)?.userFacing;
  return own ?? describeError(error);
}

async function explainRevert(
  config: ReturnType<typeof useConfig>,
  hash: Hash,
  blockNumber: bigint,
  replay: Submission["replay"],
): Promise<UserFacingError> {
  const client = getPublicClient(config);
  try {
    if (replay) await client!.call({ ...replay, blockNumber });
    else {
      const tx = await client!.getTransaction({ hash });
      await client!.call({ account: tx.from, to: tx.to, data: tx.input, value: tx.value, blockNumber });
    }
  } catch (error) {
    const described = describeError(error);
    if (described.kind === "reverted") return described;
  }
  return {
    kind: "reverted",
    title: "The transaction was refused by the contract.",
    action: "Nothing was changed. Contact support with the transaction hash.",
  };
}
