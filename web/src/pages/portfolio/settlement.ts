/**
 * What a subscriber with an unsettled position can do, as the offering contract itself decides it (issue 13):
 * after finalization, claim the units when the token takes them; take back exactly what was paid when the token
 * refuses them for good; otherwise the position is on hold, said neutrally (never why: AML tipping-off). Before
 * finalization, or after a failure or cancellation, the same probe gives "wait" or "refund".
 */
import { BaseError, ContractFunctionRevertedError, type Address, type PublicClient } from "viem";
import { abis } from "../../contracts/abi";

/** null: the call would succeed; else the custom error's name ("unknown" when it could not be decoded). */
export type Outcome = string | null;
export type Settlement = "claim" | "refund" | "hold" | "wait";

export const SETTLEMENT_TEXT: Record<Settlement, string> = {
  claim: "Claim units",
  refund: "Take your money back",
  hold: "Your position is on hold. Contact support if it stays on hold.",
  wait: "Subscribed, waiting for the offering to close",
};

export async function settlementOf(simulate: (fn: "claim" | "refund") => Promise<Outcome>): Promise<Settlement> {
  if ((await simulate("claim")) === null) return "claim";
  const refund = await simulate("refund");
  if (refund === null) return "refund";
  return refund === "OfferingRefundOnHold" ? "hold" : "wait";
}

/** Whether `call` (a simulation) succeeds (null) or which custom error it reverts with. */
export async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return null;
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    return reverted instanceof ContractFunctionRevertedError ? (reverted.data?.errorName ?? "unknown") : "unknown";
  }
}

/** `settlementOf` for wallet `me` in `offering`, by simulating its claim and refund on the node. */
export function probeSettlement(client: PublicClient, me: Address, offering: Address): Promise<Settlement> {
  return settlementOf((fn) =>
    outcomeOf(
      client.simulateContract({
        account: me,
        abi: abis.PropertyOffering,
        address: offering,
        functionName: fn,
        args: [],
      }),
    ),
  );
}
