/**
 * A property token and its identity registry, deployed plain, with one signer per role and verified investors.
 * Investors use their first wallet as identity id (as the backend does) unless a test says otherwise.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { encodeBytes32String } from "ethers";
import type { FreeholdForwarder, IdentityRegistry, PropertyToken } from "../../types/ethers-contracts/index.js";

export const COUNTRY_FR = 250;
export const COUNTRY_DE = 276;
export const COUNTRY_US = 840;
export const DAY = 86_400;
export const YEAR = 365 * DAY;
export const DEFAULT_PARTITION = "0x" + "00".repeat(32);
export const LOCKUP = encodeBytes32String("LOCKUP-12M");
export const CLASS_B = encodeBytes32String("CLASS-B");

/** ERC-1400 reason codes returned by the verdict functions (not EIP-1066 meanings: see docs/design/contracts.md). */
export const Code = {
  FAILURE: "0x50",
  SUCCESS: "0x51",
  INSUFFICIENT_BALANCE: "0x52",
  INSUFFICIENT_ALLOWANCE: "0x53",
  HALTED: "0x54",
  LOCKED: "0x55",
  INVALID_SENDER: "0x56",
  INVALID_RECEIVER: "0x57",
  INVALID_OPERATOR: "0x58",
} as const;

/** The bytes32 form of an ASCII reason (`reason("OK")`). */
export function reason(text: string): string {
  return encodeBytes32String(text);
}

export interface TokenContext {
  ethers: HardhatEthers;
  helpers: NetworkHelpers;
  registry: IdentityRegistry;
  token: PropertyToken;
  /** The trusted forwarder (ERC-2771) the token was deployed with. */
  forwarder: FreeholdForwarder;
  admin: HardhatEthersSigner;
  complianceAgent: HardhatEthersSigner;
  issuer: HardhatEthersSigner;
  controller: HardhatEthersSigner;
  agent: HardhatEthersSigner;
  /** DOCUMENTS_ROLE only (the platform's document agent). */
  documentAgent: HardhatEthersSigner;
  pauser: HardhatEthersSigner;
  distributor: HardhatEthersSigner;
  settlement: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  /** Registered, verified, accredited investors of country FR, each its own identity. */
  investors: HardhatEthersSigner[];
  /** Signers nobody registered. */
  strangers: HardhatEthersSigner[];
}

export interface RegisterOptions {
  identity?: string;
  country?: number;
  accredited?: boolean;
  kycSeconds?: number;
}

/** Registers `wallet` in `registry` (identity defaults to the wallet itself). */
export async function register(ctx: TokenContext, wallet: string, options: RegisterOptions = {}): Promise<void> {
  const now = await ctx.helpers.time.latest();
  await ctx.registry
    .connect(ctx.complianceAgent)
    .registerIdentity(
      wallet,
      options.identity ?? wallet,
      options.country ?? COUNTRY_FR,
      now + (options.kycSeconds ?? YEAR),
      options.accredited ?? true,
    );
}

export function tokenInit(
  registry: string,
  ctx: Pick<
    TokenContext,
    "admin" | "issuer" | "controller" | "agent" | "documentAgent" | "pauser" | "distributor" | "settlement"
  >,
) {
  return {
    name: "Rue de Rivoli 12",
    symbol: "RIV12",
    identityRegistry: registry,
    admin: ctx.admin.address,
    issuer: ctx.issuer.address,
    controller: ctx.controller.address,
    agent: ctx.agent.address,
    documentAgent: ctx.documentAgent.address,
    pauser: ctx.pauser.address,
    rentDistributor: ctx.distributor.address,
    settlement: ctx.settlement.address,
  };
}

/** Deploys the registry and a plain token; registers `investorCount` investors. */
export async function deployToken(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  investorCount = 6,
): Promise<TokenContext> {
  const signers = await ethers.getSigners();
  // The document agent is the last signer, so the investors and strangers keep their addresses.
  const documentAgent = signers.at(-1)!;
  const [admin, complianceAgent, issuer, controller, agent, pauser, distributor, settlement, outsider, ...rest] =
    signers.slice(0, -1) as HardhatEthersSigner[];
  const registry = await ethers.deployContract("IdentityRegistry", [admin!.address, complianceAgent!.address]);
  const roles = {
    admin: admin!,
    issuer: issuer!,
    controller: controller!,
    agent: agent!,
    documentAgent,
    pauser: pauser!,
    distributor: distributor!,
    settlement: settlement!,
  };
  const forwarder = await ethers.deployContract("FreeholdForwarder");
  const token = await ethers.deployContract("PropertyToken", [
    tokenInit(await registry.getAddress(), roles),
    await forwarder.getAddress(),
  ]);
  const ctx: TokenContext = {
    ethers,
    helpers,
    registry,
    token,
    forwarder,
    ...roles,
    complianceAgent: complianceAgent!,
    outsider: outsider!,
    investors: rest.slice(0, investorCount),
    strangers: rest.slice(investorCount),
  };
  for (const investor of ctx.investors) await register(ctx, investor.address);
  return ctx;
}

/** Switches every rule on: FR/DE/US allow-list, max holders, max balance, past lock-up, accredited-only default. */
export async function enableAllRules(ctx: TokenContext): Promise<void> {
  const asAgent = ctx.token.connect(ctx.agent);
  const now = await ctx.helpers.time.latest();
  await asAgent.setCountryMode(true);
  await asAgent.setCountryRestrictions([COUNTRY_FR, COUNTRY_DE, COUNTRY_US], true);
  await asAgent.setMaxHolders(1_000);
  await asAgent.setMaxBalancePerIdentity(1_000_000);
  await asAgent.setPartitionRules(DEFAULT_PARTITION, now - 1, true);
}

/** A plain token with every rule on (`enableAllRules`) and 100 units each for the first two investors. */
export async function deployTokenWithRulesAndHolders(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
): Promise<TokenContext> {
  const c = await deployToken(ethers, helpers);
  await enableAllRules(c);
  await issue(c, c.investors[0]!.address, 100n);
  await issue(c, c.investors[1]!.address, 100n);
  return c;
}

/** Issues default-partition units. */
export async function issue(
  ctx: TokenContext,
  to: string,
  value: bigint,
  partition = DEFAULT_PARTITION,
): Promise<void> {
  await ctx.token.connect(ctx.issuer).issueByPartition(partition, to, value, "0x");
}
