/**
 * A small deployment runner: an ordered list of steps (deploy a contract, grant or revoke a role), each of which
 * first looks at the chain to decide whether it has anything to do.
 *
 * Why not Hardhat Ignition? Ignition's journal (`ignition/deployments/chain-<id>`) would be a second record of
 * what is deployed beside `deployments/addresses/<chainId>.json`, the one every part of the code base reads, and
 * the two can disagree. Ignition also trusts its journal: a local node restarted with the same chain id (31337)
 * makes it believe everything still exists. This runner keeps one record and verifies it against the chain on
 * every run (is the compiled code at the recorded address? does the account already hold the role?), so a
 * re-run deploys exactly what is missing, whatever happened in between. It is ~250 lines that read top to bottom.
 *
 * Crash safety: before a deployment transaction is sent, the record notes it as `pending` with the address it
 * will create (deployer + nonce); after confirmation the contract moves to `contracts`. A run that died in
 * between finds the contract at the predicted address on the next run and adopts it instead of deploying a
 * duplicate. Every write of the record is atomic (temp file + rename).
 */
import {
  Contract,
  ContractFactory,
  getAddress,
  getCreateAddress,
  type BaseContract,
  type Provider,
  type Signer,
  type TransactionReceipt,
} from "ethers";
import { readDeployment, writeDeployment } from "@freehold/deployments/node";
import type { DeployedContract, DeploymentRecord, PendingDeployment } from "@freehold/deployments";
import { compareCode, type ArtifactSource } from "./bytecode.js";
import { describeError } from "./errors.js";
import { waitForReceipt } from "./receipts.js";
import { roleId } from "./roles.js";

type Address = `0x${string}`;

/** Looks up the address of a platform contract deployed by an earlier step (or an earlier run). */
export type AddressOf = (key: string) => Address;

export interface DeployStep {
  kind: "deploy";
  /** Key in the record (`contracts[key]`). */
  key: string;
  /** Compiled contract name. */
  contract: string;
  /** Keys of the platform contracts wired into this one at construction. */
  dependsOn: readonly string[];
  args: (addressOf: AddressOf) => unknown[];
}

export interface RoleStep {
  kind: "role";
  action: "grant" | "revoke";
  /** Key of the contract holding the role. */
  target: string;
  role: string;
  /** An address, or `@Key` for a platform contract deployed by an earlier step. */
  account: string;
}

/** A configuration call, sent only when the chain disagrees with the wanted value. */
export interface CallStep {
  kind: "call";
  target: string;
  /** What the call establishes, e.g. "set the platform fee to 100 bps". */
  description: string;
  /** Reads the chain; returns the call to send, or `undefined` when the contract is already configured. */
  plan: (contract: Contract, addressOf: AddressOf) => Promise<{ method: string; args: unknown[] } | undefined>;
}

/** Writes what the chain says about something the platform uses but does not deploy (the payment stablecoin). */
export interface RecordStep {
  kind: "record";
  /** What is recorded, e.g. "payment token". */
  description: string;
  /** Reads the chain; returns the fields to write into the record, or `undefined` when the record already agrees. */
  plan: (
    record: Readonly<DeploymentRecord>,
    addressOf: AddressOf,
    provider: Provider,
  ) => Promise<{ update: Partial<DeploymentRecord>; detail: string } | undefined>;
}

export type Step = DeployStep | RoleStep | CallStep | RecordStep;

export type StepOutcome =
  "deployed" | "kept" | "adopted" | "granted" | "revoked" | "configured" | "recorded" | "unchanged";

export interface StepResult {
  step: string;
  outcome: StepOutcome;
  detail: string;
  gasUsed?: bigint;
}

export interface RunOptions {
  signer: Signer;
  artifacts: ArtifactSource;
  /** Network name, stored in the record. */
  networkName: string;
  /** Folder of the records (defaults to deployments/addresses). */
  recordDir?: string;
  /** Blocks to wait for after each transaction (1 = mined). */
  confirmations?: number;
  /** Record keys to deploy anew even if the recorded contract is fine. */
  redeploy?: readonly string[];
  /** Progress lines. */
  log?: (line: string) => void;
  /** Called just before each transaction is sent (tests use it to simulate a crash at a given step). */
  beforeSend?: (step: string) => void | Promise<void>;
  /** Called once a deployment transaction is sent, before it is recorded (tests simulate a crash there). */
  afterSend?: (step: string, transactionHash: string) => void | Promise<void>;
}

/** Names the step that failed; the record holds only what was confirmed, so a re-run continues from there. */
export class DeployStepError extends Error {
  override readonly name = "DeployStepError";
  constructor(
    readonly stepNumber: number,
    readonly step: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Step ${stepNumber} (${step}) failed: ${reason}. The deployment record lists only what was confirmed; ` +
        `fix the cause and run the deploy again to continue from this step.`,
      options,
    );
  }
}

export function describeStep(step: Step): string {
  if (step.kind === "deploy") return `deploy ${step.key}`;
  if (step.kind === "call") return `${step.target}: ${step.description}`;
  if (step.kind === "record") return `record the ${step.description}`;
  return `${step.action} ${step.role} on ${step.target} ${step.action === "grant" ? "to" : "from"} ${step.account}`;
}

function sameDependencies(a: Record<string, Address> | undefined, b: Record<string, Address>): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b)]);
  return [...keys].every((k) => a?.[k]?.toLowerCase() === b[k]?.toLowerCase());
}

/** The block and transaction that created `address` (a contract adopted after a crash), found by bisection. */
async function findCreation(
  provider: Provider,
  pending: PendingDeployment,
  from: number,
): Promise<{ blockNumber: number; transactionHash: Address }> {
  let low = from;
  let high = await provider.getBlockNumber();
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await provider.getCode(pending.address, mid)) === "0x") low = mid + 1;
    else high = mid;
  }
  const block = await provider.getBlock(low, true);
  const tx = block?.prefetchedTransactions.find(
    (t) => t.from.toLowerCase() === pending.deployer.toLowerCase() && t.nonce === pending.nonce,
  );
  return { blockNumber: low, transactionHash: (tx?.hash ?? "0x") as Address };
}

export class DeploymentRunner {
  private record!: DeploymentRecord;
  private readonly results: StepResult[] = [];
  private nextNonce = 0;

  constructor(private readonly options: RunOptions) {}

  private get provider(): Provider {
    const provider = this.options.signer.provider;
    if (!provider) throw new Error("The deployer signer has no provider");
    return provider;
  }

  private log(line: string): void {
    (this.options.log ?? console.log)(line);
  }

  private save(): void {
    this.record.updatedAt = new Date().toISOString();
    writeDeployment(this.record, this.options.recordDir);
  }

  private addressOf: AddressOf = (key) => {
    const entry = this.record.contracts[key];
    if (!entry) throw new Error(`${key} is not deployed yet (steps are out of order)`);
    return entry.address;
  };

  /** Runs every step in order; throws a `DeployStepError` naming the first one that fails. */
  async run(steps: readonly Step[]): Promise<{ record: DeploymentRecord; results: StepResult[] }> {
    const chainId = Number((await this.provider.getNetwork()).chainId);
    this.record = readDeployment(chainId, this.options.recordDir) ?? {
      chainId,
      network: this.options.networkName,
      updatedAt: new Date().toISOString(),
      contracts: {},
    };
    this.record.network = this.options.networkName;
    for (const [index, step] of steps.entries()) {
      const label = describeStep(step);
      const prefix = `[${String(index + 1).padStart(2)}/${steps.length}] ${label}`;
      this.log(`${prefix} ...`);
      try {
        const result =
          step.kind === "deploy"
            ? await this.deploy(step, label)
            : step.kind === "role"
              ? await this.role(step, label)
              : step.kind === "record"
                ? await this.note(step, label)
                : await this.call(step, label);
        this.results.push(result);
        this.log(`${prefix}: ${result.outcome} ${result.detail}`);
      } catch (error) {
        if (error instanceof DeployStepError) throw error;
        throw new DeployStepError(index + 1, label, describeError(error), { cause: error });
      }
    }
    return { record: this.record, results: this.results };
  }

  private async deploy(step: DeployStep, label: string): Promise<StepResult> {
    const artifact = await this.options.artifacts.readArtifact(step.contract);
    const dependencies = Object.fromEntries(step.dependsOn.map((k) => [k, this.addressOf(k)])) as Record<
      string,
      Address
    >;
    const deployer = getAddress(await this.options.signer.getAddress()) as Address;

    const existing = this.record.contracts[step.key];
    let why = "not deployed yet";
    if (existing && !this.options.redeploy?.includes(step.key)) {
      const check = compareCode(await this.provider.getCode(existing.address), artifact);
      if (check === "different") {
        throw new Error(
          `the code at the recorded ${step.key} ${existing.address} is not the compiled ${step.contract}; ` +
            `if replacing it is intended, re-run with --redeploy ${step.key}`,
        );
      }
      if (check === "match" && sameDependencies(existing.dependencies, dependencies)) {
        return { step: label, outcome: "kept", detail: existing.address };
      }
      why = check === "empty" ? `no code at recorded ${existing.address} (chain reset?)` : "a dependency changed";
    } else if (existing) {
      why = "--redeploy";
    }

    const pending = this.record.pending;
    if (
      pending?.key === step.key &&
      pending.deployer === deployer &&
      sameDependencies(pending.dependencies, dependencies)
    ) {
      if (compareCode(await this.provider.getCode(pending.address), artifact) === "match") {
        const creation = await findCreation(this.provider, pending, existing?.blockNumber ?? 0);
        this.record.contracts[step.key] = {
          address: pending.address,
          ...creation,
          contract: step.contract,
          deployer,
          dependencies,
        };
        delete this.record.pending;
        this.save();
        return { step: label, outcome: "adopted", detail: `${pending.address} (sent by an interrupted run)` };
      }
      const mined = await this.provider.getTransactionCount(deployer, "latest");
      if (mined <= pending.nonce && (await this.provider.getTransactionCount(deployer, "pending")) > pending.nonce) {
        throw new Error(
          `the deployment sent by an earlier run (nonce ${pending.nonce}) is still waiting to be mined; re-run once it is`,
        );
      }
    }

    const args = step.args(this.addressOf);
    const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, this.options.signer);
    const nonce = await this.takeNonce(deployer);
    const address = getCreateAddress({ from: deployer, nonce }) as Address;
    this.record.pending = { key: step.key, contract: step.contract, deployer, nonce, address, dependencies };
    this.save();
    await this.options.beforeSend?.(label);

    let sent: BaseContract;
    try {
      sent = await factory.deploy(...args, { nonce });
    } catch (error) {
      // The node refused the transaction: nothing was sent, so nothing is pending.
      delete this.record.pending;
      this.save();
      throw error;
    }
    await this.options.afterSend?.(label, sent.deploymentTransaction()!.hash);
    let receipt: TransactionReceipt | null;
    try {
      receipt = await waitForReceipt(sent.deploymentTransaction()!, this.options.confirmations ?? 1);
    } catch (error) {
      // Mined but reverted: nothing was created. Any other failure (timeout, lost connection) leaves the
      // pending entry, so the next run adopts the contract if the transaction lands.
      if ((error as { receipt?: unknown }).receipt) {
        delete this.record.pending;
        this.save();
      }
      throw error;
    }
    if (!receipt || getAddress(receipt.contractAddress ?? "0x") !== address) {
      throw new Error(`deployment receipt does not show a contract at ${address}`);
    }
    const entry: DeployedContract = {
      address,
      blockNumber: receipt.blockNumber,
      transactionHash: receipt.hash as Address,
      deployer,
      dependencies,
      ...(step.contract === step.key ? {} : { contract: step.contract }),
    };
    this.record.contracts[step.key] = entry;
    delete this.record.pending;
    this.save();
    return { step: label, outcome: "deployed", detail: `${address} (${why})`, gasUsed: receipt.gasUsed };
  }

  private async contractAt(key: string): Promise<Contract> {
    const entry = this.record.contracts[key];
    if (!entry) throw new Error(`${key} is not deployed`);
    const artifact = await this.options.artifacts.readArtifact(entry.contract ?? key);
    return new Contract(entry.address, artifact.abi as never[], this.options.signer);
  }

  /**
   * The nonce for the next transaction. Some nodes (anvil) report the pending count a moment late right after a
   * receipt, so never go below the nonce after our own last transaction.
   */
  private async takeNonce(account: string): Promise<number> {
    const nonce = Math.max(await this.provider.getTransactionCount(account, "pending"), this.nextNonce);
    this.nextNonce = nonce + 1;
    return nonce;
  }

  private async send(contract: Contract, method: string, args: unknown[]): Promise<TransactionReceipt> {
    const nonce = await this.takeNonce(await this.options.signer.getAddress());
    const tx = await contract.getFunction(method)(...args, { nonce });
    return (await waitForReceipt(tx, this.options.confirmations ?? 1)) as TransactionReceipt;
  }

  private async call(step: CallStep, label: string): Promise<StepResult> {
    const contract = await this.contractAt(step.target);
    const call = await step.plan(contract, this.addressOf);
    if (!call) return { step: label, outcome: "unchanged", detail: "already set" };
    await this.options.beforeSend?.(label);
    const receipt = await this.send(contract, call.method, call.args);
    return {
      step: label,
      outcome: "configured",
      detail: `${call.method} tx ${receipt.hash}`,
      gasUsed: receipt.gasUsed,
    };
  }

  private async note(step: RecordStep, label: string): Promise<StepResult> {
    const planned = await step.plan(this.record, this.addressOf, this.provider);
    if (!planned) return { step: label, outcome: "unchanged", detail: "already recorded" };
    Object.assign(this.record, planned.update);
    this.save();
    return { step: label, outcome: "recorded", detail: planned.detail };
  }

  private async role(step: RoleStep, label: string): Promise<StepResult> {
    const contract = await this.contractAt(step.target);
    const id = roleId(step.role);
    const account = step.account.startsWith("@") ? this.addressOf(step.account.slice(1)) : getAddress(step.account);
    const has = (await contract.getFunction("hasRole")(id, account)) as boolean;
    if (has === (step.action === "grant"))
      return { step: label, outcome: "unchanged", detail: has ? "already held" : "not held" };
    await this.options.beforeSend?.(label);
    const self = getAddress(await this.options.signer.getAddress()) === account;
    const method = step.action === "grant" ? "grantRole" : self ? "renounceRole" : "revokeRole";
    const receipt = await this.send(contract, method, [id, account]);
    return {
      step: label,
      outcome: step.action === "grant" ? "granted" : "revoked",
      detail: `tx ${receipt.hash}`,
      gasUsed: receipt.gasUsed,
    };
  }
}
