/**
 * Ethereum values and events in a mapping's memory, as graph-node builds them for event handlers:
 *
 * - `ethereum.Value` is `{ kind: i32 @0, data: u64 @8 }` (graph-ts chain/ethereum.ts), kinds
 *   ADDRESS, FIXED_BYTES, BYTES, INT, UINT, BOOL, STRING, FIXED_ARRAY, ARRAY, TUPLE; integers of every width are
 *   graph-ts `BigInt`s; arrays and tuples are `Array<ethereum.Value>`.
 * - `ethereum.Event` is `{ address, logIndex, transactionLogIndex, logType, block, transaction, parameters,
 *   receipt }`; `ethereum.Block` has 15 fields and `ethereum.Transaction` 9 (declaration order, all pointers).
 *
 * Log decoding follows the ABI: indexed parameters come from the topics (an indexed dynamic value is only its
 * keccak-256 hash, delivered as FIXED_BYTES, as graph-node does), the others from the data.
 */
import { AbiCoder, EventFragment, ParamType, id, type Result } from "ethers";
import { AscMemory, bigIntToBytes, bytesToBigInt, fromHex, toHex } from "./asc-memory.js";
import { type ChainBlock, type ChainLog, type ChainTransaction } from "./chain.js";

const ETH_KINDS = [
  "address",
  "fixedBytes",
  "bytes",
  "int",
  "uint",
  "bool",
  "string",
  "fixedArray",
  "array",
  "tuple",
] as const;
export type EthValueKind = (typeof ETH_KINDS)[number];

export type EthValue =
  | { kind: "address" | "fixedBytes" | "bytes"; value: Uint8Array }
  | { kind: "int" | "uint"; value: bigint }
  | { kind: "bool"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "fixedArray" | "array" | "tuple"; value: EthValue[] };

/** Converts a value decoded by ethers for `type` into the tree graph-node hands to mappings. */
export function toEthValue(type: ParamType, value: unknown): EthValue {
  const base = type.baseType;
  if (base === "tuple") {
    const items = value as Result;
    return { kind: "tuple", value: type.components!.map((c, i) => toEthValue(c, items[i])) };
  }
  if (base === "array") {
    const items = value as Result;
    const kind = type.arrayLength === -1 ? "array" : "fixedArray";
    return { kind, value: [...items].map((item) => toEthValue(type.arrayChildren!, item)) };
  }
  if (base === "address") return { kind: "address", value: fromHex(value as string) };
  if (base === "bool") return { kind: "bool", value: value as boolean };
  if (base === "string") return { kind: "string", value: value as string };
  if (base === "bytes") return { kind: "bytes", value: fromHex(value as string) };
  if (/^bytes\d+$/.test(base)) return { kind: "fixedBytes", value: fromHex(value as string) };
  if (/^uint\d*$/.test(base)) return { kind: "uint", value: value as bigint };
  if (/^int\d*$/.test(base)) return { kind: "int", value: value as bigint };
  throw new Error(`ABI type ${base} is not supported by the test host`);
}

export function writeEthValue(mem: AscMemory, value: EthValue): number {
  let data: bigint;
  switch (value.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      data = BigInt(mem.writeBytes(value.value));
      break;
    case "int":
    case "uint":
      data = BigInt(mem.writeBytes(bigIntToBytes(value.value)));
      break;
    case "bool":
      data = value.value ? 1n : 0n;
      break;
    case "string":
      data = BigInt(mem.writeString(value.value));
      break;
    case "fixedArray":
    case "array":
    case "tuple":
      data = BigInt(
        mem.writePointerArray(
          value.value.map((v) => writeEthValue(mem, v)),
          "ArrayEthereumValue",
        ),
      );
      break;
  }
  const ptr = mem.alloc(16, "EthereumValue");
  mem.setI32(ptr, 0, ETH_KINDS.indexOf(value.kind));
  mem.setU64(ptr, 8, data);
  return ptr;
}

export function readEthValue(mem: AscMemory, ptr: number): EthValue {
  const kind = ETH_KINDS[mem.i32(ptr, 0)];
  const data = mem.u64(ptr, 8);
  const pointer = Number(data & 0xffffffffn);
  switch (kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return { kind, value: mem.readBytes(pointer) };
    case "int":
    case "uint":
      return { kind, value: bytesToBigInt(mem.readBytes(pointer)) };
    case "bool":
      return { kind, value: data !== 0n };
    case "string":
      return { kind, value: mem.readString(pointer) };
    case "fixedArray":
    case "array":
    case "tuple":
      return { kind, value: mem.readPointerArray(pointer).map((p) => readEthValue(mem, p)) };
    default:
      throw new Error(`unknown ethereum value kind ${mem.i32(ptr, 0)}`);
  }
}

/** The JavaScript value ethers encodes for an `EthValue`. */
export function toAbiValue(value: EthValue): unknown {
  switch (value.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return toHex(value.value);
    case "fixedArray":
    case "array":
    case "tuple":
      return value.value.map(toAbiValue);
    default:
      return value.value;
  }
}

/**
 * A contract call as graph-ts describes it (`name(inputs):(outputs)`, the signature codegen writes): the
 * calldata to send, and a decoder of the returned data into the output values.
 */
export function encodeCall(
  signature: string,
  params: EthValue[],
): { data: string; decode(result: string): EthValue[] } {
  const split = signature.indexOf("):(");
  if (split < 0) throw new Error(`not a graph-ts call signature: ${signature}`);
  const name = signature.slice(0, signature.indexOf("("));
  const inputs = ParamType.from(signature.slice(name.length, split + 1)).components ?? [];
  const outputs = ParamType.from(signature.slice(split + 2)).components ?? [];
  const selector = id(`${name}(${inputs.map((t) => t.format("sighash")).join(",")})`).slice(0, 10);
  const data = selector + AbiCoder.defaultAbiCoder().encode(inputs, params.map(toAbiValue)).slice(2);
  return {
    data,
    decode: (result) => {
      const decoded = AbiCoder.defaultAbiCoder().decode(outputs, result);
      return outputs.map((t, i) => toEthValue(t, decoded[i]));
    },
  };
}

/** `ethereum.decode(types, data)`: null when the data does not decode (graph-node returns null too). */
export function decodeAbi(types: string, data: Uint8Array): EthValue | null {
  try {
    const type = ParamType.from(types);
    const [decoded] = AbiCoder.defaultAbiCoder().decode([type], data);
    return toEthValue(type, decoded);
  } catch {
    return null;
  }
}

export interface EventParamValue {
  name: string;
  value: EthValue;
}

/** Decodes a log's parameters with the event's ABI fragment. */
export function decodeLogParams(fragment: EventFragment, log: ChainLog): EventParamValue[] {
  const coder = AbiCoder.defaultAbiCoder();
  const dataTypes = fragment.inputs.filter((p) => !p.indexed);
  const decoded = coder.decode(dataTypes, log.data);
  let topic = fragment.anonymous ? 0 : 1;
  let dataIndex = 0;
  return fragment.inputs.map((input) => {
    if (!input.indexed) return { name: input.name, value: toEthValue(input, decoded[dataIndex++]) };
    const raw = log.topics[topic++];
    if (raw === undefined) throw new Error(`log has too few topics for ${fragment.format("sighash")}`);
    if (input.isTuple() || input.isArray() || input.baseType === "string" || input.baseType === "bytes") {
      return { name: input.name, value: { kind: "fixedBytes", value: fromHex(raw) } };
    }
    return { name: input.name, value: toEthValue(input, coder.decode([input], raw)[0]) };
  });
}

function writeBigInt(mem: AscMemory, value: bigint): number {
  return mem.writeBytes(bigIntToBytes(value));
}

function writeBlock(mem: AscMemory, b: ChainBlock): number {
  const h = (s: string): number => mem.writeBytes(fromHex(s));
  return mem.writeStruct(
    [
      h(b.hash),
      h(b.parentHash),
      h(b.sha3Uncles),
      h(b.miner),
      h(b.stateRoot),
      h(b.transactionsRoot),
      h(b.receiptsRoot),
      writeBigInt(mem, b.number),
      writeBigInt(mem, b.gasUsed),
      writeBigInt(mem, b.gasLimit),
      writeBigInt(mem, b.timestamp),
      writeBigInt(mem, b.difficulty),
      writeBigInt(mem, b.totalDifficulty),
      b.size === null ? 0 : writeBigInt(mem, b.size),
      b.baseFeePerGas === null ? 0 : writeBigInt(mem, b.baseFeePerGas),
    ],
    "EthereumBlock",
  );
}

function writeTransaction(mem: AscMemory, t: ChainTransaction): number {
  const h = (s: string): number => mem.writeBytes(fromHex(s));
  return mem.writeStruct(
    [
      h(t.hash),
      writeBigInt(mem, t.index),
      h(t.from),
      t.to === null ? 0 : h(t.to),
      writeBigInt(mem, t.value),
      writeBigInt(mem, t.gasLimit),
      writeBigInt(mem, t.gasPrice),
      h(t.input),
      writeBigInt(mem, t.nonce),
    ],
    "EthereumTransaction",
  );
}

/** Writes the `ethereum.Event` an event handler receives (receipt: null, as without `receipt: true`). */
export function writeEvent(
  mem: AscMemory,
  log: ChainLog,
  block: ChainBlock,
  tx: ChainTransaction,
  params: EventParamValue[],
): number {
  const parameters = mem.writePointerArray(
    params.map((p) => mem.writeStruct([mem.writeString(p.name), writeEthValue(mem, p.value)], "EventParam")),
    "ArrayEventParam",
  );
  return mem.writeStruct(
    [
      mem.writeBytes(fromHex(log.address)),
      writeBigInt(mem, BigInt(log.logIndex)),
      writeBigInt(mem, BigInt(log.transactionLogIndex)),
      0,
      writeBlock(mem, block),
      writeTransaction(mem, tx),
      parameters,
      0,
    ],
    "EthereumEvent",
  );
}
