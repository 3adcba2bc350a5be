/**
 * Raw logs -> stored events: decoded with the ABI of the contract that emitted them (generated from the compiled
 * contracts, never written by hand), with the facts the read models query as columns: the property token
 * concerned, for balance movements the partition, parties and units, and for a rent deposit the statement hash of
 * the period it pays out.
 *
 * Partitions: the token emits `TransferByPartition` / `IssuedByPartition` / `RedeemedByPartition` immediately
 * before the ERC-20 `Transfer` of the same move (docs/design/contracts.md); a `Transfer` without one is a move of
 * the default partition.
 */
import { abis } from "@freehold/deployments/abi";
import { decodeEventLog, getAddress, toEventSelector, zeroHash, type Abi, type AbiEvent, type Log } from "viem";

export const DEFAULT_PARTITION = zeroHash;
export const ZERO = "0x0000000000000000000000000000000000000000";

export interface StoredEvent {
  blockNumber: number;
  blockHash: string;
  logIndex: number;
  txHash: string;
  address: string;
  contract: string;
  name: string;
  token: string | null;
  partition: string | null;
  fromAddr: string | null;
  toAddr: string | null;
  amount: string | null;
  /**
   * RentDeposited: the SHA-256 of the period statement the deposit pays out (issue 16); CapitalDeposited: the approved
   * refinance proposal's document (issue 19).
   */
  statementHash: string | null;
  args: Record<string, unknown>;
}

export interface Followed {
  address: string;
  kind: string;
  token: string | null;
  /** For a launched token, offering or governor: the property id (bytes32 hex) of its launch. */
  propertyId?: string | null;
}

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const selectors = new Map<string, Map<string, Abi>>();

/** The event of `kind` whose selector is `topic0`, as a one-item ABI (decoding against it hashes one signature, not all). */
function eventAbi(kind: string, topic0: string | undefined): Abi | undefined {
  let byTopic = selectors.get(kind);
  if (!byTopic) {
    const abi = (abis as Record<string, Abi>)[kind] ?? [];
    byTopic = new Map(
      abi.filter((i): i is AbiEvent => i.type === "event").map((e) => [toEventSelector(e), [e] as Abi]),
    );
    selectors.set(kind, byTopic);
  }
  return topic0 ? byTopic.get(topic0) : undefined;
}

type Args = Record<string, unknown>;
/** Checksummed addresses by their lower-case form: checksumming hashes, and the same few addresses recur. */
const checksummed = new Map<string, string>();
export const addr = (v: unknown): string => {
  const lower = String(v).toLowerCase();
  let out = checksummed.get(lower);
  if (out === undefined) {
    if (checksummed.size >= 100_000) checksummed.clear();
    out = getAddress(lower);
    checksummed.set(lower, out);
  }
  return out;
};

/** Decodes one block range's logs (sorted by block and log index). `orderToken` resolves a settlement order's token. */
export function decodeLogs(
  logs: readonly Log[],
  followed: ReadonlyMap<string, Followed>,
  orderToken: (orderId: string) => string | null,
): StoredEvent[] {
  const out: StoredEvent[] = [];
  let previous: { txHash: string; address: string; name: string; args: Args } | undefined;
  for (const log of logs) {
    const address = addr(log.address);
    const source = followed.get(address);
    if (!source) continue;
    const abi = eventAbi(source.kind, log.topics[0]);
    let name = "Unknown";
    let args: Args = {};
    if (abi) {
      try {
        const decoded = decodeEventLog({
          abi,
          data: log.data,
          topics: log.topics as [`0x${string}`, ...`0x${string}`[]],
        });
        name = decoded.eventName ?? "Unknown";
        args = (decoded.args ?? {}) as Args;
      } catch {
        args = { topics: log.topics, data: log.data };
      }
    }
    const event: StoredEvent = {
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash!,
      logIndex: Number(log.logIndex),
      txHash: log.transactionHash!,
      address,
      contract: source.kind,
      name,
      token: null,
      partition: null,
      fromAddr: null,
      toAddr: null,
      amount: null,
      statementHash: null,
      args: plain(args) as Args,
    };
    if (source.kind === "PropertyToken") {
      event.token = address;
      if (name === "Transfer") {
        event.fromAddr = addr(args["from"]);
        event.toAddr = addr(args["to"]);
        event.amount = String(args["value"]);
        event.partition = DEFAULT_PARTITION;
        const p = previous;
        if (p && p.txHash === event.txHash && p.address === address && String(p.args["value"]) === event.amount) {
          const matches =
            (p.name === "TransferByPartition" &&
              addr(p.args["from"]) === event.fromAddr &&
              addr(p.args["to"]) === event.toAddr) ||
            (p.name === "IssuedByPartition" && event.fromAddr === ZERO && addr(p.args["to"]) === event.toAddr) ||
            (p.name === "RedeemedByPartition" && event.toAddr === ZERO && addr(p.args["from"]) === event.fromAddr);
          if (matches) event.partition = String(p.args["partition"] ?? p.args["fromPartition"]);
        }
      }
    } else if (
      source.kind === "PropertyOffering" ||
      source.kind === "PropertyGovernor" ||
      source.kind === "PropertyExit"
    ) {
      event.token = source.token;
    } else if (source.kind === "RentDistributor" || source.kind === "PropertyTokenFactory") {
      event.token = args["token"] ? addr(args["token"]) : null;
      if (name === "RentDeposited" || name === "CapitalDeposited") event.statementHash = String(args["statementHash"]);
    } else if (source.kind === "Settlement") {
      event.token = args["token"]
        ? addr(args["token"])
        : args["orderId"] !== undefined
          ? orderToken(String(args["orderId"]))
          : null;
    }
    previous = { txHash: event.txHash, address, name, args };
    out.push(event);
  }
  return out;
}
