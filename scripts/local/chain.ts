/**
 * The stack's local chain: anvil (the dev-kit's launcher) with its state persisted in the data folder, so a
 * second start finds the same contracts and balances, run as one of the stack's supervised processes (output
 * prefixed, stopped with the rest). Where anvil's package does not exist (it is published for Linux x64 only),
 * `hardhat node` runs instead, without persistence.
 */
import { anvilBinary, LOCAL_CHAIN_ID, rpc, startAnvil, waitForChain } from "@freehold/dev-kit/chain";
import { startProcess, type ManagedProcess } from "./processes.js";

export { LOCAL_CHAIN_ID };

export interface LocalChain {
  url: string;
  process: ManagedProcess;
  persistent: boolean;
}

export async function startChain(options: {
  port: number;
  stateFile: string;
  verbose?: boolean;
  /** Appends everything the chain prints (its RPC calls, mined blocks) to this file. */
  logFile?: string;
  /**
   * A fresh chain's first block time, in the past (the demo data's year of history, seed/timeline.ts). anvil only:
   * `hardhat node` starts now, and the seed then writes its history at the current time.
   */
  genesis?: Date;
}): Promise<LocalChain> {
  const url = `http://127.0.0.1:${options.port}`;
  let process: ManagedProcess | undefined;
  const supervised = (command: string, args: string[]): ManagedProcess => {
    process = startProcess({ name: "chain", command, args, verbose: options.verbose, logFile: options.logFile });
    return process;
  };
  if (anvilBinary()) {
    await startAnvil({
      port: options.port,
      stateFile: options.stateFile,
      spawnProcess: supervised,
      timeoutMs: 60_000,
      ...(options.genesis ? { genesisTimestamp: Math.floor(options.genesis.getTime() / 1000) } : {}),
    });
    return { url, process: process!, persistent: true };
  }
  const hardhat = supervised("npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(options.port)]);
  await waitForChain(url, LOCAL_CHAIN_ID, { timeoutMs: 60_000, process: hardhat });
  return { url, process: hardhat, persistent: false };
}

/**
 * Gives `address` ETH on the local chain when it has less than `atLeast` wei (the relayer: the test mnemonic's
 * account #10 is not one the node funds). anvil's method, or hardhat node's under the fallback.
 */
export async function fundIfLow(url: string, address: string, atLeast: bigint): Promise<boolean> {
  const balance = BigInt(await rpc<string>(url, "eth_getBalance", [address, "latest"]));
  if (balance >= atLeast) return false;
  const wei = `0x${(atLeast * 10n).toString(16)}`;
  await rpc(url, "anvil_setBalance", [address, wei]).catch(() => rpc(url, "hardhat_setBalance", [address, wei]));
  return true;
}
