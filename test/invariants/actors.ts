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

/** Sends a transaction and waits for it: true when it was mined, false when it reverted. */
export async function attempt(tx: () => Promise<{ wait(): Promise<unknown> }>): Promise<boolean> {
  try {
    await (await tx()).wait();
    return true;
  } catch {
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
