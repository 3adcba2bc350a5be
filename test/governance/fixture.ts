/**
 * Holder votes (issue 19) as the platform wires them: the factory-launched token, a governor made by the factory's
 * `launchGovernor` from the real governor implementation and named on the token by its admin (the manager), and
 * investors holding units (the first two each with a second wallet of the same identity).
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { id } from "ethers";
import type { IPropertyTokenSnapshots, PropertyGovernor, PropertyToken } from "../../types/ethers-contracts/index.js";
import { DAY, deployPlatform, issueTo, launch, register, type Platform } from "../factory/fixture.js";

/** Launch terms of the test governor: a week, 30 % quorum, 60 % approval, holders with 100 votes may propose. */
export const TERMS = { votingPeriod: 7 * DAY, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 100n };
/** `ProposalKind`, `VoteChoice` and `ProposalState` of `IPropertyGovernor`. */
export const Kind = { Sale: 0, Refinance: 1, ManagerChange: 2, CapitalExpenditure: 3, Decision: 4 } as const;
export const Choice = { Against: 0, For: 1, Abstain: 2 } as const;
export const State = { None: 0n, Active: 1n, Approved: 2n, Rejected: 3n } as const;
export const DOC = id("proposal document");

export interface Governance {
  platform: Platform;
  token: PropertyToken;
  /** The token's address with the holder-vote ABI (served by its fallback). */
  snapshots: IPropertyTokenSnapshots;
  governor: PropertyGovernor;
  /** Holders: units 400, 300, 200, 100 (1,000 in all); `holders[i]` is its own identity. */
  holders: HardhatEthersSigner[];
  /** Second wallets: `seconds[0]` belongs to `holders[0]`'s identity, `seconds[1]` to `holders[1]`'s. */
  seconds: HardhatEthersSigner[];
  /** Verified, no units. */
  verifiedOutsider: HardhatEthersSigner;
}

export const UNITS = [400n, 300n, 200n, 100n] as const;

/** Deploys the governor implementation and sets it on the factory (as the deploy would). */
export async function withGovernorImplementation(platform: Platform): Promise<PropertyGovernor> {
  const implementation = await platform.ethers.deployContract("PropertyGovernor", [
    await platform.forwarder.getAddress(),
  ]);
  await (await platform.factory.setGovernorImplementation(await implementation.getAddress())).wait();
  return implementation;
}

/** Makes `token`'s governor through the factory (by the manager) and names it on the token. */
export async function attachGovernor(
  platform: Platform,
  token: PropertyToken,
  terms: typeof TERMS = TERMS,
): Promise<PropertyGovernor> {
  const factory = platform.factory.connect(platform.manager);
  const governorAddress = await factory.launchGovernor.staticCall(await token.getAddress(), terms);
  await (await factory.launchGovernor(await token.getAddress(), terms)).wait();
  const snapshots = await platform.ethers.getContractAt("IPropertyTokenSnapshots", await token.getAddress());
  await (await snapshots.connect(platform.manager).setGovernor(governorAddress)).wait();
  return platform.ethers.getContractAt("PropertyGovernor", governorAddress);
}

export async function deployGovernance(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  terms: typeof TERMS = TERMS,
): Promise<Governance> {
  const platform = await deployPlatform(ethers, helpers);
  await withGovernorImplementation(platform);
  const { token } = await launch(platform);
  const holders = platform.investors.slice(0, 4);
  const verifiedOutsider = platform.investors[6]!;
  // Two signers the platform left unregistered become second wallets of holders 0 and 1.
  const signers = await ethers.getSigners();
  const fresh = signers.slice(-2);
  await register(platform, fresh[0]!.address, { identity: holders[0]!.address });
  await register(platform, fresh[1]!.address, { identity: holders[1]!.address });
  await issueTo(platform, token, holders, [...UNITS]);
  const governor = await attachGovernor(platform, token, terms);
  const snapshots = await ethers.getContractAt("IPropertyTokenSnapshots", await token.getAddress());
  return { platform, token, snapshots, governor, holders, seconds: fresh, verifiedOutsider };
}

/** Opens a proposal by the manager (a decision by default) and returns its id. */
export async function proposeAsManager(
  g: Governance,
  kind: number = Kind.Decision,
  amount = 0n,
  account = "0x0000000000000000000000000000000000000000",
): Promise<bigint> {
  const asManager = g.governor.connect(g.platform.manager);
  const proposalId = await asManager.propose.staticCall(kind, amount, account, DOC);
  await (await asManager.propose(kind, amount, account, DOC)).wait();
  return proposalId;
}
