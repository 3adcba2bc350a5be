/**
 * The single source of truth for what is deployed where. ABIs are generated from the compiled contracts
 * (`npm run compile`); addresses are written per chain id by the deploy scripts into `addresses/<chainId>.json`.
 * Backend, web, scripts and subgraph read both from here: never paste an ABI or an address anywhere else.
 */
export { abis, erc20Abi, erc2612Abi, erc5267Abi, type ContractName } from "./generated/abi.js";
/** Each ABI on its own, so a bundle holds only the contracts it names (the web app's entry chunk). */
export * from "./generated/abi.js";

/**
 * The keys under which the platform's contracts are recorded (`record.contracts[key]`), and the compiled
 * contract (ABI name in `abis`) each one runs. Everything that reads a record looks contracts up by these keys.
 */
export const PLATFORM_CONTRACTS = {
  TestStablecoin: "TestStablecoin",
  IdentityRegistry: "IdentityRegistry",
  FreeholdForwarder: "FreeholdForwarder",
  RentDistributor: "RentDistributor",
  Settlement: "Settlement",
  PropertyTokenImplementation: "PropertyToken",
  PropertyOfferingImplementation: "PropertyOffering",
  PropertyGovernorImplementation: "PropertyGovernor",
  PropertyExitImplementation: "PropertyExit",
  PlatformFees: "PlatformFees",
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

/**
 * The stablecoin the platform's offerings and rent are paid in, as the deploy found it on chain: an existing
 * stablecoin named to `npm run deploy -- --payment-token`, or the TestStablecoin the deploy created on a test chain.
 * Everything that launches, prices or pays reads it here (never a contract looked up by name).
 */
export interface PaymentTokenRecord {
  address: `0x${string}`;
  name: string;
  symbol: string;
  /** `decimals()` read on chain: amounts are base units of 10^-decimals of a coin. */
  decimals: number;
  /**
   * The EIP-712 domain of its EIP-2612 `permit` (checked at deploy against `DOMAIN_SEPARATOR()` and by a simulated
   * permit), or `null` when it has no working permit: investors then approve, then subscribe.
   */
  permit: { name: string; version: string } | null;
  /** `existing`: given to the deploy; `TestStablecoin`: deployed by the platform (test chains only). */
  source: "existing" | "TestStablecoin";
}

/**
 * The most decimals a payment stablecoin may have: a holder's rent bookkeeping in the token is bounded at 2^55 base
 * units (docs/design/contracts.md, "Limits"), which is 3.6e8 coins at 8 decimals but only 0.036 at 18.
 */
export const MAX_PAYMENT_DECIMALS = 8;

/** The EIP-2612 `Permit` typed-data type: what an investor signs to let an offering take the payment. */
export const EIP2612_PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** One chain's deployment record (`addresses/<chainId>.json`). */
export interface DeploymentRecord {
  chainId: number;
  network: string;
  updatedAt: string;
  contracts: Partial<Record<string, DeployedContract>>;
  /** The payment stablecoin (absent only in records written before it was recorded, or mid-deploy). */
  paymentToken?: PaymentTokenRecord;
  /** Present only while a deployment transaction is in flight (or after a run died during one). */
  pending?: PendingDeployment;
}

/** The address of a recorded contract, or a clear error naming the chain and the key when it is missing. */
export function contractAddress(record: DeploymentRecord, key: string): `0x${string}` {
  const entry = record.contracts[key];
  if (!entry)
    throw new Error(`No ${key} recorded for chain ${record.chainId} (${record.network}): run \`npm run deploy\` first`);
  return entry.address;
}

/** Checks the shape of a deployment record read from disk or bundled by a build tool. */
export function parseDeploymentRecord(value: unknown): DeploymentRecord {
  const record = value as DeploymentRecord;
  if (
    typeof record !== "object" ||
    record === null ||
    typeof record.chainId !== "number" ||
    typeof record.contracts !== "object"
  ) {
    throw new Error("Not a deployment record: expected { chainId, network, updatedAt, contracts }");
  }
  for (const [name, c] of Object.entries(record.contracts)) {
    if (!c || !/^0x[0-9a-fA-F]{40}$/.test(c.address))
      throw new Error(`Deployment record: ${name} has no valid address`);
  }
  if (record.paymentToken !== undefined) checkPaymentToken(record.paymentToken);
  return record;
}

function checkPaymentToken(p: PaymentTokenRecord): void {
  const fail = (what: string): never => {
    throw new Error(`Deployment record: paymentToken ${what}`);
  };
  if (typeof p !== "object" || p === null) fail("is not an object");
  if (!/^0x[0-9a-fA-F]{40}$/.test(p.address)) fail("has no valid address");
  if (typeof p.symbol !== "string" || typeof p.name !== "string") fail("has no name or symbol");
  if (!Number.isInteger(p.decimals) || p.decimals < 0 || p.decimals > MAX_PAYMENT_DECIMALS)
    fail(`decimals must be a whole number from 0 to ${MAX_PAYMENT_DECIMALS}`);
  if (p.permit !== null && (typeof p.permit?.name !== "string" || typeof p.permit.version !== "string"))
    fail("permit must be null or { name, version }");
  if (p.source !== "existing" && p.source !== "TestStablecoin") fail('source must be "existing" or "TestStablecoin"');
}

/** The payment stablecoin of a record, or a clear error naming the chain when the deploy has not recorded one. */
export function paymentTokenOf(record: DeploymentRecord): PaymentTokenRecord {
  if (!record.paymentToken) {
    throw new Error(
      `No payment token recorded for chain ${record.chainId} (${record.network}): run \`npm run deploy\` (with --payment-token <stablecoin> outside test networks)`,
    );
  }
  return record.paymentToken;
}
