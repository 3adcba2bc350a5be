/** How many times each wallet was registered in the IdentityRegistry (IdentityRegistered events, from the node). */
import { identityRegistryAbi } from "@freehold/deployments/abi";
import { getAddress, parseEventLogs, type PublicClient } from "viem";

export async function registryWrites(client: PublicClient, registry: `0x${string}`): Promise<Map<string, number>> {
  const logs = parseEventLogs({
    abi: identityRegistryAbi,
    eventName: "IdentityRegistered",
    logs: await client.getLogs({ address: registry, fromBlock: 0n, toBlock: "latest" }),
  });
  const writes = new Map<string, number>();
  for (const l of logs) writes.set(getAddress(l.args.wallet), (writes.get(getAddress(l.args.wallet)) ?? 0) + 1);
  return writes;
}
