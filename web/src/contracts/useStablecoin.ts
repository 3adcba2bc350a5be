/** Reading and approving a stablecoin through the standard ERC-20 ABI (the payment token is any ERC-20 the deploy named). */
import { useCallback } from "react";
import type { Address, Hash } from "viem";
import { useConfig, useReadContracts } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import { useAppConfig } from "../app/AppConfigContext";
import { abis } from "./abi";
import { erc20Abi, recordedFacts, type StablecoinFacts } from "./paymentToken";

/**
 * Symbol, decimals and permit of `token`: from the deployment record when it is the platform's stablecoin (no
 * read), else read on chain (and paid with approve). `undefined` while unknown: never guess the decimals.
 */
export function useStablecoin(token: Address | undefined): StablecoinFacts | undefined {
  const { chainId } = useAppConfig();
  const recorded = recordedFacts(token, chainId);
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { abi: erc20Abi, address: token, functionName: "symbol", chainId },
      { abi: erc20Abi, address: token, functionName: "decimals", chainId },
    ],
    query: { enabled: Boolean(token) && !recorded, staleTime: Infinity },
  });
  if (recorded) return recorded;
  if (!reads.data) return undefined;
  return { symbol: reads.data[0], decimals: Number(reads.data[1]), permit: null };
}

/**
 * The token an offering is paid in (its terms' `paymentToken`): from the deployment record when it is the platform's
 * stablecoin, else read on chain. `undefined` while unknown or without an offering: amounts wait, never guess.
 */
export function useOfferingCoin(offering: Address | undefined): StablecoinFacts | undefined {
  const { chainId } = useAppConfig();
  const terms = useReadContracts({
    allowFailure: false,
    contracts: [{ abi: abis.PropertyOffering, address: offering, functionName: "terms", chainId }],
    query: { enabled: Boolean(offering), staleTime: Infinity },
  });
  return useStablecoin(terms.data?.[0].paymentToken);
}

/** Returns a function that simulates, then sends `approve(spender, amount)` on an ERC-20; resolves with the hash. */
export function useApprove(): (token: Address, spender: Address, amount: bigint) => Promise<Hash> {
  const wagmiConfig = useConfig();
  const { chainId } = useAppConfig();
  return useCallback(
    async (token, spender, amount) => {
      const { request } = await simulateContract(wagmiConfig, {
        abi: erc20Abi,
        address: token,
        functionName: "approve",
        args: [spender, amount],
        chainId,
      });
      return writeContract(wagmiConfig, request);
    },
    [wagmiConfig, chainId],
  );
}
