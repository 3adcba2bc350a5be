/**
 * The exit (issue 19) as the platform wires it: the holder-vote fixture (factory-launched token, its governor, four
 * holders with 400/300/200/100 units), an exit made by the factory's `launchExit` from the real implementation (which
 * names it on the token), and helpers to get a sale or refinance approved and the proceeds deposited.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { IPropertyTokenExit, PropertyExit } from "../../types/ethers-contracts/index.js";
import { fund, type Platform } from "../factory/fixture.js";
import { Choice, deployGovernance, Kind, proposeAsManager, TERMS, type Governance } from "../governance/fixture.js";

export interface Exit extends Governance {
  exit: PropertyExit;
  /** The token's address with the exit ABI (served by its fallback). */
  tokenExit: IPropertyTokenExit;
}

/** Deploys the exit implementation and sets it on the factory (as the deploy would). */
export async function withExitImplementation(platform: Platform): Promise<PropertyExit> {
  const implementation = await platform.ethers.deployContract("PropertyExit", [await platform.forwarder.getAddress()]);
  await (await platform.factory.setExitImplementation(await implementation.getAddress())).wait();
  return implementation;
}

/** Makes `token`'s exit through the factory (by the manager), which names it on the token. */
export async function attachExit(platform: Platform, tokenAddress: string): Promise<PropertyExit> {
  const factory = platform.factory.connect(platform.manager);
  const exitAddress = await factory.launchExit.staticCall(tokenAddress);
  await (await factory.launchExit(tokenAddress)).wait();
  return platform.ethers.getContractAt("PropertyExit", exitAddress);
}

export async function deployExit(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<Exit> {
  const g = await deployGovernance(ethers, helpers);
  await withExitImplementation(g.platform);
  const tokenAddress = await g.token.getAddress();
  const exit = await attachExit(g.platform, tokenAddress);
  const tokenExit = await ethers.getContractAt("IPropertyTokenExit", tokenAddress);
  return { ...g, exit, tokenExit };
}

/** Opens a proposal of `kind` by the manager, has holders 0 and 1 (700 of 1,000 units) vote for it, ends the vote. */
export async function approve(e: Exit, kind: number = Kind.Sale, amount = 1_000_000n): Promise<bigint> {
  const proposalId = await proposeAsManager(e, kind, amount);
  await (await e.governor.connect(e.holders[0]!).castVote(proposalId, Choice.For)).wait();
  await (await e.governor.connect(e.holders[1]!).castVote(proposalId, Choice.For)).wait();
  const { endTime } = await e.governor.proposal(proposalId);
  await e.platform.helpers.time.increaseTo(endTime);
  return proposalId;
}

/** Funds the manager with `amount` for the exit and deposits it against `proposalId`. */
export async function depositProceeds(e: Exit, proposalId: bigint, amount: bigint): Promise<void> {
  await fund(e.platform, e.platform.manager, amount, await e.exit.getAddress());
  await (await e.exit.connect(e.platform.manager).depositProceeds(proposalId, amount)).wait();
}

export { Kind, TERMS };
