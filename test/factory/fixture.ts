/**
 * The platform as tests of the offering, settlement, distributor and factory see it: every contract deployed and
 * wired exactly as production wires it (the factory clones real implementations of the real token and offering),
 * investors registered in the real identity registry, and helpers to launch properties and move money.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { sha256, toUtf8Bytes, ZeroAddress, type Signature } from "ethers";
import type {
  FreeholdForwarder,
  IdentityRegistry,
  PlatformFees,
  PropertyOffering,
  PropertyToken,
  PropertyTokenFactory,
  RentDistributor,
  Settlement,
  TestStablecoin,
} from "../../types/ethers-contracts/index.js";

export const COUNTRY_FR = 250;
export const COUNTRY_DE = 276;
export const COUNTRY_US = 840;
export const DAY = 86_400;
export const DEFAULT_PARTITION = "0x" + "00".repeat(32);
/** The platform's primary fee (offering proceeds) at deployment; the other kinds start at zero. */
export const FEE_BPS = 150n;
/** `FeeKind` of `PlatformFees`. */
export const FeeKind = { Primary: 0, Rent: 1, Trade: 2, Exit: 3 } as const;

/** Stablecoin amounts: `usd(12.5)` is 12,500,000 base units (6 decimals). */
export function usd(amount: number): bigint {
  return BigInt(Math.round(amount * 1_000_000));
}

export interface Platform {
  ethers: HardhatEthers;
  helpers: NetworkHelpers;
  admin: HardhatEthersSigner;
  /** The backend's key: COMPLIANCE_AGENT_ROLE on the registry, and the factory's document agent. */
  complianceAgent: HardhatEthersSigner;
  manager: HardhatEthersSigner;
  treasury: HardhatEthersSigner;
  feeRecipient: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  /** Verified investors (country FR, KYC valid for five years), each its own identity. */
  investors: HardhatEthersSigner[];
  stablecoin: TestStablecoin;
  registry: IdentityRegistry;
  distributor: RentDistributor;
  settlement: Settlement;
  /** The fee schedule; `feeRecipient` collects every kind. */
  fees: PlatformFees;
  /** The trusted forwarder (ERC-2771) of the offering, distributor, settlement and token implementations. */
  forwarder: FreeholdForwarder;
  factory: PropertyTokenFactory;
  tokenImplementation: PropertyToken;
  offeringImplementation: PropertyOffering;
}

export interface LaunchOverrides {
  propertyId?: string;
  name?: string;
  symbol?: string;
  partition?: string;
  paymentToken?: string;
  pricePerUnit?: bigint;
  softCap?: bigint;
  hardCap?: bigint;
  minTicket?: bigint;
  maxTicket?: bigint;
  startTime?: bigint;
  endTime?: bigint;
  treasury?: string;
}

export interface Launched {
  token: PropertyToken;
  offering: PropertyOffering;
  params: Required<LaunchOverrides>;
}

export async function deployPlatform(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<Platform> {
  const signers = await ethers.getSigners();
  const [admin, complianceAgent, manager, treasury, feeRecipient, outsider, ...investors] = signers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    ...HardhatEthersSigner[],
  ];
  const stablecoin = await ethers.deployContract("TestStablecoin", ["Test USD", "tUSD", admin.address]);
  const registry = await ethers.deployContract("IdentityRegistry", [admin.address, complianceAgent.address]);
  const fees = await ethers.deployContract("PlatformFees", [
    admin.address,
    [FEE_BPS, 0n, 0n, 0n],
    [feeRecipient.address, feeRecipient.address, feeRecipient.address, feeRecipient.address],
  ]);
  const forwarder = await ethers.deployContract("FreeholdForwarder");
  const trusted = await forwarder.getAddress();
  const distributor = await ethers.deployContract("RentDistributor", [admin.address, await fees.getAddress(), trusted]);
  const settlement = await ethers.deployContract("Settlement", [admin.address, await fees.getAddress(), trusted]);
  const tokenImplementation = await ethers.deployContract("PropertyToken", [
    {
      name: "",
      symbol: "",
      identityRegistry: await registry.getAddress(),
      admin: ZeroAddress,
      issuer: ZeroAddress,
      controller: ZeroAddress,
      agent: ZeroAddress,
      documentAgent: ZeroAddress,
      pauser: ZeroAddress,
      rentDistributor: ZeroAddress,
      settlement: ZeroAddress,
    },
    trusted,
  ]);
  const offeringImplementation = await ethers.deployContract("PropertyOffering", [trusted]);
  const factory = await ethers.deployContract("PropertyTokenFactory", [
    admin.address,
    await registry.getAddress(),
    await distributor.getAddress(),
    await settlement.getAddress(),
    await tokenImplementation.getAddress(),
    await offeringImplementation.getAddress(),
    await fees.getAddress(),
  ]);
  // As the deploy wires it: Settlement trades only tokens this factory launched (audit A-05).
  await settlement.addFactory(await factory.getAddress());
  await distributor.grantRole(await distributor.REGISTRAR_ROLE(), await factory.getAddress());
  // The factory binds a property's launch discounts to its new token.
  await fees.grantRole(await fees.LAUNCHER_ROLE(), await factory.getAddress());
  await factory.grantRole(await factory.PROPERTY_MANAGER_ROLE(), manager.address);
  // As the deploy wires it: the backend's key (the compliance agent) anchors documents on every launched token.
  await factory.setDocumentAgent(complianceAgent.address);

  const platform: Platform = {
    ethers,
    helpers,
    admin,
    complianceAgent,
    manager,
    treasury,
    feeRecipient,
    outsider,
    investors: investors.slice(0, 10),
    stablecoin,
    registry,
    distributor,
    settlement,
    fees,
    forwarder,
    factory,
    tokenImplementation,
    offeringImplementation,
  };
  for (const investor of platform.investors) await register(platform, investor.address);
  return platform;
}

/** Registers `wallet` in the identity registry (identity defaults to the wallet itself). */
export async function register(
  platform: Platform,
  wallet: string,
  options: { identity?: string; country?: number; accredited?: boolean; kycDays?: number } = {},
): Promise<void> {
  const now = await platform.helpers.time.latest();
  await platform.registry
    .connect(platform.complianceAgent)
    .registerIdentity(
      wallet,
      options.identity ?? wallet,
      options.country ?? COUNTRY_FR,
      now + (options.kycDays ?? 5 * 365) * DAY,
      options.accredited ?? true,
    );
}

/**
 * Launches a property through the factory (by `manager`, the fixture's manager unless another holder of
 * PROPERTY_MANAGER_ROLE is given); the offering opens in one hour for 30 days.
 */
export async function launch(
  platform: Platform,
  overrides: LaunchOverrides = {},
  manager: HardhatEthersSigner = platform.manager,
): Promise<Launched> {
  const now = BigInt(await platform.helpers.time.latest());
  const params: Required<LaunchOverrides> = {
    propertyId: overrides.propertyId ?? platform.ethers.id("property-1"),
    name: overrides.name ?? "Rue de Rivoli 12",
    symbol: overrides.symbol ?? "RIV12",
    partition: overrides.partition ?? DEFAULT_PARTITION,
    paymentToken: overrides.paymentToken ?? (await platform.stablecoin.getAddress()),
    pricePerUnit: overrides.pricePerUnit ?? usd(100),
    softCap: overrides.softCap ?? 500n,
    hardCap: overrides.hardCap ?? 1_000n,
    minTicket: overrides.minTicket ?? 10n,
    maxTicket: overrides.maxTicket ?? 400n,
    startTime: overrides.startTime ?? now + 3_600n,
    endTime: overrides.endTime ?? now + 3_600n + 30n * BigInt(DAY),
    treasury: overrides.treasury ?? platform.treasury.address,
  };
  const factory = platform.factory.connect(manager);
  const [tokenAddress, offeringAddress] = await factory.launch.staticCall(params);
  await (await factory.launch(params)).wait();
  return {
    token: await platform.ethers.getContractAt("PropertyToken", tokenAddress!),
    offering: await platform.ethers.getContractAt("PropertyOffering", offeringAddress!),
    params,
  };
}

/** The SHA-256 of a period statement named `label` (what a rent deposit pays out). */
export function statementHash(label: string): string {
  return sha256(toUtf8Bytes(label));
}

let statementsIssued = 0;
/** A statement hash no deposit of this run used yet: for tests about something else than statements. */
export function nextStatementHash(): string {
  statementsIssued += 1;
  return statementHash(`period statement ${statementsIssued}`);
}

/** Mints `amount` of test stablecoin to `wallet` and approves `spender` for it. */
export async function fund(
  platform: Platform,
  wallet: HardhatEthersSigner,
  amount: bigint,
  spender?: string,
): Promise<void> {
  await platform.stablecoin.connect(platform.admin).mint(wallet.address, amount);
  if (spender) await platform.stablecoin.connect(wallet).approve(spender, amount);
}

/** Signs an EIP-2612 permit of the test stablecoin. */
export async function signPermit(
  platform: Platform,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const { chainId } = await platform.ethers.provider.getNetwork();
  const signature = await owner.signTypedData(
    { name: "Test USD", version: "1", chainId, verifyingContract: await platform.stablecoin.getAddress() },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: owner.address, spender, value, nonce: await platform.stablecoin.nonces(owner.address), deadline },
  );
  return platform.ethers.Signature.from(signature);
}

/** Moves time to the offering's start. */
export async function openOffering(platform: Platform, launched: Launched): Promise<void> {
  await platform.helpers.time.increaseTo(launched.params.startTime);
}

/** Moves time past the offering's end. */
export async function closeOffering(platform: Platform, launched: Launched): Promise<void> {
  await platform.helpers.time.increaseTo(launched.params.endTime);
}

/** Subscribes `units` for `investor`, funding and approving the exact price first. */
export async function subscribe(
  platform: Platform,
  launched: Launched,
  investor: HardhatEthersSigner,
  units: bigint,
): Promise<void> {
  const price = units * launched.params.pricePerUnit;
  await fund(platform, investor, price, await launched.offering.getAddress());
  await (await launched.offering.connect(investor).subscribe(units)).wait();
}

/** Grants the manager the issuer role on `token` and issues `units` to each holder (setup for trading/rent). */
export async function issueTo(
  platform: Platform,
  token: PropertyToken,
  holders: readonly { address: string }[],
  units: bigint | readonly bigint[],
  partition: string = DEFAULT_PARTITION,
): Promise<void> {
  const asManager = token.connect(platform.manager);
  const issuerRole = await token.ISSUER_ROLE();
  if (!(await token.hasRole(issuerRole, platform.manager.address)))
    await asManager.grantRole(issuerRole, platform.manager.address);
  for (const [i, holder] of holders.entries()) {
    const value = typeof units === "bigint" ? units : units[i]!;
    await asManager.issueByPartition(partition, holder.address, value, "0x");
  }
}
