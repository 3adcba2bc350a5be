/** The one chain the platform runs on, from configuration (known chains keep their names and explorers). */
import { defineChain, type Chain } from "viem";
import { hardhat, mainnet, sepolia } from "viem/chains";
import type { AppConfig } from "../config/config";

const KNOWN: Record<number, Chain> = {
  [mainnet.id]: mainnet,
  [sepolia.id]: sepolia,
  [hardhat.id]: { ...hardhat, name: "Local chain" },
};

export function platformChain(config: AppConfig): Chain {
  const known = KNOWN[config.chainId];
  const rpcUrls = { default: { http: [config.rpcUrl] } };
  const blockExplorers = config.explorerUrl
    ? { default: { name: "Explorer", url: config.explorerUrl } }
    : known?.blockExplorers;
  if (known) return { ...known, rpcUrls, blockExplorers };
  return defineChain({
    id: config.chainId,
    name: `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls,
    blockExplorers,
  });
}

/** A readable name for whatever chain a wallet reports, including ones the app does not know. */
export function chainName(chainId: number): string {
  return KNOWN[chainId]?.name ?? `chain ${chainId}`;
}
