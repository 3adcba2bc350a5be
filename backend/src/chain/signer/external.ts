/**
 * An account whose key lives in an external signer speaking Ethereum JSON-RPC (web3signer's `eth1` mode, Clef):
 * transactions are signed with `eth_signTransaction` and come back as raw signed bytes, which the sender stores
 * and broadcasts itself (src/chain/sender.ts). The returned bytes are checked: they must be a transaction signed
 * by this address carrying exactly what was asked, so a confused or compromised signer cannot slip in another.
 */
import {
  getAddress,
  numberToHex,
  parseTransaction,
  recoverTransactionAddress,
  type Hex,
  type LocalAccount,
  type TransactionSerializable,
} from "viem";
import { toAccount } from "viem/accounts";

let nextId = 1;

async function call<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`external signer ${method}: HTTP ${res.status}`);
  const body = (await res.json()) as { result?: T; error?: { message?: string } };
  if (body.error || body.result === undefined)
    throw new Error(`external signer ${method}: ${body.error?.message ?? "no result"}`);
  return body.result;
}

const hex = (n: bigint | number | undefined) => (n === undefined ? undefined : numberToHex(n));

/** The JSON-RPC transaction object web3signer and Clef take (quantities as hex). */
function rpcTransaction(from: `0x${string}`, tx: TransactionSerializable): Record<string, unknown> {
  return {
    from,
    to: tx.to,
    data: tx.data,
    value: hex(tx.value ?? 0n),
    gas: hex(tx.gas),
    nonce: hex(tx.nonce),
    chainId: hex(tx.chainId),
    ...(tx.type === "eip1559"
      ? { maxFeePerGas: hex(tx.maxFeePerGas), maxPriorityFeePerGas: hex(tx.maxPriorityFeePerGas) }
      : { gasPrice: hex((tx as { gasPrice?: bigint }).gasPrice) }),
  };
}

/** Checks the signer's answer: signed by `address`, and the nonce, recipient, data, value, gas and fees asked for. */
async function checked(address: `0x${string}`, asked: TransactionSerializable, raw: Hex): Promise<Hex> {
  const signer = await recoverTransactionAddress({ serializedTransaction: raw as never });
  if (getAddress(signer) !== address) throw new Error(`external signer signed with ${signer}, not ${address}`);
  const got = parseTransaction(raw);
  // An empty calldata is `0x` asked and absent once parsed: compare the normalised forms.
  const norm = (v: unknown) => (v === undefined || v === "0x" ? "" : String(v).toLowerCase());
  for (const field of ["nonce", "to", "data", "gas", "chainId", "maxFeePerGas", "maxPriorityFeePerGas"] as const)
    if (norm(got[field as keyof typeof got]) !== norm(asked[field as keyof TransactionSerializable]))
      throw new Error(`external signer changed the transaction's ${field}`);
  if ((got.value ?? 0n) !== (asked.value ?? 0n)) throw new Error("external signer changed the transaction's value");
  return raw;
}

export function externalSignerAccount(url: string, address: `0x${string}`): LocalAccount {
  const account = toAccount({
    address,
    async signTransaction(tx) {
      const result = await call<Hex | { raw: Hex }>(url, "eth_signTransaction", [rpcTransaction(address, tx)]);
      // web3signer answers the raw bytes; Clef answers { raw, tx }.
      const raw = typeof result === "string" ? result : result.raw;
      return checked(address, tx, raw);
    },
    async signMessage() {
      throw new Error("the backend's agent signs transactions only");
    },
    async signTypedData() {
      throw new Error("the backend's agent signs transactions only");
    },
  });
  return account;
}

/** The accounts the signer holds (`eth_accounts`). */
export async function externalSignerAccounts(url: string): Promise<`0x${string}`[]> {
  return (await call<string[]>(url, "eth_accounts", [])).map((a) => getAddress(a));
}
