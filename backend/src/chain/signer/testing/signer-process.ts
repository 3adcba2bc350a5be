/**
 * A small external signer for tests, in its own process like web3signer or Clef: JSON-RPC over HTTP on an
 * ephemeral port of 127.0.0.1, holding one key, answering `eth_accounts` and `eth_signTransaction` (web3signer's
 * raw-bytes answer, or Clef's `{ raw, tx }` with `--clef`). `--sign-with <key>` makes it misbehave: it signs with
 * another key than the account it claims; `--bump-nonce` alters the transaction it signs. Prints `listening <url>` when ready.
 *   tsx signer-process.ts <private key> [--clef] [--sign-with <other key>]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hexToBigInt, hexToNumber, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const [key, ...flags] = process.argv.slice(2) as [Hex, ...string[]];
const account = privateKeyToAccount(key);
const other = flags.includes("--sign-with") ? flags[flags.indexOf("--sign-with") + 1] : undefined;
const signer = other ? privateKeyToAccount(other as Hex) : account;
const clef = flags.includes("--clef");
const bumpNonce = flags.includes("--bump-nonce") ? 1 : 0;

type RpcTx = Record<string, Hex | undefined>;

async function answer(method: string, params: unknown[]): Promise<unknown> {
  if (method === "eth_accounts") return [account.address];
  if (method !== "eth_signTransaction") throw new Error(`method ${method} not supported`);
  const tx = params[0] as RpcTx;
  if (tx["from"]?.toLowerCase() !== account.address.toLowerCase()) throw new Error(`unknown account ${tx["from"]}`);
  const raw = await signer.signTransaction({
    type: "eip1559",
    chainId: hexToNumber(tx["chainId"]!),
    nonce: hexToNumber(tx["nonce"]!) + bumpNonce,
    to: tx["to"] as `0x${string}`,
    data: tx["data"],
    value: hexToBigInt(tx["value"] ?? "0x0"),
    gas: hexToBigInt(tx["gas"]!),
    maxFeePerGas: hexToBigInt(tx["maxFeePerGas"]!),
    maxPriorityFeePerGas: hexToBigInt(tx["maxPriorityFeePerGas"]!),
  });
  return clef ? { raw, tx } : raw;
}

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const request = JSON.parse(body) as { id: number; method: string; params: unknown[] };
    answer(request.method, request.params).then(
      (result) => res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, result })),
      (error: Error) =>
        res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, error: { code: -32000, message: error.message } })),
    );
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
