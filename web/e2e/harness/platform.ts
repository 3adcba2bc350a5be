/**
 * What happens on other people's screens, on chain, during a browser journey: the manager launches a property
 * through the factory, the stablecoin issuer funds a wallet, the issuer finalizes. Every call goes through the
 * deployed contracts. Whitelisting is not here: the backend's compliance agent does it (see `kyc.ts`).
 *
 * The writes are the demo seed's (`@freehold/dev-kit/demo-chain`, what `npm start` does on chain): one
 * implementation of launching, funding, subscribing and depositing rent, with its nonce handling and receipt
 * timeouts. Reads stay in viem, typed from the ABIs, as the web app reads.
 */
import { abis } from "@freehold/deployments";
import { createPublicClient, getAddress, http, type Abi, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { InterfaceAbi } from "ethers";
import { DemoChain, PROPOSAL_KIND, VOTE, type GovernorTerms, type LaunchTerms } from "@freehold/dev-kit/demo-chain";
import type { DemoAccount } from "@freehold/dev-kit/accounts";
import { DEV_KEYS } from "./wallet";

export { USD } from "@freehold/dev-kit/demo-chain";

/** A harness wallet as the seed's account (the seed labels its errors with it). */
function accountOf(key: Hex): DemoAccount {
  const name = Object.entries(DEV_KEYS).find(([, k]) => k === key)?.[0] ?? "wallet";
  const address = privateKeyToAccount(key).address;
  return { index: -1, label: `${name} ${address}`, role: name, key, address };
}

export class Platform {
  readonly client;
  private readonly chain: DemoChain;

  constructor(
    readonly rpcUrl: string,
    readonly chainId: number,
    recordsDir: string,
  ) {
    this.client = createPublicClient({ transport: http(rpcUrl) });
    this.chain = new DemoChain(rpcUrl, chainId, recordsDir);
  }

  address(name: string): Address {
    return getAddress(this.chain.address(name));
  }

  /** One transaction from `key`, estimated first (a refused call fails here, naming the call) and awaited. */
  async send(key: Hex, address: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<void> {
    // The same JSON ABI for viem and ethers; their types disagree only on the obsolete `gas` field.
    await this.chain.send(accountOf(key), address, abi as unknown as InterfaceAbi, functionName, [...args]);
  }

  now(): Promise<bigint> {
    return this.chain.now();
  }

  /** The manager launches the registry property `propertyId` (token + offering, open for 7 days) in one factory transaction. */
  async launch(propertyId: string, terms: Omit<LaunchTerms, "days">): Promise<{ token: Address; offering: Address }> {
    const launched = await this.chain.launch(accountOf(DEV_KEYS.manager), propertyId, { ...terms, days: 7 });
    return { token: getAddress(launched.token), offering: getAddress(launched.offering) };
  }

  async isVerified(wallet: Address): Promise<boolean> {
    return this.read<boolean>(this.address("IdentityRegistry"), abis.IdentityRegistry, "isVerified", [wallet]);
  }

  /** The transaction that registered `wallet` in the identity registry, and who sent it (undefined while unregistered). */
  async identityRegistration(wallet: Address): Promise<{ hash: Hex; from: Address } | undefined> {
    const registry = this.address("IdentityRegistry");
    const logs = await this.client.getContractEvents({
      address: registry,
      abi: abis.IdentityRegistry,
      eventName: "IdentityRegistered",
      args: { wallet },
      fromBlock: 0n,
    });
    const last = logs.at(-1);
    if (!last) return undefined;
    const tx = await this.client.getTransaction({ hash: last.transactionHash });
    return { hash: last.transactionHash, from: getAddress(tx.from) };
  }

  /** The stablecoin issuer (the deployer) mints test USD to `wallet`. */
  async fund(wallet: Address, amount: bigint): Promise<void> {
    await this.chain.mintUsd(accountOf(DEV_KEYS.deployer), wallet, amount);
  }

  async finalize(offering: Address): Promise<void> {
    await this.chain.finalize(accountOf(DEV_KEYS.manager), offering);
  }

  /**
   * The manager deposits rent for the token's holders (funded, approve, then deposit), paying out the period whose
   * statement hashes to `statementHash`.
   */
  async depositRent(token: Address, amount: bigint, statementHash: Hex): Promise<void> {
    await this.fund(privateKeyToAccount(DEV_KEYS.manager).address, amount);
    await this.chain.depositRent(accountOf(DEV_KEYS.manager), token, amount, statementHash);
  }

  /** `key` buys `units` in the offering (approve + subscribe), as an investor would on their own screen. */
  async subscribe(key: Hex, offering: Address, units: bigint, pricePerUnit: bigint): Promise<void> {
    await this.chain.subscribe(accountOf(key), offering, units, pricePerUnit);
  }

  /** `key` claims its own units (the push `claimFor` by anyone delivers the same). */
  async claim(key: Hex, offering: Address): Promise<void> {
    await this.chain.claimFor(accountOf(key), offering, accountOf(key));
  }

  /** The chain's clock moves `seconds` forward (a block is mined then): a vote ends, a deadline passes. */
  async moveClockBy(seconds: number): Promise<void> {
    await this.chain.moveClockTo((await this.now()) + BigInt(seconds));
  }

  /** The manager launches the token's governor with `terms` and names it on the token; returns the governor. */
  async launchGovernor(token: Address, terms: GovernorTerms): Promise<Address> {
    return getAddress(await this.chain.launchGovernor(accountOf(DEV_KEYS.manager), token, terms));
  }

  /** The manager puts the sale of the property at `minimumPrice` or more to the holders' vote; returns its id. */
  proposeSale(governor: Address, minimumPrice: bigint, documentHash: Hex): Promise<bigint> {
    return this.chain.propose(accountOf(DEV_KEYS.manager), governor, {
      kind: PROPOSAL_KIND.sale,
      amount: minimumPrice,
      documentHash,
    });
  }

  /** `key` votes on `proposalId` as a holder would on its own screen. */
  vote(key: Hex, governor: Address, proposalId: bigint, choice: keyof typeof VOTE): Promise<void> {
    return this.chain.castVote(accountOf(key), governor, proposalId, VOTE[choice]);
  }

  /** Records the outcome of an ended vote (anyone may: the manager here); returns whether it was approved. */
  finalizeProposal(governor: Address, proposalId: bigint): Promise<boolean> {
    return this.chain.finalizeProposal(accountOf(DEV_KEYS.manager), governor, proposalId);
  }

  /** The manager launches the token's exit through the factory; returns the exit. */
  async launchExit(token: Address): Promise<Address> {
    return getAddress(await this.chain.launchExit(accountOf(DEV_KEYS.manager), token));
  }

  read<T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return this.client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  }
}
