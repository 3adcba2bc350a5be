/**
 * The single source of truth for what is deployed where. ABIs are generated from the compiled contracts
 * (`npm run compile`); addresses are written per chain id by the deploy scripts into `addresses/<chainId>.json`.
 * Backend, web, scripts and subgraph read both from here: never paste an ABI or an address anywhere else.
 */
export { abis, type ContractName } from "./generated/abi.js";

/**
 * The keys under which the platform's contracts are recorded (`record.contracts[key]`), and the compiled
 * contract (ABI name in `abis`) each one runs. Everything that reads a record looks contracts up by these keys.
 */
export const PLATFORM_CONTRACTS = {
  TestStablecoin: "TestStablecoin",
  IdentityRegistry: "IdentityRegistry",
  RentDistributor: "RentDistributor",
  Settlement: "Settlement",
  PropertyTokenImplementation: "PropertyToken",
  PropertyOfferingImplementation: "PropertyOffering",
  PropertyTokenFactory: "PropertyTokenFactory",
} as const;

export type PlatformContractKey = keyof typeof PLATFORM_CONTRACTS;

/** Where one contract was deployed. */
export interface DeployedContract {
  address: `0x${string}`;
  /** Block of the deployment transaction: indexers start there. */
  blockNumber: number;
  transactionHash: `0x${string}`;
  /** The compiled contract it runs (its ABI is `abis[contract]`), when the key is not the contract's name. */
  contract?: string;
  /** Account that sent the deployment transaction. */
  deployer?: `0x${string}`;
  /** Platform contracts whose address was wired in at construction (key -> address): a change redeploys it. */
  dependencies?: Record<string, `0x${string}`>;
}

/**
 * A deployment transaction that was about to be sent when the record was last written. Its address is known in
 * advance (deployer + nonce), so a run that died before recording the result adopts the contract instead of
 * deploying a duplicate.
 */
export interface PendingDeployment {
  key: string;
  contract: string;
  deployer: `0x${string}`;
  nonce: number;
  address: `0x${string}`;
  dependencies?: Record<string, `0x${string}`>;
}

/** One chain's deployment record (`addresses/<chainId>.json`). */
export interface DeploymentRecord {
  chainId: number;
  network: string;
  updatedAt: string;
  contracts: Partial<Record<string, DeployedContract>>;
  /** Present only while a deployment transaction is in flight (or after a run died during one). */
  pending?: PendingDeployment;
}

/** The address of a recorded contract, or a clear error naming the chain and the key when it is missing. */
export function contractAddress(record: DeploymentRecord, key: string): `0x${string}` {
  const entry = record.contracts[key];
  if (!entry) throw new Error(`No ${key} recorded for chain ${record.chainId} (${record.network}): run \`npm run deploy\` first`);
  return entry.address;
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
