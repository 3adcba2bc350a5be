/**
 * "Where the gas goes" for transactions that cross contracts (factory -> clones -> token -> registry, offering ->
 * token + stablecoin, ...): an EVM trace of the transaction, the work done by the called contract itself bucketed
 * by kind (storage reads and writes, events, contract creations, the rest), and every external call it makes
 * charged whole to the callee and function. Lines sum to the receipt's `gasUsed`.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { getBytes, type Interface } from "ethers";

const CALLS = /^(CALL|STATICCALL|DELEGATECALL|CALLCODE|CREATE|CREATE2)$/;

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

export interface Labelled {
  address: string;
  name: string;
  iface: Interface;
}

export interface BreakdownLine {
  step: string;
  gas: number;
}

/** Breaks down transaction `hash`; `known` names the contracts and decodes the functions called on them. */
export async function explainGas(
  ethers: HardhatEthers,
  hash: string,
  known: readonly Labelled[],
): Promise<BreakdownLine[]> {
  const tx = (await ethers.provider.getTransaction(hash))!;
  const receipt = (await ethers.provider.getTransactionReceipt(hash))!;
  const trace = (await ethers.provider.send("debug_traceTransaction", [
    hash,
    { disableStorage: true, enableMemory: true, disableMemory: false, disableStack: false },
  ])) as { structLogs: (StructLog & { memory?: string[] })[] };
  const logs = trace.structLogs;
  const data = getBytes(tx.data);
  const zeros = data.filter((b) => b === 0).length;
  const lines: BreakdownLine[] = [
    { step: "transaction base cost", gas: 21_000 },
    { step: `calldata (${data.length} bytes)`, gas: zeros * 4 + (data.length - zeros) * 16 },
  ];
  const buckets = new Map<string, number>();
  const add = (step: string, gas: number): void => void buckets.set(step, (buckets.get(step) ?? 0) + gas);
  const byAddress = new Map(known.map((k) => [k.address.toLowerCase(), k]));

  // A minimal proxy (clone) delegates at depth 1: its logic runs one level down.
  const firstCall = logs.find((l) => l.depth === 1 && CALLS.test(l.op));
  const home = firstCall?.op === "DELEGATECALL" ? 2 : 1;
  const nextAtOrAbove = (i: number, depth: number): StructLog | undefined => {
    for (let j = i + 1; j < logs.length; j++) if (logs[j]!.depth <= depth) return logs[j];
    return undefined;
  };
  let executed = 0;
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i]!;
    if (log.depth === 1) {
      const cost = CALLS.test(log.op) ? log.gas - (nextAtOrAbove(i, 1)?.gas ?? log.gas) : log.gasCost;
      executed += cost;
      if (home === 2) continue;
    }
    if (log.depth !== home) continue;
    if (/^(CALL|STATICCALL|CREATE|CREATE2)$/.test(log.op)) {
      const cost = log.gas - (nextAtOrAbove(i, log.depth)?.gas ?? log.gas);
      add(describeCall(log, byAddress), cost);
    } else if (log.op === "SLOAD") {
      add(log.gasCost >= 2_100 ? "own storage reads, cold" : "own storage reads, warm", log.gasCost);
    } else if (log.op === "SSTORE") {
      add(log.gasCost >= 20_000 ? "own storage writes, new slot" : "own storage writes, existing slot", log.gasCost);
    } else if (log.op.startsWith("LOG")) {
      add("events", log.gasCost);
    } else if (log.op === "EXTCODECOPY") {
      add("reading the clone's arguments (own code)", log.gasCost);
    } else if (log.op === "EXTCODESIZE") {
      add("code-size checks before calls (first touch of an account: 2,600)", log.gasCost);
    } else {
      add("other execution (dispatch, checks, memory, packing)", log.gasCost);
    }
  }
  const attributed = [...buckets.values()].reduce((a, b) => a + b, 0);
  for (const [step, gas] of [...buckets].sort((a, b) => b[1] - a[1])) lines.push({ step, gas });
  if (home === 2) lines.push({ step: "minimal proxy delegatecall", gas: executed - attributed });
  const counted = lines.reduce((sum, l) => sum + l.gas, 0);
  const refund = counted - Number(receipt.gasUsed);
  if (refund !== 0) lines.push({ step: "storage refund", gas: -refund });
  return lines;
}

function describeCall(log: StructLog & { memory?: string[] }, byAddress: Map<string, Labelled>): string {
  if (log.op.startsWith("CREATE")) return "contract creation (clone)";
  // Geth-style stack, top last. CALL: gas, to, value, argsOffset, ...; STATICCALL: gas, to, argsOffset, ...
  const stack = log.stack ?? [];
  const at = (fromTop: number): bigint => BigInt(stack[stack.length - 1 - fromTop] ?? "0x0");
  const to = "0x" + at(1).toString(16).padStart(40, "0");
  const target = byAddress.get(to);
  const argsOffset = Number(at(log.op === "CALL" ? 3 : 2));
  const memory = (log.memory ?? []).map((word) => word.replace(/^0x/, "").padStart(64, "0")).join("");
  const selector = "0x" + memory.slice(argsOffset * 2, argsOffset * 2 + 8);
  const fn = target?.iface.getFunction(selector)?.name ?? selector;
  return `call ${target?.name ?? to}.${fn}`;
}
