/**
 * Gas of the identity registry's writes (`contracts/identity/IdentityRegistry.sol`): what onboarding an investor
 * costs the platform's compliance signer. Each measured wallet is fresh, so every write pays its real cold costs.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { getAddress, id } from "ethers";
import { gasOf, type GasResults } from "./measure.js";

const COUNTRY_FR = 250;
const YEAR = 365 * 86_400;

export async function benchIdentity(ethers: HardhatEthers): Promise<GasResults> {
  const [admin, agent] = await ethers.getSigners();
  const registry = await ethers.deployContract("IdentityRegistry", [admin!.address, agent!.address]);
  const asAgent = registry.connect(agent!);
  const block = await ethers.provider.getBlock("latest");
  const expiry = BigInt(block!.timestamp + YEAR);
  // Fixed fresh addresses (calldata gas depends on their zero bytes): the numbers repeat run after run.
  let n = 0;
  const fresh = (): string => getAddress(id(`freehold-bench-wallet-${n++}`).slice(0, 42));

  const results: GasResults = {};
  const investor = fresh();
  results["identity.register"] = await gasOf(asAgent.registerIdentity(investor, investor, COUNTRY_FR, expiry, true));
  const secondWallet = fresh();
  results["identity.register.secondWallet"] = await gasOf(
    asAgent.registerIdentity(secondWallet, investor, COUNTRY_FR, expiry, true),
  );
  results["identity.update"] = await gasOf(asAgent.updateIdentity(investor, COUNTRY_FR, expiry + 1n, true));
  results["identity.freeze"] = await gasOf(asAgent.setFrozen(investor, true));
  results["identity.remove"] = await gasOf(asAgent.removeIdentity(secondWallet));
  const batch = Array.from({ length: 10 }, fresh);
  const batchGas = await gasOf(
    asAgent.batchRegisterIdentity(
      batch,
      batch,
      batch.map(() => COUNTRY_FR),
      batch.map(() => expiry),
      batch.map(() => true),
    ),
  );
  results["identity.batchRegister.perWallet"] = Math.round(batchGas / batch.length);
  return results;
}
