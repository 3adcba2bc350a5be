/**
 * The local chain: anvil (a binary shipped in the npm package @foundry-rs/anvil-linux-amd64) with its state
 * persisted in the data folder, so a second start finds the same contracts and balances. Where that package
 * does not exist (it is published for Linux x64 only), `hardhat node` runs instead, without persistence.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { startProcess, waitUntil, type ManagedProcess } from "./processes.js";

const require = createRequire(import.meta.url);

export const LOCAL_CHAIN_ID = 31337;

function anvilBinary(): string | undefined {
  try {
    const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
    const bin = join(dirname(pkg), "bin", "anvil");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

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

export interface LocalChain {
  url: string;
  process: ManagedProcess;
  persistent: boolean;
}

export async function startChain(options: { port: number; stateFile: string; verbose?: boolean }): Promise<LocalChain> {
  const url = `http://127.0.0.1:${options.port}`;
  const anvil = anvilBinary();
  const process = anvil
    ? startProcess({
        name: "chain",
        command: anvil,
        args: [
          "--host", "127.0.0.1",
          "--port", String(options.port),
          "--chain-id", String(LOCAL_CHAIN_ID),
          // Load the state if the file exists, dump it on exit and every few seconds (a crash loses little).
          "--state", options.stateFile,
          "--state-interval", "5",
          "--silent",
        ],
        verbose: options.verbose,
      })
    : startProcess({
        name: "chain",
        command: "npx",
        args: ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(options.port)],
        verbose: options.verbose,
      });
  await waitUntil("local chain", async () => (await rpc<string>(url, "eth_chainId")) !== undefined, {
    timeoutMs: 60_000,
    process,
  });
  const chainId = Number(await rpc<string>(url, "eth_chainId"));
  if (chainId !== LOCAL_CHAIN_ID) throw new Error(`local chain answers chain id ${chainId}, expected ${LOCAL_CHAIN_ID}`);
  return { url, process, persistent: anvil !== undefined };
}
