/**
 * What the demo people do on chain, through the deployed contracts (addresses from the deployment record the
 * deploy script wrote, ABIs from the deployments package): mint test USD, launch a property, subscribe, finalize,
 * push every claim, release the proceeds, deposit rent (naming the period statement it pays out) and claim it; holder
 * votes and the exit (issue 19): launch a token's governor, propose, vote, finalize, launch its exit, deposit a sale's
 * proceeds and redeem. Money is the record's payment stablecoin, reached through the standard ERC-20 ABI;
 * only minting needs a test coin (the TestStablecoin, or a test mock deployed apart with the same `mint`).
 */
import {
  Contract,
  Interface,
  JsonRpcProvider,
  sha256,
  toUtf8Bytes,
  Wallet,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type TransactionReceipt,
} from "ethers";
import { abis, erc20Abi, paymentTokenOf, type PaymentTokenRecord } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { propertyIdToBytes32 } from "@freehold/deployments/property-id";
import type { DemoAccount } from "./accounts.js";

export const USD = 1_000_000n;

/**
 * A stand-in for the SHA-256 of a closed period's statement (what a rent deposit pays out), for demo and test
 * deposits made without the backend's period: the SHA-256 of `label`, so distinct labels give distinct periods.
 */
export function demoStatementHash(label: string): string {
  return sha256(toUtf8Bytes(label));
}

export interface LaunchTerms {
  name: string;
  symbol: string;
  pricePerUnit: bigint;
  softCap: bigint;
  hardCap: bigint;
  minTicket: bigint;
  maxTicket: bigint;
  days: number;
}

/** A governor's terms (`GovernorTerms`: the factory refuses a voting period outside 1 to 90 days). */
export interface GovernorTerms {
  votingPeriod: number;
  quorumBps: number;
  approvalBps: number;
  proposerThreshold: bigint;
}

/** `ProposalKind` of IPropertyGovernor.sol. */
export const PROPOSAL_KIND = { sale: 0, refinance: 1, managerChange: 2, capitalExpenditure: 3, decision: 4 } as const;
/** `VoteChoice` of IPropertyGovernor.sol. */
export const VOTE = { against: 0, for: 1, abstain: 2 } as const;

/** The first log of `receipt` that `abi` names `event`, decoded: what a transaction reports of what it made. */
function eventOf(receipt: TransactionReceipt, abi: InterfaceAbi, event: string): Record<string, unknown> {
  const iface = new Interface(abi);
  for (const log of receipt.logs) {
    const parsed = iface.parseLog(log);
    if (parsed?.name === event) return parsed.args.toObject() as Record<string, unknown>;
  }
  throw new Error(`the transaction emitted no ${event} event`);
}

export class DemoChain {
  readonly provider: JsonRpcProvider;
  private readonly signers = new Map<string, Wallet>();
  /** Next nonce per account after our own last transaction (a node may report the pending count late). */
  private readonly nextNonce = new Map<string, number>();

  constructor(
    rpcUrl: string,
    readonly chainId: number,
    private readonly recordDir: string,
  ) {
    // No response cache (ethers shares identical requests for 250 ms): a transaction count asked for just before
    // another signer of the same account sent a transaction would be stale, and its next send 'nonce too low'.
    this.provider = new JsonRpcProvider(rpcUrl, chainId, {
      staticNetwork: true,
      pollingInterval: 100,
      cacheTimeout: -1,
    });
  }

  /** The stablecoin offerings and rent are paid in, as the deploy recorded it. */
  paymentToken(): PaymentTokenRecord {
    const record = readDeployment(this.chainId, this.recordDir);
    if (!record) throw new Error(`no deployment record for chain ${this.chainId} in ${this.recordDir}`);
    return paymentTokenOf(record);
  }

  address(key: string): string {
    const address = readDeployment(this.chainId, this.recordDir)?.contracts[key]?.address;
    if (!address) throw new Error(`${key} is not in the deployment record ${this.recordDir}`);
    return address;
  }

  private signer(account: DemoAccount): Wallet {
    let signer = this.signers.get(account.address);
    if (!signer) {
      signer = new Wallet(account.key, this.provider);
      this.signers.set(account.address, signer);
    }
    return signer;
  }

  contract(address: string, abi: InterfaceAbi, as?: DemoAccount): Contract {
    return new Contract(address, abi, as ? this.signer(as) : this.provider);
  }

  /**
   * Sends one transaction and waits for its receipt. The nonce is taken only once the call is known to be valid
   * (a call that would revert fails in gas estimation and leaves no gap that would stall the next one), and a
   * receipt that does not come within `timeoutMs` is an error naming the call, never a silent hang.
   */
  async send(
    as: DemoAccount,
    address: string,
    abi: InterfaceAbi,
    method: string,
    args: unknown[],
    timeoutMs = 120_000,
  ): Promise<TransactionReceipt> {
    const fn = this.contract(address, abi, as).getFunction(method);
    const gasLimit = await fn.estimateGas(...args);
    const pending = await this.provider.getTransactionCount(as.address, "pending");
    const nonce = Math.max(pending, this.nextNonce.get(as.address) ?? 0);
    const tx = (await fn(...args, { nonce, gasLimit: (gasLimit * 12n) / 10n })) as ContractTransactionResponse;
    this.nextNonce.set(as.address, nonce + 1);
    const receipt = await tx.wait(1, timeoutMs).catch(async (error: unknown) => {
      // ethers waits on its block-polling events, which a starved process can miss: ask the node itself before
      // giving up, and name what the node says about the sender and the fees when it really was not mined.
      const mined = await this.provider.getTransactionReceipt(tx.hash);
      if (mined) return mined;
      const [latest, queued, block] = await Promise.all([
        this.provider.getTransactionCount(as.address, "latest"),
        this.provider.getTransactionCount(as.address, "pending"),
        this.provider.getBlock("latest"),
      ]);
      throw new Error(
        `${method} by ${as.label} (nonce ${nonce}, tx ${tx.hash}): ${(error as Error).message}; node: ` +
          `mined nonce ${latest}, pending ${queued}, base fee ${block?.baseFeePerGas}, tx max fee ${tx.maxFeePerGas}`,
      );
    });
    if (!receipt || receipt.status !== 1) throw new Error(`${method} by ${as.label} reverted (tx ${tx.hash})`);
    return receipt;
  }

  /** The latest block's time (asked of the node each time: ethers' getBlock would answer a cached block). */
  async now(): Promise<bigint> {
    const latest = (await this.provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    return BigInt(latest.timestamp);
  }

  /**
   * Moves the chain's clock forward to `at` (unix seconds): a block is mined at that time and later blocks follow
   * the wall clock from there (anvil, hardhat node). A time the chain has passed already leaves the clock alone and
   * answers false: a chain never goes back, so on one that started in the present the demo's past happens now.
   */
  async moveClockTo(at: bigint): Promise<boolean> {
    if (at <= (await this.now())) return false;
    await this.provider.send("evm_setNextBlockTimestamp", [Number(at)]);
    await this.provider.send("evm_mine", []);
    return true;
  }

  /** Test money only: `mint(to, amount)` exists on the TestStablecoin and the test mocks, never on a real stablecoin. */
  mintUsd(admin: DemoAccount, to: string, amount: bigint): Promise<TransactionReceipt> {
    return this.send(admin, this.paymentToken().address, abis.TestStablecoin, "mint", [to, amount]);
  }

  async usdBalance(wallet: string): Promise<bigint> {
    return (await this.contract(this.paymentToken().address, erc20Abi).getFunction("balanceOf")(wallet)) as bigint;
  }

  async isVerified(wallet: string): Promise<boolean> {
    return (await this.contract(this.address("IdentityRegistry"), abis.IdentityRegistry).getFunction("isVerified")(
      wallet,
    )) as boolean;
  }

  /** The compliance agent's direct registration (only when the backend's agent is not running). */
  async registerIdentity(agent: DemoAccount, wallet: string, country: number, expiry: bigint): Promise<void> {
    await this.send(agent, this.address("IdentityRegistry"), abis.IdentityRegistry, "registerIdentity", [
      wallet,
      wallet,
      country,
      expiry,
      false,
    ]);
  }

  /** The manager launches a registry property: token + offering in one factory transaction. */
  async launch(
    manager: DemoAccount,
    propertyId: string,
    terms: LaunchTerms,
  ): Promise<{ token: string; offering: string }> {
    const now = await this.now();
    const receipt = await this.send(
      manager,
      this.address("PropertyTokenFactory"),
      abis.PropertyTokenFactory,
      "launch",
      [
        {
          propertyId: propertyIdToBytes32(propertyId),
          name: terms.name,
          symbol: terms.symbol,
          partition: `0x${"0".repeat(64)}`,
          paymentToken: this.paymentToken().address,
          pricePerUnit: terms.pricePerUnit,
          softCap: terms.softCap,
          hardCap: terms.hardCap,
          minTicket: terms.minTicket,
          maxTicket: terms.maxTicket,
          startTime: now,
          endTime: now + BigInt(terms.days) * 86_400n,
          treasury: manager.address,
        },
      ],
    );
    const factory = new Interface(abis.PropertyTokenFactory);
    for (const log of receipt.logs) {
      const parsed = factory.parseLog(log);
      if (parsed?.name === "PropertyLaunched")
        return { token: parsed.args["token"] as string, offering: parsed.args["offering"] as string };
    }
    throw new Error("the launch emitted no PropertyLaunched event");
  }

  /** Approve, then subscribe (the two-step path every wallet supports). */
  async subscribe(investor: DemoAccount, offering: string, units: bigint, pricePerUnit: bigint): Promise<void> {
    await this.send(investor, this.paymentToken().address, erc20Abi, "approve", [offering, units * pricePerUnit]);
    await this.send(investor, offering, abis.PropertyOffering, "subscribe", [units]);
  }

  async finalize(manager: DemoAccount, offering: string): Promise<void> {
    await this.send(manager, offering, abis.PropertyOffering, "finalize", []);
  }

  /** Delivers a subscriber's units (anyone may push a claim after finalization: the operator does it for everyone). */
  async claimFor(operator: DemoAccount, offering: string, investor: DemoAccount): Promise<void> {
    await this.send(operator, offering, abis.PropertyOffering, "claimFor", [investor.address]);
  }

  /** Releases the proceeds of the claimed units to the treasury and the fee (finalize itself moves no money). */
  async releaseProceeds(operator: DemoAccount, offering: string): Promise<void> {
    await this.send(operator, offering, abis.PropertyOffering, "releaseProceeds", []);
  }

  /** Deposits `amount` of rent for `token` as the payout of the period whose statement hashes to `statementHash`. */
  async depositRent(manager: DemoAccount, token: string, amount: bigint, statementHash: string): Promise<void> {
    const distributor = this.address("RentDistributor");
    await this.send(manager, this.paymentToken().address, erc20Abi, "approve", [distributor, amount]);
    await this.send(manager, distributor, abis.RentDistributor, "deposit", [token, amount, statementHash]);
  }

  async claimRent(holder: DemoAccount, token: string): Promise<void> {
    await this.send(holder, this.address("RentDistributor"), abis.RentDistributor, "claim", [token]);
  }

  /**
   * The manager launches the token's holder-vote governor through the factory and names it on the token (the token
   * takes it from its admin only, once): votes are possible from then on.
   */
  async launchGovernor(manager: DemoAccount, token: string, terms: GovernorTerms): Promise<string> {
    const receipt = await this.send(
      manager,
      this.address("PropertyTokenFactory"),
      abis.PropertyTokenFactory,
      "launchGovernor",
      [token, terms],
    );
    const governor = eventOf(receipt, abis.PropertyTokenFactory, "GovernorLaunched")["governor"] as string;
    await this.send(manager, token, abis.PropertyToken, "setGovernor", [governor]);
    return governor;
  }

  /** Puts a proposal to the holders' vote (`amount`/`account` as its kind needs, zero otherwise); returns its id. */
  async propose(
    proposer: DemoAccount,
    governor: string,
    proposal: { kind: number; amount?: bigint; account?: string; documentHash: string },
  ): Promise<bigint> {
    const receipt = await this.send(proposer, governor, abis.PropertyGovernor, "propose", [
      proposal.kind,
      proposal.amount ?? 0n,
      proposal.account ?? `0x${"0".repeat(40)}`,
      proposal.documentHash,
    ]);
    return eventOf(receipt, abis.PropertyGovernor, "ProposalCreated")["proposalId"] as bigint;
  }

  async castVote(voter: DemoAccount, governor: string, proposalId: bigint, choice: number): Promise<void> {
    await this.send(voter, governor, abis.PropertyGovernor, "castVote", [proposalId, choice]);
  }

  /** Records the outcome of a vote that has ended (anyone may); returns whether it was approved. */
  async finalizeProposal(operator: DemoAccount, governor: string, proposalId: bigint): Promise<boolean> {
    const receipt = await this.send(operator, governor, abis.PropertyGovernor, "finalize", [proposalId]);
    return eventOf(receipt, abis.PropertyGovernor, "ProposalFinalized")["approved"] as boolean;
  }

  /** The governor's `proposal(id).endTime`: votes are taken while the block's time is before it. */
  async proposalEnd(governor: string, proposalId: bigint): Promise<bigint> {
    const proposal = (await this.contract(governor, abis.PropertyGovernor).getFunction("proposal")(proposalId)) as {
      endTime: bigint;
    };
    return proposal.endTime;
  }

  /** The manager launches the token's exit through the factory (after its governor); the factory names it on the token. */
  async launchExit(manager: DemoAccount, token: string): Promise<string> {
    const factory = this.address("PropertyTokenFactory");
    const receipt = await this.send(manager, factory, abis.PropertyTokenFactory, "launchExit", [token]);
    return eventOf(receipt, abis.PropertyTokenFactory, "ExitLaunched")["exit"] as string;
  }

  /** The manager deposits the approved sale's proceeds (approve, then deposit): the token closes for good. */
  async depositProceeds(manager: DemoAccount, exit: string, proposalId: bigint, amount: bigint): Promise<void> {
    await this.send(manager, this.paymentToken().address, erc20Abi, "approve", [exit, amount]);
    await this.send(manager, exit, abis.PropertyExit, "depositProceeds", [proposalId, amount]);
  }

  /** A holder redeems all its units at the exit; returns what it was paid. */
  async redeem(holder: DemoAccount, exit: string): Promise<bigint> {
    const receipt = await this.send(holder, exit, abis.PropertyExit, "redeem", []);
    return eventOf(receipt, abis.PropertyExit, "Redeemed")["payout"] as bigint;
  }

  async balanceOf(token: string, holder: string): Promise<bigint> {
    return (await this.contract(token, abis.PropertyToken).getFunction("balanceOf")(holder)) as bigint;
  }

  destroy(): void {
    this.provider.destroy();
  }
}
