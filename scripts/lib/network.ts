/**
 * Opens a configured network by name for a script, with the account that signs. `dryRun` rehearses on a local
 * in-process fork of that network instead: same chain id, same state, and the real deployer impersonated (its
 * real balance too), so a rehearsal fails where the real run would, and nothing reaches the real network.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkManager } from "hardhat/types/network";
import { OperatorError } from "@freehold/dev-kit/deploy";

export interface OpenedNetwork {
  ethers: HardhatEthers;
  signer: HardhatEthersSigner;
  chainId: number;
  networkName: string;
  /** An in-process simulated chain (Hardhat's `default`): it vanishes when the command exits. */
  simulated: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  dryRun?: boolean;
  /** Sign with this configured account instead of the first one. */
  from?: string;
  /** Another RPC URL for an http network (tests point `localhost` at a node on an ephemeral port). */
  url?: string;
}

async function pickSigner(
  ethers: HardhatEthers,
  networkName: string,
  from: string | undefined,
): Promise<HardhatEthersSigner> {
  const signers = await ethers.getSigners();
  if (signers.length === 0) {
    throw new OperatorError(
      `No account is configured for network ${networkName}: set its key in the environment ` +
        `(e.g. SEPOLIA_DEPLOYER_KEY) or in Hardhat's keystore (npx hardhat keystore set SEPOLIA_DEPLOYER_KEY)`,
    );
  }
  if (!from) return signers[0]!;
  const wanted = signers.find((s) => s.address.toLowerCase() === from.toLowerCase());
  if (!wanted) throw new OperatorError(`Account ${from} is not configured for network ${networkName}`);
  return wanted;
}

export async function openNetwork(
  manager: NetworkManager,
  networkName: string,
  options: OpenOptions = {},
): Promise<OpenedNetwork> {
  const override = options.url ? { url: options.url } : undefined;
  let connection;
  try {
    connection = await manager.create({ network: networkName, override });
  } catch (error) {
    throw new OperatorError(`Cannot open network ${networkName}: ${(error as Error).message.split("\n")[0]}`);
  }
  const chainId = Number((await connection.ethers.provider.getNetwork()).chainId);
  const signer = await pickSigner(connection.ethers, networkName, options.from);
  if (!options.dryRun) {
    return {
      ethers: connection.ethers,
      signer,
      chainId,
      networkName,
      simulated: connection.networkConfig.type !== "http",
      close: () => connection.close(),
    };
  }

  const config = connection.networkConfig;
  if (config.type !== "http") {
    await connection.close();
    throw new OperatorError(
      `--dry-run rehearses a remote network on a local fork; ${networkName} is already simulated in process`,
    );
  }
  const url = await config.url.get();
  const deployer = signer.address;
  await connection.close();
  const fork = await manager.create({
    network: "default",
    override: { chainId, forking: { url, enabled: true } },
  });
  const forkSigner = await fork.ethers.getImpersonatedSigner(deployer);
  return {
    ethers: fork.ethers,
    signer: forkSigner,
    chainId,
    networkName: `${networkName} (dry run on a fork)`,
    simulated: true,
    close: () => fork.close(),
  };
}
