/**
 * Shared pieces of the platform invariant runs: the actors (investors, two of whom hold a second wallet of their
 * identity) and the two ways a run asks the chain whether something works.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { register, type Platform } from "../factory/fixture.js";

export interface Actors {
  /** The ten investors, then a second wallet of investor 0's identity and one of investor 1's. */
  wallets: HardhatEthersSigner[];
  /** Wallet address -> identity address. */
  identityOf: Map<string, string>;
}

/** Registers the two extra wallets and funds every wallet with stablecoin. */
export async function investorActors(p: Platform): Promise<Actors> {
  const signers = await p.ethers.getSigners();
  const extra = [signers[16]!, signers[17]!];
  const wallets: HardhatEthersSigner[] = [...p.investors, ...extra];
  const identityOf = new Map(wallets.map((w) => [w.address, w.address]));
  for (const [i, wallet] of extra.entries()) {
    const identity = p.investors[i]!.address;
    await register(p, wallet.address, { identity });
    identityOf.set(wallet.address, identity);
  }
  for (const w of wallets) await p.stablecoin.connect(p.admin).mint(w.address, 10n ** 15n);
  return { wallets, identityOf };
}

/** Panic(uint256) and Error(string): reverts that are no refusal of ours. */
const PANIC = "0x4e487b71";
const ERROR_STRING = "0x08c379a0";

/** The revert data of a failed call, wherever ethers or Hardhat put it. */
function revertDataOf(error: unknown): string | undefined {
  for (
    let e = error as { data?: unknown; error?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.data === "string" && e.data.startsWith("0x")) return e.data;
    e = (e.error ?? e.cause) as typeof e;
  }
  return undefined;
}

/**
 * Sends a transaction and waits for it: true when it was mined, false when it was refused with a custom error.
 * A revert without one (no data, an overflow or other panic, a require string) fails the run: every refusal of the
 * platform's contracts is a custom error, and a run that counted any revert as a refusal hid that `fillWithPermit`
 * and `subscribeWithPermit` reverted with no reason or an overflow panic on inputs they must refuse by name.
 */
export async function attempt(tx: () => Promise<{ wait(): Promise<unknown> }>): Promise<boolean> {
  try {
    await (await tx()).wait();
    return true;
  } catch (error) {
    const data = revertDataOf(error);
    if (data === undefined || data === "0x" || data.startsWith(PANIC) || data.startsWith(ERROR_STRING)) {
      throw new Error(`a refusal without a custom error (revert data ${data ?? "none"})`, { cause: error });
    }
    return false;
  }
}

/** Runs an eth_call (`staticCall`): true when it would succeed. */
export async function works(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch {
    return false;
  }
}

/** What a payout watcher reads: a wallet's balance of the payment token, and whether it is frozen now. */
export interface PayoutReads {
  balanceOf(wallet: string): Promise<bigint>;
  /** Frozen on the token (its identity) or in the identity registry: an AML hold. */
  isFrozen(wallet: string): Promise<boolean>;
}

/**
 * The class "no path pays a frozen wallet" (audit 2026-12, findings 2 and 3 and their siblings): `before()` records
 * every watched wallet's payment balance and freeze before a step, `after(where)` fails when a wallet frozen during
 * the step received money in it. A step that changes freezes moves no money, so the freeze read before the step is
 * the freeze at the moment of any payment in it.
 */
export function payoutWatcher(wallets: readonly string[], reads: PayoutReads) {
  let snapshot: { wallet: string; balance: bigint; frozen: boolean }[] = [];
  return {
    async before(): Promise<void> {
      snapshot = [];
      for (const wallet of wallets) {
        const frozen = await reads.isFrozen(wallet);
        snapshot.push({ wallet, balance: await reads.balanceOf(wallet), frozen });
      }
    },
    async after(where: string): Promise<void> {
      for (const { wallet, balance, frozen } of snapshot) {
        if (!frozen) continue;
        const now = await reads.balanceOf(wallet);
        if (now > balance) throw new Error(`${where}: ${wallet} was paid ${now - balance} while frozen`);
      }
    },
  };
}
