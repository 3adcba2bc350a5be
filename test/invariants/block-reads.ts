/**
 * Chain reads remembered for one block. An eth_call or view at the latest block runs on that block's state with that
 * block's timestamp, so the same question asked again before another block is mined gets the same answer. A step of
 * an invariant run that mines nothing (a refused action whose gas estimate failed, a no-op) leaves the block as it
 * was: its check then reuses the answers of the check before it instead of asking the chain again. Every assertion
 * still runs after every step; only identical questions at an identical block are not asked twice.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

export class BlockReads {
  #block: string | undefined;
  /** The timestamp of the block of the last `sync`. */
  timestamp = 0n;
  readonly #answers = new Map<string, Promise<unknown>>();
  /** Reads answered from memory and reads sent to the chain (for the run's report). */
  reused = 0;
  asked = 0;

  constructor(private readonly ethers: HardhatEthers) {}

  /** Forgets every answer when a block was mined since the last call: call it before the reads of a step. */
  async sync(): Promise<void> {
    const latest = await this.ethers.provider.getBlock("latest");
    if (!latest?.hash) throw new Error("the latest block has no hash");
    if (latest.hash === this.#block) return;
    this.#block = latest.hash;
    this.timestamp = BigInt(latest.timestamp);
    this.#answers.clear();
  }

  /** The answer to `key` at the block of the last `sync`: `ask`ed once per block. */
  read<T>(key: string, ask: () => Promise<T>): Promise<T> {
    if (this.#block === undefined) throw new Error("BlockReads.read before sync");
    const known = this.#answers.get(key);
    if (known) {
      this.reused += 1;
      return known as Promise<T>;
    }
    this.asked += 1;
    const answer = ask();
    this.#answers.set(key, answer);
    return answer;
  }
}
