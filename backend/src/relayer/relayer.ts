/**
 * The relayer of gasless investor actions (issue 20): takes an investor's signed ERC-2771 forwarder request, checks
 * it, and submits `FreeholdForwarder.execute(request)` from the backend's relayer key through the crash-safe sender
 * (src/chain/sender.ts), paying the gas. The checks, cheapest first, each a refusal that writes and sends nothing:
 * the signer is the signed-in user's wallet; the per-user rate limit; the target is a Freehold contract and the
 * function is on the allow-list (allow-list.ts), with no value; the forwarder's own `verify` (signature, nonce,
 * deadline, trusted target); a simulation of the call as the forwarder makes it (so a request that would revert is
 * refused with the target's decoded error); then, in ONE database transaction, the user's daily gas budget (under a
 * per-user lock, so two concurrent requests cannot both spend what only one fits), the signed transaction and the
 * relay row. After commit the transaction is broadcast; a crash before that is healed by `tick` (same bytes).
 */
import { abis, freeholdForwarderAbi } from "@freehold/deployments/abi";
import { concat, encodeFunctionData, getAddress, type Abi, type Hex, type PublicClient } from "viem";
import { revertReason } from "../chain/compliance-agent.ts";
import { repeatEvery } from "../chain/every.ts";
import type { SenderLogger, TransactionSender } from "../chain/sender.ts";
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  RuleViolationError,
  ServiceUnavailableError,
} from "../core/errors.ts";
import type { Db, Tx } from "../db/client.ts";
import { allowedFunction, RELAYABLE_KINDS } from "./allow-list.ts";
import { UserRateLimiter } from "./rate-limit.ts";

/** What the wallet signed (`ForwardRequestData` plus the nonce it signed with). */
export interface RelayRequestInput {
  from: `0x${string}`;
  to: `0x${string}`;
  value: bigint;
  gas: bigint;
  nonce: bigint;
  deadline: bigint;
  data: Hex;
  signature: Hex;
}

export type RelayStatus = "SUBMITTED" | "CONFIRMED" | "REVERTED" | "DROPPED";

export interface RelayView {
  id: string;
  status: RelayStatus;
  txHash: Hex;
  gasUsed: string | null;
}

export interface BudgetView {
  dailyGasBudget: string;
  gasUsedToday: string;
  gasRemainingToday: string;
}

export interface RelayerOptions {
  db: Db;
  client: PublicClient;
  sender: TransactionSender;
  chainId: number;
  forwarder: `0x${string}`;
  /** The deployment's Settlement (allowed even before the sync stored it). */
  settlement?: `0x${string}`;
  dailyGas: bigint;
  requestsPerMinute: number;
  logger?: SenderLogger;
  /**
   * Fault injection for tests: `afterStore` runs after the relay row and its signed transaction commit, before the
   * broadcast (a crash there); `afterBudgetCheck` runs inside the transaction right after the budget sum (a slow
   * moment there widens the window in which a concurrent request could read the same sum).
   */
  faults?: { afterStore?: () => void; afterBudgetCheck?: () => Promise<void> };
}

/** Every custom error of the platform's contracts: a simulated revert is decoded with these. */
const PLATFORM_ERRORS: Abi = (Object.values(abis) as Abi[]).flat().filter((item) => item.type === "error");

/** Extra room over the node's estimate of `execute` (the forwarder needs request.gas * 64/63 left at the call). */
const GAS_MARGIN_PERCENT = 20n;

const refuse = (rule: "relay-not-allowed" | "relay-invalid-request" | "relay-would-revert", detail: string) =>
  new RuleViolationError(rule, detail);

function secondsToNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** The argument of the forwarder's `execute` and `verify` (the nonce is the forwarder's own, not passed). */
function forwardRequestData(request: RelayRequestInput) {
  const { from, to, value, gas, deadline, data, signature } = request;
  return { from, to, value, gas, deadline: Number(deadline), data, signature };
}

const STATUS: Record<string, RelayStatus> = {
  SIGNED: "SUBMITTED",
  MINED: "SUBMITTED",
  CONFIRMED: "CONFIRMED",
  REVERTED: "REVERTED",
  DROPPED: "DROPPED",
};

export class Relayer {
  readonly #limiter: UserRateLimiter;

  constructor(private readonly options: RelayerOptions) {
    this.#limiter = new UserRateLimiter(options.requestsPerMinute);
  }

  get address(): `0x${string}` {
    return this.options.sender.address;
  }

  get forwarder(): `0x${string}` {
    return this.options.forwarder;
  }

  get chainId(): number {
    return this.options.chainId;
  }

  private get client(): PublicClient {
    return this.options.client;
  }

  /** Gas the user's accepted requests of this UTC day may use. */
  private async gasUsedToday(db: Db | Tx, userId: string): Promise<bigint> {
    const [row] = await db.$queryRaw<{ used: bigint | null }[]>`
      SELECT sum(gas)::bigint AS used FROM relay_requests
       WHERE "userId" = ${userId}::uuid AND "createdAt" >= date_trunc('day', now() AT TIME ZONE 'UTC')`;
    return row?.used ?? 0n;
  }

  async budget(userId: string): Promise<BudgetView> {
    const used = await this.gasUsedToday(this.options.db, userId);
    const remaining = this.options.dailyGas > used ? this.options.dailyGas - used : 0n;
    return {
      dailyGasBudget: String(this.options.dailyGas),
      gasUsedToday: String(used),
      gasRemainingToday: String(remaining),
    };
  }

  /** Checks `request` for the user `user` and submits it; the refusals are described at the top of this file. */
  async submit(user: { id: string; address: string }, request: RelayRequestInput): Promise<RelayView> {
    if (getAddress(request.from) !== getAddress(user.address)) throw notYourWallet();
    const wait = this.#limiter.take(user.id);
    if (wait !== undefined)
      throw new RateLimitedError(`too many relay requests; retry in ${wait} s`, { retryAfterSeconds: wait });
    const selector = await this.checkAllowed(request);
    await this.checkSigned(request);
    await this.simulate(request);
    const execute = encodeFunctionData({
      abi: freeholdForwarderAbi,
      functionName: "execute",
      args: [forwardRequestData(request)],
    });
    const gasLimit = await this.estimate(execute);
    const stored = await this.options.db.$transaction(async (tx) => {
      // One user at a time past this point (all instances): the budget sum below is then the truth.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('relay-budget'), hashtext(${user.id}))`;
      const used = await this.gasUsedToday(tx, user.id);
      if (used + request.gas > this.options.dailyGas) {
        const retry = secondsToNextUtcDay(new Date());
        throw new RateLimitedError(
          `your daily gas budget is spent (${used} of ${this.options.dailyGas} used, this request needs ${request.gas}); retry after the UTC day ends`,
          { retryAfterSeconds: retry },
        );
      }
      await this.options.faults?.afterBudgetCheck?.();
      await this.options.sender.lockSigner(tx);
      const sent = await this.options.sender.signAndStore(tx, {
        to: this.options.forwarder,
        data: execute,
        purpose: "relay",
        gas: gasLimit,
      });
      const row = await tx.relayRequest.create({
        data: {
          userId: user.id,
          fromAddress: getAddress(request.from),
          target: getAddress(request.to),
          selector,
          gas: request.gas,
          chainTransactionId: sent.id,
        },
      });
      return { id: row.id, txHash: sent.txHash as Hex };
    });
    this.options.faults?.afterStore?.();
    try {
      await this.options.sender.broadcast();
    } catch (error) {
      // Stored: `tick` broadcasts it again (the same bytes), so the request is accepted all the same.
      this.options.logger?.warn({ err: (error as Error).message, txHash: stored.txHash }, "relay broadcast failed");
    }
    return { id: stored.id, status: "SUBMITTED", txHash: stored.txHash, gasUsed: null };
  }

  /** A Freehold contract the sync knows (or the deployment's Settlement), an allowed function, no value. */
  private async checkAllowed(request: RelayRequestInput): Promise<string> {
    if (request.value !== 0n) throw refuse("relay-not-allowed", "relayed calls carry no value");
    const to = getAddress(request.to);
    const kind =
      this.options.settlement && to === getAddress(this.options.settlement)
        ? "Settlement"
        : (
            await this.options.db.chainContract.findUnique({
              where: { chainId_address: { chainId: this.options.chainId, address: to } },
              select: { kind: true },
            })
          )?.kind;
    if (!kind || !RELAYABLE_KINDS.includes(kind))
      throw refuse("relay-not-allowed", `${to} is not a Freehold contract the relayer calls`);
    const selector = request.data.slice(0, 10).toLowerCase();
    const fn = request.data.length >= 10 ? allowedFunction(kind, selector) : undefined;
    if (!fn) throw refuse("relay-not-allowed", `the function ${selector} of this ${kind} is not relayed`);
    return fn.selector;
  }

  /** The forwarder's own verdict (signature of `from`, current nonce, deadline, target trusts it). */
  private async checkSigned(request: RelayRequestInput): Promise<void> {
    const forwarder = { address: this.options.forwarder, abi: freeholdForwarderAbi } as const;
    const valid = await this.client.readContract({
      ...forwarder,
      functionName: "verify",
      args: [forwardRequestData(request)],
    });
    if (valid) return;
    const [nonce, block] = await Promise.all([
      this.client.readContract({ ...forwarder, functionName: "nonces", args: [request.from] }),
      this.client.getBlock(),
    ]);
    const why =
      request.deadline < block.timestamp
        ? "its deadline has passed"
        : nonce !== request.nonce
          ? `its nonce ${request.nonce} is not the signer's next nonce ${nonce}`
          : "its signature is not the signer's signature of this request";
    throw refuse("relay-invalid-request", `the forwarder refuses this request: ${why}`);
  }

  /**
   * The call exactly as the forwarder makes it (from the forwarder, the signer appended, the request's gas): the
   * forwarder itself would only report `FailedCall`, the target says why.
   */
  private async simulate(request: RelayRequestInput): Promise<void> {
    try {
      await this.client.call({
        account: this.options.forwarder,
        to: request.to,
        data: concat([request.data, request.from]),
        gas: request.gas,
      });
    } catch (error) {
      const reason = revertReason(error, PLATFORM_ERRORS);
      if (reason) throw refuse("relay-would-revert", `the call would revert: ${reason}`);
      if (/out ?of ?gas/i.test((error as Error).message))
        throw refuse("relay-would-revert", "the call would run out of gas: raise the request's gas");
      throw error;
    }
  }

  /** Gas for `execute` from the relayer: the node's estimate plus a margin. */
  private async estimate(execute: Hex): Promise<bigint> {
    try {
      const estimate = await this.client.estimateGas({
        account: this.address,
        to: this.options.forwarder,
        data: execute,
      });
      return (estimate * (100n + GAS_MARGIN_PERCENT)) / 100n;
    } catch (error) {
      const reason = revertReason(error, PLATFORM_ERRORS);
      if (reason) throw refuse("relay-would-revert", `the forwarded call would revert: ${reason}`);
      throw error;
    }
  }

  /** One pass: follow the relayer's transactions to their final state, broadcast what is due. */
  async tick(): Promise<void> {
    await this.options.sender.track(async () => {});
    await this.options.sender.broadcast();
  }

  /** Runs `tick` every `pollMs` until `signal` aborts. */
  async run(pollMs: number, signal: AbortSignal): Promise<void> {
    await repeatEvery(pollMs, signal, () => this.tick(), {
      logger: this.options.logger,
      message: "relayer pass failed",
    });
  }
}

/** 403: a request signed by another wallet than the user's. */
export const notYourWallet = (): ForbiddenError => new ForbiddenError("the request's signer (from) is not your wallet");

/** 503 `relay-disabled`: no relayer key is configured. */
export const relayDisabled = (): ServiceUnavailableError =>
  new ServiceUnavailableError("gasless actions are disabled: no relayer key is configured", { rule: "relay-disabled" });

/** The user's relay request `id`; someone else's is not found. */
export async function findRelayRequest(db: Db, userId: string, id: string): Promise<RelayView> {
  const row = await db.relayRequest.findFirst({
    where: { id, userId },
    include: { chainTransaction: { select: { status: true, txHash: true, gasUsed: true } } },
  });
  if (!row) throw new NotFoundError("relay request", id);
  const t = row.chainTransaction;
  return {
    id: row.id,
    status: STATUS[t.status]!,
    txHash: t.txHash as Hex,
    gasUsed: t.gasUsed === null ? null : String(t.gasUsed),
  };
}
