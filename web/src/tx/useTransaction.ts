/**
 * Runs one wallet transaction through the tracker's states: asks the wallet, waits for the receipt, and on a
 * revert replays the call at that block to learn (and decode) why it failed.
 */
import { useCallback, useReducer, useRef } from "react";
import type { Hash, TransactionReceipt } from "viem";
import { useConfig } from "wagmi";
import { getPublicClient, waitForTransactionReceipt } from "wagmi/actions";
import { describeError, type UserFacingError } from "../contracts/revert";
import { initialTxState, txReducer, type TxState, type TxStep } from "./tracker";

export interface TransactionControl {
  state: TxState;
  /** Resolves with the receipt when confirmed, `undefined` when rejected or failed (the state says why). */
  run: (step: TxStep, send: () => Promise<Hash>) => Promise<TransactionReceipt | undefined>;
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
    async (step: TxStep, send: () => Promise<Hash>) => {
      if (inFlight.current) return undefined;
      inFlight.current = true;
      try {
        dispatch({ type: "submit", step });
        let hash: Hash;
        try {
          hash = await send();
        } catch (error) {
          dispatch({ type: "walletError", error: describeError(error) });
          return undefined;
        }
        dispatch({ type: "signed", hash });
        let receipt: TransactionReceipt;
        try {
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
        dispatch({ type: "reverted", hash, error: await explainRevert(config, hash, receipt.blockNumber) });
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

async function explainRevert(
  config: ReturnType<typeof useConfig>,
  hash: Hash,
  blockNumber: bigint,
): Promise<UserFacingError> {
  const client = getPublicClient(config);
  try {
    const tx = await client!.getTransaction({ hash });
    await client!.call({ account: tx.from, to: tx.to, data: tx.input, value: tx.value, blockNumber });
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
