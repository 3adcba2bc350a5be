/**
 * Waiting for a transaction the way a local chain needs. ethers' `wait` listens to its block-polling events; a
 * starved process can miss the block its transaction was mined in, and a local chain then mines no further block
 * to wake it (it mines on transactions, and the deploy sends none while it waits), so `wait` never returns. Seen as
 * chain test files hanging at their time limit with the deployer's last transaction mined and nothing pending.
 */
import { isError, type TransactionReceipt, type TransactionResponse } from "ethers";

/**
 * `tx.wait(confirmations)`, looking at the node itself every `sliceMs` when ethers' events have not answered. Like
 * `wait`, it throws ethers' CALL_EXCEPTION (with the receipt) for a reverted transaction, and waits as long as the
 * transaction is not mined.
 */
export async function waitForReceipt(
  tx: TransactionResponse,
  confirmations: number,
  sliceMs = 5_000,
): Promise<TransactionReceipt | null> {
  for (;;) {
    try {
      return await tx.wait(confirmations, sliceMs);
    } catch (error) {
      if (!isError(error, "TIMEOUT")) throw error;
      const receipt = await tx.provider.getTransactionReceipt(tx.hash);
      // Mined deep enough: `wait(0)` returns the receipt at once, or throws as `wait` does for a revert.
      if (receipt && (await receipt.confirmations()) >= confirmations) return tx.wait(0);
    }
  }
}
