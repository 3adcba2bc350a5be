/**
 * Deployed addresses per chain, bundled at build time from the deployments package (`addresses/<chainId>.json`,
 * written by the deploy scripts). Per-property contracts (tokens, offerings) are not here: the factory creates
 * them, and the app learns their addresses from the backend.
 */
import { parseDeploymentRecord, type DeploymentRecord } from "@freehold/deployments";
import type { Address } from "viem";
import type { ContractName } from "./abi";

const files = import.meta.glob<unknown>("@freehold/deployments-addresses/*.json", { eager: true, import: "default" });

/** Parses bundled records; a malformed file is reported, not silently ignored. */
export function loadDeployments(raw: Record<string, unknown>): Map<number, DeploymentRecord> {
  const byChain = new Map<number, DeploymentRecord>();
  for (const [path, value] of Object.entries(raw)) {
    try {
      const record = parseDeploymentRecord(value);
      byChain.set(record.chainId, record);
    } catch (error) {
      console.error(`Ignoring deployment record ${path}:`, error);
    }
  }
  return byChain;
}

export const deployments = loadDeployments(files);

export class NotDeployedError extends Error {
  constructor(
    readonly contractName: string,
    readonly chainId: number,
  ) {
    super(`${contractName} is not deployed on chain ${chainId}`);
    this.name = "NotDeployedError";
  }
}

/** Where a platform-wide contract (registry, factory, settlement, distributor, stablecoin) lives on `chainId`. */
export function platformAddress(chainId: number, name: ContractName | (string & {}), records = deployments): Address {
  const address = records.get(chainId)?.contracts[name]?.address;
  if (!address) throw new NotDeployedError(name, chainId);
  return address;
}

export function isDeployed(chainId: number, name: string, records = deployments): boolean {
  return Boolean(records.get(chainId)?.contracts[name]?.address);
}
