/**
 * Contract access by name, typed from the generated ABIs (the scaffold-eth-2 pattern): `functionName` and `args`
 * are checked against the contract's ABI, and the result type comes from its outputs. Platform-wide contracts
 * find their address in the deployment record; per-property contracts (PropertyToken, PropertyOffering) take
 * the address the backend reports for that property.
 */
import { useCallback } from "react";
import type { Address, ContractFunctionArgs, ContractFunctionName, Hash } from "viem";
import { useConfig, useReadContract, type UseReadContractReturnType } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import { useAppConfig } from "../app/AppConfigContext";
import { abis, type AbiOf, type ContractName } from "./abi";
import { platformAddress } from "./addresses";

type ReadName<N extends ContractName> = ContractFunctionName<AbiOf<N>, "pure" | "view">;
type ReadArgs<N extends ContractName, F extends ReadName<N>> = ContractFunctionArgs<AbiOf<N>, "pure" | "view", F>;
type WriteName<N extends ContractName> = ContractFunctionName<AbiOf<N>, "nonpayable" | "payable">;
type WriteArgs<N extends ContractName, F extends WriteName<N>> = ContractFunctionArgs<
  AbiOf<N>,
  "nonpayable" | "payable",
  F
>;

export interface ReadParams<N extends ContractName, F extends ReadName<N>> {
  contractName: N;
  functionName: F;
  args?: ReadArgs<N, F>;
  /** Required for per-property contracts; defaults to the deployment record for platform contracts. */
  address?: Address;
  enabled?: boolean;
  /** Re-read every N milliseconds (balances, offering progress). */
  refetchInterval?: number;
}

/** Reads a view function of a platform contract by name. */
export function useContractRead<N extends ContractName, F extends ReadName<N>>(
  params: ReadParams<N, F>,
): UseReadContractReturnType<AbiOf<N>, F, ReadArgs<N, F>> {
  const { chainId } = useAppConfig();
  let address = params.address;
  if (!address) {
    try {
      address = platformAddress(chainId, params.contractName);
    } catch {
      address = undefined;
    }
  }
  return useReadContract({
    abi: abis[params.contractName],
    address,
    functionName: params.functionName,
    args: params.args,
    chainId,
    query: { enabled: (params.enabled ?? true) && Boolean(address), refetchInterval: params.refetchInterval },
  } as never) as UseReadContractReturnType<AbiOf<N>, F, ReadArgs<N, F>>;
}

export interface WriteParams<N extends ContractName, F extends WriteName<N>> {
  contractName: N;
  functionName: F;
  args: WriteArgs<N, F>;
  address?: Address;
  value?: bigint;
}

/**
 * Returns a function that simulates a write (so a revert is explained before the wallet opens), then asks the
 * wallet to sign and send it. Resolves with the transaction hash; wait for the receipt with the tracker.
 */
export function useContractWrite(): <N extends ContractName, F extends WriteName<N>>(
  params: WriteParams<N, F>,
) => Promise<Hash> {
  const wagmiConfig = useConfig();
  const { chainId } = useAppConfig();
  return useCallback(
    async (params) => {
      const address = params.address ?? platformAddress(chainId, params.contractName);
      const { request } = await simulateContract(wagmiConfig, {
        abi: abis[params.contractName],
        address,
        functionName: params.functionName,
        args: params.args,
        value: params.value,
        chainId,
      } as never);
      return writeContract(wagmiConfig, request as never);
    },
    [wagmiConfig, chainId],
  );
}
