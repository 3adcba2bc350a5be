/**
 * Real chain data for the host: blocks, transactions and logs read over JSON-RPC from any EIP-1193 provider
 * (Hardhat's in-process network, a `hardhat node`, anvil, a public RPC), in block and log order.
 */

export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export interface ChainBlock {
  number: bigint;
  hash: string;
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
}

export interface ChainTransaction {
  hash: string;
  index: bigint;
  from: string;
  to: string | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: string;
  nonce: bigint;
}

export interface ChainLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: bigint;
  transactionHash: string;
  /** Index of the log in its block. */
  logIndex: number;
  /** Index of the log in its transaction. */
  transactionLogIndex: number;
}

/** One block with the logs it holds (in log order) and the transactions that emitted them. */
export interface BlockWithLogs {
  block: ChainBlock;
  logs: ChainLog[];
  transactions: Map<string, ChainTransaction>;
}

type Rpc = Record<string, unknown>;
const big = (v: unknown): bigint => BigInt((v as string | undefined) ?? "0x0");
const str = (v: unknown): string => String(v).toLowerCase();

export function parseBlock(raw: Rpc): ChainBlock {
  return {
    number: big(raw["number"]),
    hash: str(raw["hash"]),
    parentHash: str(raw["parentHash"]),
    sha3Uncles: str(raw["sha3Uncles"]),
    miner: str(raw["miner"]),
    stateRoot: str(raw["stateRoot"]),
    transactionsRoot: str(raw["transactionsRoot"]),
    receiptsRoot: str(raw["receiptsRoot"]),
    gasUsed: big(raw["gasUsed"]),
    gasLimit: big(raw["gasLimit"]),
    timestamp: big(raw["timestamp"]),
    difficulty: big(raw["difficulty"]),
    totalDifficulty: big(raw["totalDifficulty"]),
    size: raw["size"] === undefined ? null : big(raw["size"]),
    baseFeePerGas: raw["baseFeePerGas"] === undefined ? null : big(raw["baseFeePerGas"]),
  };
}

export function parseTransaction(raw: Rpc): ChainTransaction {
  return {
    hash: str(raw["hash"]),
    index: big(raw["transactionIndex"]),
    from: str(raw["from"]),
    to: raw["to"] ? str(raw["to"]) : null,
    value: big(raw["value"]),
    gasLimit: big(raw["gas"]),
    gasPrice: big(raw["gasPrice"] ?? raw["maxFeePerGas"]),
    input: str(raw["input"]),
    nonce: big(raw["nonce"]),
  };
}

/** Every block in `[fromBlock, toBlock]` that holds logs, with its logs and their transactions. */
export async function fetchBlocksWithLogs(
  provider: Eip1193Provider,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<BlockWithLogs[]> {
  const hex = (n: bigint): string => "0x" + n.toString(16);
  const rawLogs = (await provider.request({
    method: "eth_getLogs",
    params: [{ fromBlock: hex(fromBlock), toBlock: hex(toBlock) }],
  })) as Rpc[];
  const byBlock = new Map<bigint, Rpc[]>();
  for (const log of rawLogs) {
    const n = big(log["blockNumber"]);
    byBlock.set(n, [...(byBlock.get(n) ?? []), log]);
  }
  const out: BlockWithLogs[] = [];
  for (const n of [...byBlock.keys()].sort((a, b) => (a < b ? -1 : 1))) {
    const rawBlock = (await provider.request({ method: "eth_getBlockByNumber", params: [hex(n), true] })) as Rpc;
    const transactions = new Map<string, ChainTransaction>();
    for (const tx of rawBlock["transactions"] as Rpc[]) transactions.set(str(tx["hash"]), parseTransaction(tx));
    const perTx = new Map<string, number>();
    const logs = byBlock
      .get(n)!
      .sort((a, b) => Number(big(a["logIndex"]) - big(b["logIndex"])))
      .map((log): ChainLog => {
        const txHash = str(log["transactionHash"]);
        const inTx = perTx.get(txHash) ?? 0;
        perTx.set(txHash, inTx + 1);
        return {
          address: str(log["address"]),
          topics: (log["topics"] as string[]).map(str),
          data: str(log["data"]),
          blockNumber: n,
          transactionHash: txHash,
          logIndex: Number(big(log["logIndex"])),
          transactionLogIndex: inTx,
        };
      });
    out.push({ block: parseBlock(rawBlock), logs, transactions });
  }
  return out;
}
