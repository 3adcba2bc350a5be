/**
 * The new agent of `ops:rotate-agent`, named the way the backend will sign with it (docs/PRODUCTION.md, Signer
 * keys): an address, a keystore v3 file (its address is stored unencrypted: no password needed), or an external
 * JSON-RPC signer (the one account it holds, from `eth_accounts`).
 */
import { readFileSync } from "node:fs";
import { FetchRequest, getAddress, isAddress, JsonRpcProvider } from "ethers";
import { UsageError } from "../lib/cli.js";

export type NewAgent = { address: string } | { keystore: string } | { signerUrl: string };

export async function newAgentAddress(source: NewAgent): Promise<string> {
  if ("keystore" in source) {
    const json = JSON.parse(readFileSync(source.keystore, "utf8")) as { address?: unknown };
    if (typeof json.address !== "string" || !isAddress(`0x${json.address.replace(/^0x/, "")}`))
      throw new UsageError(`${source.keystore} is not a keystore v3 file (no address)`);
    return getAddress(`0x${json.address.replace(/^0x/, "")}`);
  }
  if ("signerUrl" in source) {
    const provider = new JsonRpcProvider(new FetchRequest(source.signerUrl), undefined, {
      staticNetwork: true,
      batchMaxCount: 1,
    });
    try {
      const accounts = ((await provider.send("eth_accounts", [])) as string[]).map((a) => getAddress(a));
      if (accounts.length !== 1)
        throw new UsageError(
          `the signer at ${source.signerUrl} holds ${accounts.length} accounts (${accounts.join(", ") || "none"}); give the new agent's address instead`,
        );
      return accounts[0]!;
    } finally {
      provider.destroy();
    }
  }
  if (!isAddress(source.address)) throw new UsageError(`not an address: ${source.address}`);
  return getAddress(source.address);
}
