/**
 * Baseline of the gas benchmark: a plain OpenZeppelin ERC-20 (`contracts/mocks/BaselineERC20.sol`) running the
 * scenario's steps that exist for it (no identities, no compliance, no controller: `forced` is the owner's
 * burn-and-mint equivalent left out, `redeem` is the owner's burn).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { gasOf, type GasResults } from "./measure.js";

export async function benchErc20(ethers: HardhatEthers): Promise<GasResults> {
  const [owner, alice, bob, carol] = await ethers.getSigners();
  const factory = await ethers.getContractFactory("BaselineERC20", owner);
  const token = await factory.deploy(owner!.address);
  const receipt = await token.deploymentTransaction()!.wait();
  const results: GasResults = { "erc20.launch": Number(receipt!.gasUsed) };

  results["erc20.issue"] = await gasOf(token.mint(alice!.address, 1_000n));
  await (await token.mint(bob!.address, 1_000n)).wait();
  // Warm-up: the first transfer of a run pays nothing special on an ERC-20, but keep the scenario identical.
  await (await token.connect(alice!).transfer(bob!.address, 1n)).wait();
  results["erc20.transfer.existing"] = await gasOf(token.connect(alice!).transfer(bob!.address, 10n));
  results["erc20.transfer.new"] = await gasOf(token.connect(alice!).transfer(carol!.address, 10n));
  results["erc20.redeem"] = await gasOf(token.burn(alice!.address, 10n));
  return results;
}
