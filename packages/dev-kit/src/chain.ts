/**
 * The local chain, one implementation for every part: anvil (a binary shipped in the npm package
 * @foundry-rs/anvil-linux-amd64, published for Linux x64 only) on 127.0.0.1, plus the JSON-RPC calls the tests
 * use (snapshot, revert, mine, time travel, balances). Backend, subgraph and web tests start a throw-away chain
 * on a free port; the local stack (`npm start`) starts one with its state file and its own process supervision.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort } from "./ports.js";

const require = createRequire(import.meta.url);

/** Hardhat's and anvil's default chain id: every local chain of the project uses it. */
export const LOCAL_CHAIN_ID = 31337;

/** The anvil binary from @foundry-rs/anvil-linux-amd64, or undefined where that package is not installed. */
export function anvilBinary(): string | undefined {
  try {
    const bin = join(dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** One JSON-RPC call; a JSON-RPC error becomes an Error naming the method. */
export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export interface AnvilOptions {
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Default: LOCAL_CHAIN_ID. */
  chainId?: number;
  /** Load the state from this file if it exists, dump it on exit and every few seconds (a crash loses little). */
  stateFile?: string;
  /** Mine a block every N seconds instead of one per transaction. */
  blockTime?: number;
  /**
   * Enforce EIP-170's contract size limit (default true). The backend's tests turn it off: a parallel
   * `hardhat test --coverage` rewrites artifacts/ with instrumented (larger) code, and those tests exercise the
   * backend, not EIP-170 (the contracts' own suite checks sizes on the real build).
   */
  codeSizeLimit?: boolean;
  /**
   * The genesis block's time (unix seconds). Later blocks keep that distance from the wall clock until a block is
   * given its own time (`evm_setNextBlockTimestamp`): the local stack starts a fresh chain in the past so the demo
   * data can have a history. For a fresh chain only: a loaded state file's blocks carry their own times.
   */
  genesisTimestamp?: number;
  /**
   * Mine a ready transaction anvil left pending (default on, except with `blockTime`). anvil's instant mining can
   * miss a ready transaction until the next one arrives (foundry-rs/foundry#10122, seen on CI as a receipt that never
   * came); a watcher mines, with evm_mine, any transaction still pending a second after it was first seen.
   */
  mineStuckTransactions?: boolean;
}

/** anvil's command line for these options. */
export function anvilArgs(options: AnvilOptions & { port: number }): string[] {
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--chain-id",
    String(options.chainId ?? LOCAL_CHAIN_ID),
  ];
  // Port 0: the OS chooses, and anvil's "Listening on" line says which (so it cannot be silent).
  if (options.port !== 0) args.push("--silent");
  if (options.stateFile) args.push("--state", options.stateFile, "--state-interval", "5");
  if (options.codeSizeLimit === false) args.push("--disable-code-size-limit");
  if (options.blockTime) args.push("--block-time", String(options.blockTime));
  if (options.genesisTimestamp !== undefined) args.push("--timestamp", String(options.genesisTimestamp));
  return args;
}

/** A running child process as the launcher needs it: the stack passes its supervised process here. */
export interface SpawnedProcess {
  child: ChildProcess;
  /** What the process printed lately (for the error when it dies before answering). */
  recentOutput(): string;
}

function spawnQuietly(command: string, args: string[]): SpawnedProcess {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  return { child, recentOutput: () => stderr };
}

/**
 * anvil on port 0: the port is the one its "Listening on" line names. Choosing a free port first and passing it
 * leaves a window in which a parallel test can take the same port, and then both talk to one node.
 */
function spawnOnFreePort(
  command: string,
  args: string[],
  timeoutMs: number,
): SpawnedProcess & { port: Promise<number> } {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const remember = (c: Buffer) => (output = (output + c.toString()).slice(-4000));
  child.stderr!.on("data", remember);
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not say its port within ${timeoutMs} ms`)), timeoutMs);
    const onData = (c: Buffer) => {
      remember(c);
      const listening = /Listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      // The rest of its output (a line per request) is read and dropped, so the pipe never fills.
      child.stdout!.off("data", onData).on("data", () => {});
      resolve(Number(listening[1]));
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the local chain exited before it answered (code ${code ?? signal}): ${output}`));
    });
  });
  port.catch(() => {}); // awaited by the launcher; a rejection after it gave up is not unhandled
  return { child, recentOutput: () => output, port };
}

/**
 * The watcher of `mineStuckTransactions`: every `everyMs`, the pool's pending transactions; one seen pending at
 * the previous look too is stuck, and a block is mined. Returns the function that stops it.
 */
export function watchStuckTransactions(url: string, everyMs = 1_000): () => void {
  let seen = new Set<string>();
  let looking = false;
  const look = async () => {
    if (looking) return;
    looking = true;
    try {
      const pool = await rpc<{ pending: Record<string, Record<string, { hash: string }>> }>(url, "txpool_content");
      const pending = new Set(
        Object.values(pool.pending).flatMap((byNonce) => Object.values(byNonce).map((t) => t.hash)),
      );
      if ([...pending].some((hash) => seen.has(hash))) {
        await rpc(url, "evm_mine");
        seen = new Set();
      } else seen = pending;
    } catch {
      // The node is stopping, or busy: look again next time.
    } finally {
      looking = false;
    }
  };
  const timer = setInterval(() => void look(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Polls eth_chainId until the node answers `chainId`, the process dies, or `timeoutMs` passes. A node that
 * answers another chain id is an error at once (something else listens on the port).
 */
export async function waitForChain(
  url: string,
  chainId: number,
  options: { timeoutMs: number; process?: SpawnedProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const child = options.process?.child;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `the local chain exited before it answered (code ${child.exitCode ?? child.signalCode}): ${options.process!.recentOutput()}`,
      );
    }
    const answered = await rpc<string>(url, "eth_chainId").catch(() => undefined);
    if (answered !== undefined) {
      if (Number(answered) !== chainId)
        throw new Error(`local chain answers chain id ${Number(answered)}, expected ${chainId}`);
      return;
    }
    if (Date.now() > deadline)
      throw new Error(`the local chain at ${url} did not answer within ${Math.round(options.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface LocalChain {
  url: string;
  chainId: number;
  child: ChildProcess;
  /** One JSON-RPC call to this chain. */
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  /** Stops the node (SIGTERM, SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts anvil and waits until it answers. `spawnProcess` lets a supervisor (the local stack's process list, with
 * logs and process groups) own the process; by default it runs quietly as a child of this process.
 */
export async function startAnvil(
  options: AnvilOptions & {
    spawnProcess?: (command: string, args: string[]) => SpawnedProcess;
    timeoutMs?: number;
  } = {},
): Promise<LocalChain> {
  const bin = anvilBinary();
  if (!bin) throw new Error("anvil is not installed (npm package @foundry-rs/anvil-linux-amd64, Linux x64 only)");
  const chainId = options.chainId ?? LOCAL_CHAIN_ID;
  const timeoutMs = options.timeoutMs ?? 20_000;
  let port: number;
  let process: SpawnedProcess;
  let stopWatching = () => {};
  const stop = async () => {
    stopWatching();
    await stopProcess(process.child);
  };
  if (options.port === undefined && !options.spawnProcess) {
    const started = spawnOnFreePort(bin, anvilArgs({ ...options, port: 0, chainId }), timeoutMs);
    process = started;
    port = await started.port.catch(async (error: unknown) => {
      await stopProcess(started.child);
      throw error;
    });
  } else {
    // A supervisor that owns the process (the local stack) names its port.
    port = options.port ?? (await freePort());
    process = (options.spawnProcess ?? spawnQuietly)(bin, anvilArgs({ ...options, port, chainId }));
  }
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForChain(url, chainId, { timeoutMs, process });
  } catch (error) {
    await stop();
    throw error;
  }
  if (options.mineStuckTransactions ?? !options.blockTime) stopWatching = watchStuckTransactions(url);
  return { url, chainId, child: process.child, rpc: (method, params) => rpc(url, method, params), stop };
}

// The chain-state calls the tests use, by name (anvil and hardhat node both answer them).

/** Takes a snapshot; `revert(chain, id)` returns to it (once). */
export function snapshot(chain: Pick<LocalChain, "rpc">): Promise<string> {
  return chain.rpc<string>("evm_snapshot", []);
}

/** Returns to `id`; true when the node had that snapshot. */
export function revert(chain: Pick<LocalChain, "rpc">, id: string): Promise<boolean> {
  return chain.rpc<boolean>("evm_revert", [id]);
}

/** Mines `blocks` empty blocks, one at a time. */
export async function mine(chain: Pick<LocalChain, "rpc">, blocks = 1): Promise<void> {
  for (let i = 0; i < blocks; i++) await chain.rpc("evm_mine", []);
}

/** Moves the clock `seconds` forward and mines a block at the new time. */
export async function increaseTime(chain: Pick<LocalChain, "rpc">, seconds: number): Promise<void> {
  await chain.rpc("evm_increaseTime", [seconds]);
  await chain.rpc("evm_mine", []);
}

/** Sets `address`'s ether balance (wei). */
export async function setBalance(chain: Pick<LocalChain, "rpc">, address: string, wei: bigint): Promise<void> {
  await chain.rpc("anvil_setBalance", [address, `0x${wei.toString(16)}`]);
}
