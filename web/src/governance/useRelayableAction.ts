/**
 * One holder action (a vote, a redemption) through the tracker, paid by the wallet or, when it has no ETH for the
 * fee, by the platform's relayer (issue 20), as the portfolio's claims do: who pays is decided before anything is
 * signed, and the tracker's label says so.
 */
import { RELAYABLE_FUNCTIONS } from "@freehold/deployments/relayable";
import type { Address, Hash } from "viem";
import type { GaslessAction } from "../gasless/decision";
import { TYPICAL_GAS } from "../gasless/decision";
import { useGasless, type RelayedCall } from "../gasless/useGasless";
import { useTransaction } from "../tx/useTransaction";

export function useRelayableAction(me: Address | undefined, action: GaslessAction) {
  const tx = useTransaction();
  const gasless = useGasless(me, TYPICAL_GAS[action]);
  const viaRelayer = gasless.payer === "relayer" && gasless.relay !== null;
  /** Runs the action: `relayed` through the relayer when it pays (null: it cannot carry this call), else `direct`. */
  async function run(label: string, relayed: RelayedCall | null, direct: () => Promise<Hash>) {
    const byRelayer = viaRelayer && relayed !== null;
    const receipt = await tx.run(
      { label: byRelayer ? `${label}; Freehold sends it and pays the network fee` : label },
      () => (byRelayer ? gasless.send(relayed) : direct()),
    );
    gasless.refresh();
    return receipt;
  }
  return { tx, gasless, viaRelayer, run };
}

/**
 * The exit's `redeem` as a relayed call, once the relayer's list (`@freehold/deployments/relayable`) names it; null
 * until then. Looked up at run time because the list's type is the backend's allow-list: `PropertyExit` joins it
 * with the relayer's change, and this file then needs no edit (the cast goes with it).
 */
export function relayedRedeem(exit: Address): RelayedCall | null {
  const listed = (RELAYABLE_FUNCTIONS as Record<string, readonly string[]>)["PropertyExit"];
  return listed?.includes("redeem")
    ? ({ to: exit, contract: "PropertyExit", functionName: "redeem" } as unknown as RelayedCall)
    : null;
}
