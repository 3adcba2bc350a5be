/**
 * The test host's fixture subgraph (test-host/fixture): built once per test run with the real graph-cli, and
 * blocks of logs encoded with the fixture ABI exactly as a contract would emit them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Interface, keccak256, toBeHex, zeroPadValue, type InterfaceAbi } from "ethers";
import { graph } from "./graph-cli.js";
import { type BlockWithLogs, type ChainLog, type ChainTransaction } from "../../test-host/chain.js";

export const FIXTURE_DIR = join(import.meta.dirname, "../../test-host/fixture");
export const FIXTURE_MANIFEST = join(FIXTURE_DIR, "build/subgraph.yaml");
export const PROBE_ADDRESS = "0x00000000000000000000000000000000000000aa";

let built = false;
/** Runs `graph codegen` and `graph build` on the fixture (once). */
export function buildFixture(): string {
  if (!built) {
    graph(FIXTURE_DIR, "codegen");
    graph(FIXTURE_DIR, "build");
    built = true;
  }
  return FIXTURE_MANIFEST;
}

export const probe = new Interface(
  JSON.parse(readFileSync(join(FIXTURE_DIR, "abis/Probe.json"), "utf8")) as InterfaceAbi,
);

export interface FixtureEvent {
  address?: string;
  name: string;
  args: unknown[];
  /** The ABI that encodes the event (default: the fixture's Probe). */
  abi?: Interface;
}

/** Builds consecutive blocks; each call to `block` holds one transaction per event (any contract's, by its ABI). */
export class FixtureChain {
  private number = 0n;

  block(events: FixtureEvent[], timestamp = 1_700_000_000n + this.number * 12n): BlockWithLogs {
    this.number += 1n;
    const n = this.number;
    const hash = keccak256(toBeHex(n, 32));
    const transactions = new Map<string, ChainTransaction>();
    const logs: ChainLog[] = events.map((event, i) => {
      const txHash = keccak256(toBeHex(n * 1000n + BigInt(i), 32));
      transactions.set(txHash, {
        hash: txHash,
        index: BigInt(i),
        from: zeroPadValue("0x01", 20),
        to: event.address ?? PROBE_ADDRESS,
        value: 0n,
        gasLimit: 100_000n,
        gasPrice: 1n,
        input: "0x",
        nonce: BigInt(i),
      });
      const encoded = (event.abi ?? probe).encodeEventLog(event.name, event.args);
      return {
        address: (event.address ?? PROBE_ADDRESS).toLowerCase(),
        topics: encoded.topics,
        data: encoded.data,
        blockNumber: n,
        transactionHash: txHash,
        logIndex: i,
        transactionLogIndex: 0,
      };
    });
    return {
      block: {
        number: n,
        hash,
        parentHash: keccak256(toBeHex(n - 1n, 32)),
        sha3Uncles: hash,
        miner: zeroPadValue("0x02", 20),
        stateRoot: hash,
        transactionsRoot: hash,
        receiptsRoot: hash,
        gasUsed: 1n,
        gasLimit: 30_000_000n,
        timestamp,
        difficulty: 0n,
        totalDifficulty: 0n,
        size: null,
        baseFeePerGas: 7n,
      },
      logs,
      transactions,
    };
  }
}
