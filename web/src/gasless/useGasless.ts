/**
 * Whether the connected wallet pays an action's network fee or the platform's relayer does (issue 20), what the
 * relayer still allows today, and how to send through it. The sending code (forwarder ABI, typed data, polling) is
 * loaded only when a gasless action starts (`import("./send")`), never with the page's first JavaScript.
 */
import type { RelayableFunction, RelayableKind } from "@freehold/deployments/relayable";
import { useCallback } from "react";
import { encodeFunctionData, type Address } from "viem";
import { useBalance, useConfig, useEstimateFeesPerGas } from "wagmi";
import { getConnectorClient, getPublicClient } from "wagmi/actions";
import { useApi } from "../api/ApiContext";
import { useRelayStatus, type RelayStatus } from "../api/relay";
import { useAppConfig } from "../app/AppConfigContext";
import { abis } from "../contracts/abi";
import { isDeployed } from "../contracts/addresses";
import type { Submission } from "../tx/useTransaction";
import { useSignedIn } from "../wallet/session";
import { estimatedFee, feePayer, type FeePayer } from "./decision";

/**
 * A call for the relayer: only a function that `@freehold/deployments/relayable` names for the contract's kind, the
 * list the backend's allow-list is built from, so the app cannot offer to relay what the relayer would refuse.
 */
export type RelayedCall = {
  [K in RelayableKind]: { to: Address; contract: K; functionName: RelayableFunction<K>; args?: readonly unknown[] };
}[RelayableKind];

export interface Gasless {
  /** Who pays the fee of the next action: decided before anything is signed. */
  payer: FeePayer;
  /** The relayer's availability for this user (`null` while unknown, signed out, or without a relayer). */
  relay: RelayStatus | null;
  /** Signs `call` as a forward request and hands it to the relayer (the tracker's `send`). */
  send: (call: RelayedCall) => Promise<Submission>;
  /** Re-reads the allowance left (after an action spent some). */
  refresh: () => void;
}

/**
 * `gas`: the action's typical gas (`TYPICAL_GAS`), which with the network's fee per gas makes the fee to cover.
 * Without a wallet (`me` undefined: a visitor reading the order book) the wallet is the payer and `send` refuses.
 */
export function useGasless(me: Address | undefined, gas: bigint): Gasless {
  const { chainId } = useAppConfig();
  const config = useConfig();
  const api = useApi();
  const { session } = useSignedIn();
  const forwarderDeployed = isDeployed(chainId, "FreeholdForwarder");
  const balance = useBalance({ address: me, chainId, query: { refetchInterval: 30_000 } });
  const fees = useEstimateFeesPerGas({ chainId, query: { refetchInterval: 30_000 } });
  const relay = useRelayStatus(Boolean(session) && forwarderDeployed);
  const status = relay.data ?? null;
  const maxFeePerGas = fees.data?.maxFeePerGas ?? fees.data?.gasPrice;
  const payer = feePayer({
    ethBalance: balance.data?.value,
    fee: maxFeePerGas === undefined ? undefined : estimatedFee(gas, maxFeePerGas),
    relay: status,
  });
  const send = useCallback(
    async ({ to, contract, functionName, args }: RelayedCall) => {
      // The arguments are checked against the ABI by viem's encoder at run time; the union above checks the name.
      const data = encodeFunctionData({ abi: abis[contract], functionName, args } as never);
      if (!me) throw new Error("Connect a wallet to sign the request");
      const { relayCall } = await import("./send");
      const publicClient = getPublicClient(config, { chainId });
      if (!publicClient) throw new Error(`No client for chain ${chainId}`);
      const walletClient = await getConnectorClient(config, { chainId });
      return relayCall({ publicClient, walletClient, api, chainId }, { to, data, from: me });
    },
    [config, api, chainId, me],
  );
  const { refetch } = relay;
  const refresh = useCallback(() => void refetch(), [refetch]);
  return { payer, relay: status, send, refresh };
}
