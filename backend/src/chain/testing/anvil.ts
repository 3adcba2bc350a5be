/**
 * A real local chain for the chain tests: anvil (npm @foundry-rs/anvil-linux-amd64, a binary in the tarball)
 * on an ephemeral port of 127.0.0.1, chain id 31337, the usual test mnemonic. Supports evm_snapshot/evm_revert
 * and evm_mine, which the reorg test uses.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Keys of the test mnemonic's first accounts: #0 deploys, #1 is the compliance agent. */
export const TEST_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
] as const;

export interface Anvil {
  url: string;
  child: ChildProcess;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startAnvil(options: { blockTime?: number } = {}): Promise<Anvil> {
  const bin = join(dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // No code-size limit: a parallel `hardhat test --coverage` rewrites artifacts/ with instrumented (larger) code;
  // these tests exercise the backend, not EIP-170 (the contracts' own suite checks sizes on the real build).
  const args = ["--host", "127.0.0.1", "--port", String(port), "--chain-id", "31337", "--silent", "--disable-code-size-limit"];
  if (options.blockTime) args.push("--block-time", String(options.blockTime));
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited: ${stderr}`);
    try {
      await rpc("eth_chainId");
      return { url, child, rpc, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`anvil did not start: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
