/**
 * The single source of truth for what is deployed where. ABIs are generated from the compiled contracts
 * (`npm run compile`); addresses are written per chain id by the deploy scripts into `addresses/<chainId>.json`.
 * Backend, web, scripts and subgraph read both from here: never paste an ABI or an address anywhere else.
 */
export { abis, type ContractName } from "./generated/abi.js";

/** Where one contract was deployed. */
export interface DeployedContract {
  address: `0x${string}`;
  /** Block of the deployment transaction: indexers start there. */
  blockNumber: number;
  transactionHash: `0x${string}`;
}

/** One chain's deployment record (`addresses/<chainId>.json`). */
export interface DeploymentRecord {
  chainId: number;
  network: string;
  updatedAt: string;
  contracts: Partial<Record<string, DeployedContract>>;
}

/** Checks the shape of a deployment record read from disk or bundled by a build tool. */
export function parseDeploymentRecord(value: unknown): DeploymentRecord {
  const record = value as DeploymentRecord;
  if (typeof record !== "object" || record === null || typeof record.chainId !== "number" || typeof record.contracts !== "object") {
    throw new Error("Not a deployment record: expected { chainId, network, updatedAt, contracts }");
  }
  for (const [name, c] of Object.entries(record.contracts)) {
    if (!c || !/^0x[0-9a-fA-F]{40}$/.test(c.address)) throw new Error(`Deployment record: ${name} has no valid address`);
  }
  return record;
}
