/** Shared by the gas benchmark's parts: results are operation name -> gas used (receipt `gasUsed`). */
import type { ContractTransactionResponse, TransactionResponse } from "ethers";

export type GasResults = Record<string, number>;

/** Waits for `tx` and returns its receipt's gas used; throws if it reverted or was dropped. */
export async function gasOf(tx: Promise<ContractTransactionResponse | TransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}
