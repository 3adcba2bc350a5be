/**
 * Builds the subgraph manifest (`subgraph.yaml`) and `networks.json` from the project's single sources of
 * truth, never from pasted values:
 * - ABIs: `deployments/generated/abi/<Contract>.json` (written by `npm run compile`); every handler's event
 *   signature is derived from the ABI, so a renamed or changed event fails here, before codegen;
 * - addresses and start blocks: the deployment record of each network's chain id
 *   (`deployments/addresses/<chainId>.json`, written by the deploy scripts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { EventFragment, Interface, ZeroAddress } from "ethers";
import { stringify } from "yaml";
import { parseDeploymentRecord, type DeploymentRecord } from "@freehold/deployments";
import { manifestSignature } from "../test-host/indexer.js";

export const SUBGRAPH_DIR = join(import.meta.dirname, "..");
export const ABI_DIR = join(SUBGRAPH_DIR, "../deployments/generated/abi");
export const ADDRESSES_DIR = join(SUBGRAPH_DIR, "../deployments/addresses");

/** graph-node network name -> chain id. `localhost` is the local stack (Hardhat node or anvil). */
export const NETWORKS: Record<string, number> = { localhost: 31337, sepolia: 11155111 };

/** The mapping's API version (graph-ts 0.38 / graph-node >= 0.35). */
const API_VERSION = "0.0.9";

interface SourceSpec {
  name: string;
  /** Compiled contract (ABI file name) and, for static sources, the deployment record key. */
  contract: string;
  file: string;
  events: string[];
  /** Other ABIs the mapping binds (contract calls). */
  extraAbis?: string[];
  entities: string[];
}

/** The contracts the platform deploys once; each is a data source from its deployment block. */
export const DATA_SOURCES: SourceSpec[] = [
  {
    name: "PropertyTokenFactory",
    contract: "PropertyTokenFactory",
    file: "./src/factory.ts",
    events: ["PropertyLaunched", "ImplementationsUpdated", "GovernorLaunched", "ExitLaunched"],
    extraAbis: ["PropertyOffering"],
    entities: ["Factory", "PropertyToken", "Offering", "Governor", "Exit"],
  },
  {
    name: "IdentityRegistry",
    contract: "IdentityRegistry",
    file: "./src/identity-registry.ts",
    events: ["IdentityRegistered", "IdentityUpdated", "IdentityRemoved", "WalletFrozen", "IdentityFrozen"],
    entities: ["IdentityRecord", "IdentityEvent", "IdentityFreeze", "Account"],
  },
  {
    name: "RentDistributor",
    contract: "RentDistributor",
    file: "./src/rent-distributor.ts",
    events: ["TokenRegistered", "RentDeposited", "CapitalDeposited", "RentFeeCharged", "RentClaimed", "RentRedirected"],
    entities: [
      "FeePayment",
      "FeeTotal",
      "PropertyFeeTotal",
      "RentRegistration",
      "RentDeposit",
      "CapitalDeposit",
      "RentClaim",
      "RentRedirect",
      "PropertyToken",
      "Holding",
      "TokenDailySnapshot",
    ],
  },
  {
    name: "Settlement",
    contract: "Settlement",
    file: "./src/settlement.ts",
    events: ["OrderPosted", "TradeFeeCharged", "OrderFilled", "OrderCancelled", "FactoryAdded"],
    entities: ["Order", "Fill", "Account", "SettlementFactory", "FeePayment", "FeeTotal", "PropertyFeeTotal"],
  },
  {
    name: "PlatformFees",
    contract: "PlatformFees",
    file: "./src/fees.ts",
    events: [
      "FeeInitialized",
      "FeeIncreaseAnnounced",
      "FeeIncreaseApplied",
      "FeeIncreaseCancelled",
      "FeeDecreased",
      "CollectorSet",
      "FeeOverrideSet",
      "FeeOverrideRemoved",
    ],
    entities: ["FeeSchedule", "FeeOverride"],
  },
];

/**
 * Contracts the factory creates for every property: templates, instantiated from `PropertyLaunched` (token, offering)
 * `GovernorLaunched` (the token's holder-vote governor, issue 19) and `ExitLaunched` (its exit, issue 19).
 */
export const TEMPLATES: SourceSpec[] = [
  {
    name: "PropertyToken",
    contract: "PropertyToken",
    file: "./src/token.ts",
    events: [
      "Transfer",
      "TransferByPartition",
      "IssuedByPartition",
      "RedeemedByPartition",
      "ControllerTransfer",
      "ControllerRedemption",
      "DocumentUpdated",
      "DocumentRemoved",
      "AddressFrozen",
      "TokensFrozen",
      "TokensUnfrozen",
      "HoldCreated",
      "HoldReleased",
      "Paused",
      "Unpaused",
      "MaxHoldersSet",
      "MaxBalancePerIdentitySet",
      "CountryRestrictionSet",
      "CountryModeSet",
      "PartitionRulesSet",
      "IssuanceFinalized",
      "ControllableFinalized",
      "Closed",
    ],
    entities: [
      "PropertyToken",
      "Holding",
      "PartitionHolding",
      "Transfer",
      "Issuance",
      "Redemption",
      "ControllerAction",
      "Document",
    ],
  },
  {
    name: "PropertyOffering",
    contract: "PropertyOffering",
    file: "./src/offering.ts",
    events: [
      "Subscribed",
      "Finalized",
      "Cancelled",
      "Claimed",
      "Refunded",
      "ProceedsReleased",
      "InvitationRedeemed",
      "InvitationRevoked",
    ],
    entities: [
      "Offering",
      "Invitation",
      "OfferingInvestor",
      "OfferingSubscription",
      "OfferingClaim",
      "OfferingRefund",
      "ProceedsRelease",
      "FeePayment",
      "FeeTotal",
      "PropertyFeeTotal",
    ],
  },
  {
    name: "PropertyGovernor",
    contract: "PropertyGovernor",
    file: "./src/governor.ts",
    events: ["ProposalCreated", "VoteCast", "VoteWithdrawn", "ProposalFinalized"],
    entities: ["Governor", "Proposal", "Vote", "Account"],
  },
  {
    name: "PropertyExit",
    contract: "PropertyExit",
    file: "./src/exit.ts",
    events: ["ProceedsDeposited", "Redeemed", "CapitalReturned"],
    entities: ["Exit", "ExitRedemption", "CapitalReturn", "Account", "FeePayment", "FeeTotal", "PropertyFeeTotal"],
  },
];

export interface NetworkAddresses {
  [dataSource: string]: { address: string; startBlock: number };
}

export interface ManifestOptions {
  network: string;
  /** Folder the manifest is written to (ABI paths are relative to it); default subgraph/. */
  subgraphDir?: string;
  abiDir?: string;
  addressesDir?: string;
}

export interface GeneratedManifest {
  manifest: string;
  networks: Record<string, NetworkAddresses>;
  /** Networks whose deployment record is missing: their addresses are zero placeholders. */
  placeholders: string[];
}

function loadAbi(abiDir: string, contract: string): Interface {
  const path = join(abiDir, `${contract}.json`);
  if (!existsSync(path)) throw new Error(`ABI of ${contract} not found at ${path}: run \`npm run compile\` first`);
  return new Interface(readFileSync(path, "utf8"));
}

function eventHandlers(abi: Interface, spec: SourceSpec): { event: string; handler: string }[] {
  return spec.events.map((name) => {
    let fragment: EventFragment | null;
    try {
      fragment = abi.getEvent(name);
    } catch {
      fragment = null;
    }
    if (!fragment) throw new Error(`${spec.contract} has no event ${name} (is the ABI current?)`);
    return { event: manifestSignature(fragment), handler: `handle${name}` };
  });
}

function readRecord(addressesDir: string, chainId: number): DeploymentRecord | undefined {
  const path = join(addressesDir, `${chainId}.json`);
  return existsSync(path) ? parseDeploymentRecord(JSON.parse(readFileSync(path, "utf8"))) : undefined;
}

/** Addresses and start blocks of every network (zero placeholders where nothing is deployed yet). */
export function networkAddresses(addressesDir = ADDRESSES_DIR): {
  networks: Record<string, NetworkAddresses>;
  placeholders: string[];
} {
  const networks: Record<string, NetworkAddresses> = {};
  const placeholders: string[] = [];
  for (const [name, chainId] of Object.entries(NETWORKS)) {
    const record = readRecord(addressesDir, chainId);
    if (!record) placeholders.push(name);
    const entries: NetworkAddresses = {};
    for (const spec of DATA_SOURCES) {
      const deployed = record?.contracts[spec.contract];
      if (record && !deployed) throw new Error(`deployment record of chain ${chainId} has no ${spec.contract}`);
      entries[spec.name] = {
        address: deployed?.address.toLowerCase() ?? ZeroAddress,
        startBlock: deployed?.blockNumber ?? 0,
      };
    }
    networks[name] = entries;
  }
  return { networks, placeholders };
}

export function generateManifest(options: ManifestOptions): GeneratedManifest {
  const abiDir = options.abiDir ?? ABI_DIR;
  if (!(options.network in NETWORKS))
    throw new Error(`unknown network ${options.network}: one of ${Object.keys(NETWORKS).join(", ")}`);
  const { networks, placeholders } = networkAddresses(options.addressesDir ?? ADDRESSES_DIR);
  const addresses = networks[options.network]!;
  const abiPath = (contract: string): string =>
    relative(options.subgraphDir ?? SUBGRAPH_DIR, join(abiDir, `${contract}.json`));
  const mapping = (spec: SourceSpec) => ({
    kind: "ethereum/events",
    apiVersion: API_VERSION,
    language: "wasm/assemblyscript",
    entities: spec.entities,
    abis: [spec.contract, ...(spec.extraAbis ?? [])].map((name) => ({ name, file: abiPath(name) })),
    eventHandlers: eventHandlers(loadAbi(abiDir, spec.contract), spec),
    file: spec.file,
  });
  for (const spec of [...DATA_SOURCES, ...TEMPLATES]) for (const extra of spec.extraAbis ?? []) loadAbi(abiDir, extra);
  const manifest = {
    specVersion: "1.2.0",
    description: "Freehold: real estate security tokens, offerings, identity records, settlement and rent",
    schema: { file: "./schema.graphql" },
    dataSources: DATA_SOURCES.map((spec) => ({
      kind: "ethereum/contract",
      name: spec.name,
      network: options.network,
      source: {
        address: addresses[spec.name]!.address,
        abi: spec.contract,
        startBlock: addresses[spec.name]!.startBlock,
      },
      mapping: mapping(spec),
    })),
    templates: TEMPLATES.map((spec) => ({
      kind: "ethereum/contract",
      name: spec.name,
      network: options.network,
      source: { abi: spec.contract },
      mapping: mapping(spec),
    })),
  };
  const header =
    "# Generated by subgraph/scripts/generate-manifest.ts from deployments/ (ABIs and addresses). Do not edit.\n";
  return { manifest: header + stringify(manifest, { lineWidth: 0 }), networks, placeholders };
}
