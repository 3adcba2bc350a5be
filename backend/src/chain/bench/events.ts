/**
 * Many real platform events, fast: identity registrations by the compliance agent (`batchRegisterIdentity`,
 * IdentityRegistered each) and issues of a launched PropertyToken to the registered wallets (IssuedByPartition +
 * Transfer each, emitted by the real token; the issuer is the test-only BatchIssuer, which calls
 * `issueByPartition` once per holder and holds ISSUER_ROLE). Transactions are sent back to back with explicit
 * nonces, without waiting for each receipt (the node mines each on arrival); every receipt is checked at the end.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { identityRegistryAbi, propertyTokenAbi } from "@freehold/deployments/abi";
import { REPO_ROOT } from "@freehold/dev-kit/repo";
import { foundry } from "viem/chains";
import { createWalletClient, http, keccak256, toHex, zeroHash, type Abi, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Chain } from "../testing/scenario.ts";

const artifact = JSON.parse(
  readFileSync(join(REPO_ROOT, "artifacts", "contracts", "mocks", "BatchIssuer.sol", "BatchIssuer.json"), "utf8"),
) as { abi: Abi; bytecode: Hex };

/** Wallets per registration and per issue transaction (an issue to a new holder costs ~110k gas). */
const BATCH = 100;

/** Deterministic distinct wallets (they never sign; they only hold units). */
function wallets(round: number): Hex[] {
  return Array.from({ length: BATCH }, (_, i) => keccak256(toHex(`bench-holder-${round}-${i}`)).slice(0, 42) as Hex);
}

/**
 * Emits at least `target` events: rounds of BATCH registrations and BATCH issues (3 events per wallet).
 * `manager` administers `token`; `agent` is the registry's compliance agent.
 */
export async function generateEvents(
  chain: Chain,
  who: { manager: PrivateKeyAccount; agent: PrivateKeyAccount },
  token: Hex,
  target: number,
): Promise<number> {
  const { client } = chain;
  const transport = http(chain.anvil.url);
  const asManager = createWalletClient({ account: who.manager, transport, chain: foundry });
  const asAgent = createWalletClient({ account: who.agent, transport, chain: foundry });
  const deployHash = await asManager.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode });
  const issuer = (await client.waitForTransactionReceipt({ hash: deployHash, pollingInterval: 20 })).contractAddress!;
  const issuerRole = await client.readContract({ address: token, abi: propertyTokenAbi, functionName: "ISSUER_ROLE" });
  const grant = await asManager.writeContract({
    address: token,
    abi: propertyTokenAbi,
    functionName: "grantRole",
    args: [issuerRole, issuer],
  });
  await client.waitForTransactionReceipt({ hash: grant, pollingInterval: 20 });

  const registry = chain.platform.address("IdentityRegistry");
  const expiry = Number(await chain.now()) + 365 * 86_400;
  let managerNonce = await client.getTransactionCount({ address: who.manager.address, blockTag: "pending" });
  let agentNonce = await client.getTransactionCount({ address: who.agent.address, blockTag: "pending" });
  const gas = 15_000_000n;
  const gasPrice = 2n * (await client.getGasPrice());
  const hashes: Hex[] = [];
  const rounds = Math.ceil(target / (3 * BATCH));
  for (let round = 0; round < rounds; round++) {
    const holders = wallets(round);
    hashes.push(
      await asAgent.writeContract({
        address: registry,
        abi: identityRegistryAbi,
        functionName: "batchRegisterIdentity",
        args: [holders, holders, holders.map(() => 250), holders.map(() => expiry), holders.map(() => false)],
        nonce: agentNonce++,
        gas,
        gasPrice,
      }),
    );
    hashes.push(
      await asManager.writeContract({
        address: issuer,
        abi: artifact.abi,
        functionName: "issueMany",
        args: [token, zeroHash, holders, 10n],
        nonce: managerNonce++,
        gas,
        gasPrice,
      }),
    );
  }
  let events = 0;
  for (const hash of hashes) {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`generating events: ${hash} reverted`);
    events += receipt.logs.filter((l) => l.address.toLowerCase() !== issuer.toLowerCase()).length;
  }
  return events;
}
