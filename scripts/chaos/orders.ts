/**
 * The secondary market's end check: the chain sync's stored Settlement events against the chain's own logs (each
 * one stored, once, nothing extra), and every order's units still offered as the synced events tell it (posted,
 * minus fills, none once cancelled) against `orderOf` on chain.
 */
import { Contract, Interface, JsonRpcProvider } from "ethers";
import { rpc } from "@freehold/dev-kit/chain";
import { abis } from "@freehold/deployments";
import { query, type PgTools } from "../ops/backup/postgres.js";

interface Log {
  blockNumber: string;
  logIndex: string;
  topics: string[];
  data: string;
}

export interface OrdersCheck {
  /** Orders posted on chain during the run. */
  orders: number;
  /** Settlement events on chain (posts, fills, cancellations). */
  events: number;
  mismatches: string[];
}

/** The units an order still offers, from its synced events. */
export function remainingFromEvents(events: { name: string; args: Record<string, string> }[]): bigint {
  let remaining = 0n;
  for (const { name, args } of events) {
    if (name === "OrderPosted") remaining += BigInt(args["units"]!);
    else if (name === "OrderFilled") remaining -= BigInt(args["units"]!);
    else if (name === "OrderCancelled") remaining = 0n;
  }
  return remaining;
}

export async function orderMismatches(
  tools: PgTools,
  databaseUrl: string,
  rpcUrl: string,
  chainId: number,
  settlement: string,
): Promise<OrdersCheck> {
  const market = new Interface(abis.Settlement);
  const names = new Set(["OrderPosted", "OrderFilled", "OrderCancelled"]);
  const logs = await rpc<Log[]>(rpcUrl, "eth_getLogs", [{ address: settlement, fromBlock: "0x0", toBlock: "latest" }]);
  const onChain = new Map<string, { name: string; orderId: string }>();
  for (const log of logs) {
    const parsed = market.parseLog(log);
    if (!parsed || !names.has(parsed.name)) continue;
    onChain.set(`${Number(log.blockNumber)}:${Number(log.logIndex)}`, {
      name: parsed.name,
      orderId: String(parsed.args["orderId"]),
    });
  }
  const rows = await query(
    tools,
    databaseUrl,
    `SELECT "blockNumber", "logIndex", name, args::text FROM chain_events
      WHERE "chainId" = ${Number(chainId)} AND contract = 'Settlement'
        AND name IN ('OrderPosted', 'OrderFilled', 'OrderCancelled') ORDER BY 1, 2`,
  );
  const mismatches: string[] = [];
  const synced = new Map<string, { name: string; args: Record<string, string> }[]>();
  const seen = new Set<string>();
  for (const [block, index, name, args] of rows) {
    const key = `${block}:${index}`;
    const event = { name: name!, args: JSON.parse(args!) as Record<string, string> };
    if (!onChain.has(key)) mismatches.push(`synced ${name} at ${key} is not on chain`);
    else if (onChain.get(key)!.name !== name) mismatches.push(`synced ${name} at ${key} is ${onChain.get(key)!.name}`);
    seen.add(key);
    const id = String(event.args["orderId"]);
    synced.set(id, [...(synced.get(id) ?? []), event]);
  }
  for (const [key, { name, orderId }] of onChain)
    if (!seen.has(key)) mismatches.push(`${name} of order ${orderId} at ${key} was never synced`);

  const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true });
  try {
    const contract = new Contract(settlement, abis.Settlement, provider);
    const ids = [...new Set([...onChain.values()].map((e) => e.orderId))];
    for (const id of ids) {
      const order = (await contract.getFunction("orderOf")(id)) as { unitsRemaining: bigint };
      const stored = remainingFromEvents(synced.get(id) ?? []);
      if (order.unitsRemaining !== stored)
        mismatches.push(`order ${id}: ${order.unitsRemaining} units offered on chain, ${stored} by the synced events`);
    }
    return { orders: ids.length, events: onChain.size, mismatches };
  } finally {
    provider.destroy();
  }
}
