/**
 * The reference implementation of ERC-3643, T-REX 4.1.6 with OnchainID 2.2.1, deployed from the published npm
 * artifacts (bytecode in the packages' JSON; never compiled here, never part of the product), set up as T-REX's
 * own test fixture does: implementations behind a TREXImplementationAuthority, a TREXFactory, an OnchainID
 * IdFactory, one claim topic with one trusted ClaimIssuer, and two shared compliance modules (country allow-list
 * and max balance), so a transfer runs comparable rules to Freehold's.
 *
 * Measured: `trex.launch` (TREXFactory.deployTREXSuite: token, identity registry + storage, trusted issuers and
 * claim topics registries, modular compliance with the two modules configured, token OnchainID; `trex.launch.bare`
 * is the same without modules and claim requirements), `trex.onboard` (investor identity contract
 * created by the IdFactory + KYC claim added + registered in the identity registry; each step is also reported),
 * `trex.issue` (mint), `trex.transfer.existing` / `.new`, `trex.forced` (forcedTransfer), `trex.redeem` (burn).
 */
import { createRequire } from "node:module";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  AbiCoder,
  Contract,
  ContractFactory,
  getBytes,
  keccak256,
  toUtf8Bytes,
  ZeroAddress,
  type InterfaceAbi,
} from "ethers";
import { gasOf, type GasResults } from "./measure.js";

const require = createRequire(import.meta.url);

interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}

const trexArtifact = (path: string): Artifact =>
  require(`@tokenysolutions/t-rex/artifacts/contracts/${path}.json`) as Artifact;
const onchainIdArtifact = (path: string): Artifact =>
  require(`@onchain-id/solidity/artifacts/contracts/${path}.json`) as Artifact;

const TREX = {
  Token: trexArtifact("token/Token.sol/Token"),
  ClaimTopicsRegistry: trexArtifact("registry/implementation/ClaimTopicsRegistry.sol/ClaimTopicsRegistry"),
  TrustedIssuersRegistry: trexArtifact("registry/implementation/TrustedIssuersRegistry.sol/TrustedIssuersRegistry"),
  IdentityRegistryStorage: trexArtifact("registry/implementation/IdentityRegistryStorage.sol/IdentityRegistryStorage"),
  IdentityRegistry: trexArtifact("registry/implementation/IdentityRegistry.sol/IdentityRegistry"),
  ModularCompliance: trexArtifact("compliance/modular/ModularCompliance.sol/ModularCompliance"),
  TREXImplementationAuthority: trexArtifact(
    "proxy/authority/TREXImplementationAuthority.sol/TREXImplementationAuthority",
  ),
  TREXFactory: trexArtifact("factory/TREXFactory.sol/TREXFactory"),
  ModuleProxy: trexArtifact("compliance/modular/modules/ModuleProxy.sol/ModuleProxy"),
  CountryAllowModule: trexArtifact("compliance/modular/modules/CountryAllowModule.sol/CountryAllowModule"),
  MaxBalanceModule: trexArtifact("compliance/modular/modules/MaxBalanceModule.sol/MaxBalanceModule"),
};
const ONCHAINID = {
  Identity: onchainIdArtifact("Identity.sol/Identity"),
  ImplementationAuthority: onchainIdArtifact("proxy/ImplementationAuthority.sol/ImplementationAuthority"),
  IdFactory: onchainIdArtifact("factory/IdFactory.sol/IdFactory"),
  ClaimIssuer: onchainIdArtifact("ClaimIssuer.sol/ClaimIssuer"),
};

const KYC_TOPIC = BigInt(keccak256(toUtf8Bytes("CLAIM_TOPIC_KYC")));
const COUNTRY = 250; // the same country the Freehold scenario uses
const coder = AbiCoder.defaultAbiCoder();

async function deploy(artifact: Artifact, signer: HardhatEthersSigner, ...args: unknown[]): Promise<Contract> {
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

/** The T-REX platform (shared by every token it launches), as T-REX's test fixture deploys it. */
async function deployPlatform(deployer: HardhatEthersSigner, claimSigner: HardhatEthersSigner) {
  const impls = {
    tokenImplementation: await deploy(TREX.Token, deployer),
    ctrImplementation: await deploy(TREX.ClaimTopicsRegistry, deployer),
    irImplementation: await deploy(TREX.IdentityRegistry, deployer),
    irsImplementation: await deploy(TREX.IdentityRegistryStorage, deployer),
    tirImplementation: await deploy(TREX.TrustedIssuersRegistry, deployer),
    mcImplementation: await deploy(TREX.ModularCompliance, deployer),
  };
  const authority = await deploy(TREX.TREXImplementationAuthority, deployer, true, ZeroAddress, ZeroAddress);
  const addresses = Object.fromEntries(
    await Promise.all(Object.entries(impls).map(async ([k, c]) => [k, await c.getAddress()] as const)),
  );
  await (await authority.getFunction("addAndUseTREXVersion")({ major: 4, minor: 0, patch: 0 }, addresses)).wait();

  const identityImpl = await deploy(ONCHAINID.Identity, deployer, deployer.address, true);
  const identityAuthority = await deploy(ONCHAINID.ImplementationAuthority, deployer, await identityImpl.getAddress());
  const idFactory = await deploy(ONCHAINID.IdFactory, deployer, await identityAuthority.getAddress());
  const trexFactory = await deploy(
    TREX.TREXFactory,
    deployer,
    await authority.getAddress(),
    await idFactory.getAddress(),
  );
  await (await idFactory.getFunction("addTokenFactory")(await trexFactory.getAddress())).wait();

  // The KYC provider's claim issuer, with a claim-signing key (purpose 3, ECDSA).
  const claimIssuer = await deploy(ONCHAINID.ClaimIssuer, deployer, deployer.address);
  const signingKey = keccak256(coder.encode(["address"], [claimSigner.address]));
  await (await claimIssuer.getFunction("addKey")(signingKey, 3, 1)).wait();

  // Compliance modules are shared singletons behind proxies.
  const countryImpl = await deploy(TREX.CountryAllowModule, deployer);
  const maxBalanceImpl = await deploy(TREX.MaxBalanceModule, deployer);
  const init = "0x8129fc1c"; // initialize()
  const countryModule = await deploy(TREX.ModuleProxy, deployer, await countryImpl.getAddress(), init);
  const maxBalanceModule = await deploy(TREX.ModuleProxy, deployer, await maxBalanceImpl.getAddress(), init);
  return { trexFactory, idFactory, claimIssuer, countryModule, maxBalanceModule };
}

export async function benchTrex(ethers: HardhatEthers): Promise<GasResults> {
  const signers = await ethers.getSigners();
  const [deployer, agent, claimSigner, alice, bob, carol] = signers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const platform = await deployPlatform(deployer, claimSigner);
  const countryIface = new ContractFactory(TREX.CountryAllowModule.abi, "0x").interface;
  const maxBalanceIface = new ContractFactory(TREX.MaxBalanceModule.abi, "0x").interface;
  const results: GasResults = {};

  // Launch one token suite.
  const salt = "freehold-bench";
  results["trex.launch"] = await gasOf(
    platform.trexFactory.getFunction("deployTREXSuite")(
      salt,
      {
        owner: deployer.address,
        name: "T-REX Property",
        symbol: "TRP",
        decimals: 0,
        irs: ZeroAddress,
        ONCHAINID: ZeroAddress,
        irAgents: [agent.address],
        tokenAgents: [agent.address],
        complianceModules: [await platform.countryModule.getAddress(), await platform.maxBalanceModule.getAddress()],
        complianceSettings: [
          countryIface.encodeFunctionData("batchAllowCountries", [[COUNTRY]]),
          maxBalanceIface.encodeFunctionData("setMaxBalance", [1_000_000n]),
        ],
      },
      { claimTopics: [KYC_TOPIC], issuers: [await platform.claimIssuer.getAddress()], issuerClaims: [[KYC_TOPIC]] },
    ),
  );
  // For reference, the same suite with no compliance module and no claim requirement.
  results["trex.launch.bare"] = await gasOf(
    platform.trexFactory.getFunction("deployTREXSuite")(
      `${salt}-bare`,
      {
        owner: deployer.address,
        name: "T-REX Bare",
        symbol: "TRB",
        decimals: 0,
        irs: ZeroAddress,
        ONCHAINID: ZeroAddress,
        irAgents: [agent.address],
        tokenAgents: [agent.address],
        complianceModules: [],
        complianceSettings: [],
      },
      { claimTopics: [], issuers: [], issuerClaims: [] },
    ),
  );
  const tokenAddress = (await platform.trexFactory.getFunction("getToken")(salt)) as string;
  const token = new Contract(tokenAddress, TREX.Token.abi, agent);
  const registry = new Contract(
    (await token.getFunction("identityRegistry")()) as string,
    TREX.IdentityRegistry.abi,
    agent,
  );
  await (await token.getFunction("unpause")()).wait();

  // Onboard an investor: identity contract, KYC claim signed by the claim issuer's key, registration.
  const onboard = async (investor: HardhatEthersSigner, record: boolean): Promise<void> => {
    const created = await gasOf(
      platform.idFactory.getFunction("createIdentity")(investor.address, `investor-${investor.address}`),
    );
    const identityAddress = (await platform.idFactory.getFunction("getIdentity")(investor.address)) as string;
    const identity = new Contract(identityAddress, ONCHAINID.Identity.abi, investor);
    const data = "0x";
    const digest = keccak256(coder.encode(["address", "uint256", "bytes"], [identityAddress, KYC_TOPIC, data]));
    const signature = await claimSigner.signMessage(getBytes(digest));
    const claimed = await gasOf(
      identity.getFunction("addClaim")(KYC_TOPIC, 1, await platform.claimIssuer.getAddress(), signature, data, ""),
    );
    const registered = await gasOf(
      registry.getFunction("registerIdentity")(investor.address, identityAddress, COUNTRY),
    );
    if (record) {
      results["trex.onboard.createIdentity"] = created;
      results["trex.onboard.addClaim"] = claimed;
      results["trex.onboard.registerIdentity"] = registered;
      results["trex.onboard"] = created + claimed + registered;
    }
  };
  await onboard(alice, true);
  await onboard(bob, false);
  await onboard(carol, false);

  results["trex.issue"] = await gasOf(token.getFunction("mint")(alice.address, 1_000n));
  await (await token.getFunction("mint")(bob.address, 1_000n)).wait();
  const asAlice = token.connect(alice) as Contract;
  await (await asAlice.getFunction("transfer")(bob.address, 1n)).wait(); // warm-up, as in every scenario
  results["trex.transfer.existing"] = await gasOf(asAlice.getFunction("transfer")(bob.address, 10n));
  results["trex.transfer.new"] = await gasOf(asAlice.getFunction("transfer")(carol.address, 10n));
  results["trex.forced"] = await gasOf(token.getFunction("forcedTransfer")(alice.address, bob.address, 10n));
  results["trex.redeem"] = await gasOf(token.getFunction("burn")(alice.address, 10n));
  return results;
}
