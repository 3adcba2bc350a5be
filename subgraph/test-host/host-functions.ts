/**
 * The graph-node host functions a mapping imports, implemented for tests. `SUPPORTED` lists them; a module
 * importing anything else is refused when it is loaded (see `checkImports`), and the README says why.
 *
 * Semantics follow graph-node: BigInt division truncates toward zero and fails on zero; `bigInt.pow` takes a
 * u8 exponent; shifts are arithmetic; `bigIntToHex` prints `0x`-prefixed lowercase hex (`-0x…` for negatives);
 * `bytesToString` decodes UTF-8 lossily and drops trailing NUL bytes; `stringToH160` requires 40 hex digits;
 * BigDecimal keeps 34 significant digits; `log.critical` aborts the handler.
 */
import { keccak256 } from "ethers";
import { AscMemory, bigIntToBytes, bytesToBigInt, fromHex, toHex } from "./asc-memory.js";
import { type EntityStore } from "./entity-store.js";
import { decodeAbi, encodeCall, readEthValue, writeEthValue } from "./ethereum-values.js";
import {
  decimalMath,
  formatDecimal,
  normalizeDecimal,
  parseDecimal,
  readDecimal,
  readEntity,
  writeDecimal,
  writeEntity,
  type EntityData,
} from "./store-values.js";

export interface LogLine {
  level: "critical" | "error" | "warning" | "info" | "debug";
  message: string;
}

/** A data source created by a mapping (`Template.create` / `createWithContext`). */
export interface CreatedDataSource {
  template: string;
  params: string[];
  context: EntityData | null;
}

/** A contract call a mapping made (`Contract.bind(address).f()`), answered at the trigger's block. */
export interface ContractCall {
  to: string;
  data: string;
  blockNumber: bigint;
}

/**
 * Thrown by `ethereum.call` when the answer is not known yet: the indexer discards the handler's writes, fetches
 * the answer from the chain (asynchronously), and runs the handler again (host functions are synchronous).
 */
export class PendingCall extends Error {
  constructor(readonly call: ContractCall) {
    super(`contract call to ${call.to} at block ${call.blockNumber} not fetched yet`);
  }
}

export function callKey(call: ContractCall): string {
  return `${call.to.toLowerCase()}@${call.blockNumber}:${call.data}`;
}

/** What the host functions need to know about the trigger being handled. */
export interface HandlerContext {
  store: EntityStore;
  blockNumber: bigint;
  /** Answers fetched so far (`callKey` -> return data, or null when the call reverted). */
  calls: Map<string, string | null>;
  dataSource: { address: string; network: string; context: EntityData | null };
  created: CreatedDataSource[];
  logs: LogLine[];
}

/** `module.name` of every import the host provides. */
export const SUPPORTED = [
  "env.abort",
  "index.store.get",
  "index.store.get_in_block",
  "index.store.set",
  "index.store.remove",
  "index.store.loadRelated",
  "index.log.log",
  "index.crypto.keccak256",
  "conversion.typeConversion.bytesToString",
  "conversion.typeConversion.bytesToHex",
  "conversion.typeConversion.bigIntToString",
  "conversion.typeConversion.bigIntToHex",
  "conversion.typeConversion.stringToH160",
  ...[
    "plus",
    "minus",
    "times",
    "dividedBy",
    "dividedByDecimal",
    "mod",
    "pow",
    "fromString",
    "bitOr",
    "bitAnd",
    "leftShift",
    "rightShift",
  ].map((f) => `numbers.bigInt.${f}`),
  ...["plus", "minus", "times", "dividedBy", "equals", "toString", "fromString"].map((f) => `numbers.bigDecimal.${f}`),
  "ethereum.ethereum.decode",
  "ethereum.ethereum.call",
  "datasource.dataSource.create",
  "datasource.dataSource.createWithContext",
  "datasource.dataSource.address",
  "datasource.dataSource.network",
  "datasource.dataSource.context",
] as const;

/** Refuses a module that imports a host function this host does not provide. */
export function checkImports(module: WebAssembly.Module, file: string): void {
  const missing = WebAssembly.Module.imports(module)
    .map((i) => `${i.module}.${i.name}`)
    .filter((name) => !(SUPPORTED as readonly string[]).includes(name));
  if (missing.length) {
    throw new Error(
      `${file} imports host functions the test host does not provide: ${missing.join(", ")}. See subgraph/test-host/README.md.`,
    );
  }
}

function trimNul(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return text.slice(0, end);
}

const LEVELS: LogLine["level"][] = ["critical", "error", "warning", "info", "debug"];

function bigIntBinary(op: (a: bigint, b: bigint) => bigint) {
  return (mem: AscMemory, x: number, y: number): number =>
    mem.writeBytes(bigIntToBytes(op(bytesToBigInt(mem.readBytes(x)), bytesToBigInt(mem.readBytes(y)))));
}

/** Builds the import object; `memory()` returns the instance's memory once it exists. */
export function hostImports(memory: () => AscMemory, ctx: () => HandlerContext): WebAssembly.Imports {
  const m = memory;
  const bigInt = (op: (a: bigint, b: bigint) => bigint) => (x: number, y: number) => bigIntBinary(op)(m(), x, y);
  const dec = (x: number) => readDecimal(m(), x);
  const nonZero = (b: bigint): bigint => {
    if (b === 0n) throw new Error("BigInt division by zero");
    return b;
  };

  return {
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        const text = message ? m().readString(message) : "abort";
        const where = file ? ` (${m().readString(file)}:${line}:${column})` : "";
        throw new Error(`Mapping aborted: ${text}${where}`);
      },
    },
    index: {
      "store.get": (entity: number, id: number): number => {
        const found = ctx().store.get(m().readString(entity), m().readString(id));
        return found ? writeEntity(m(), found) : 0;
      },
      "store.get_in_block": (entity: number, id: number): number => {
        const found = ctx().store.getInBlock(m().readString(entity), m().readString(id));
        return found ? writeEntity(m(), found) : 0;
      },
      "store.set": (entity: number, id: number, data: number): void => {
        ctx().store.set(m().readString(entity), m().readString(id), readEntity(m(), data));
      },
      "store.remove": (entity: number, id: number): void => {
        ctx().store.remove(m().readString(entity), m().readString(id));
      },
      "store.loadRelated": (entity: number, id: number, field: number): number => {
        const related = ctx().store.loadRelated(m().readString(entity), m().readString(id), m().readString(field));
        return m().writePointerArray(
          related.map((e) => writeEntity(m(), e)),
          "ArrayTypedMapEntryStringStoreValue",
        );
      },
      "log.log": (level: number, message: number): void => {
        const line: LogLine = { level: LEVELS[level] ?? "error", message: m().readString(message) };
        ctx().logs.push(line);
        if (line.level === "critical") throw new Error(`Critical error logged by the mapping: ${line.message}`);
      },
      "crypto.keccak256": (input: number): number => m().writeBytes(fromHex(keccak256(m().readBytes(input)))),
    },
    conversion: {
      "typeConversion.bytesToString": (bytes: number): number =>
        m().writeString(trimNul(new TextDecoder().decode(m().readBytes(bytes)))),
      "typeConversion.bytesToHex": (bytes: number): number => m().writeString(toHex(m().readBytes(bytes))),
      "typeConversion.bigIntToString": (n: number): number =>
        m().writeString(bytesToBigInt(m().readBytes(n)).toString()),
      "typeConversion.bigIntToHex": (n: number): number => {
        const v = bytesToBigInt(m().readBytes(n));
        return m().writeString(v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
      },
      "typeConversion.stringToH160": (s: number): number => {
        const text = m().readString(s);
        if (!/^(0x)?[0-9a-fA-F]{40}$/.test(text))
          throw new Error(`Failed to convert string to Address/H160: '${text}'`);
        return m().writeBytes(fromHex(text));
      },
    },
    numbers: {
      "bigInt.plus": bigInt((a, b) => a + b),
      "bigInt.minus": bigInt((a, b) => a - b),
      "bigInt.times": bigInt((a, b) => a * b),
      "bigInt.dividedBy": bigInt((a, b) => a / nonZero(b)),
      "bigInt.mod": bigInt((a, b) => a % nonZero(b)),
      "bigInt.bitOr": bigInt((a, b) => a | b),
      "bigInt.bitAnd": bigInt((a, b) => a & b),
      "bigInt.pow": (x: number, exp: number): number =>
        m().writeBytes(bigIntToBytes(bytesToBigInt(m().readBytes(x)) ** BigInt(exp & 0xff))),
      "bigInt.leftShift": (x: number, bits: number): number =>
        m().writeBytes(bigIntToBytes(bytesToBigInt(m().readBytes(x)) << BigInt(bits & 0xff))),
      "bigInt.rightShift": (x: number, bits: number): number =>
        m().writeBytes(bigIntToBytes(bytesToBigInt(m().readBytes(x)) >> BigInt(bits & 0xff))),
      "bigInt.fromString": (s: number): number => {
        const text = m().readString(s);
        if (!/^-?\d+$/.test(text)) throw new Error(`BigInt.fromString: not an integer: '${text}'`);
        return m().writeBytes(bigIntToBytes(BigInt(text)));
      },
      "bigInt.dividedByDecimal": (x: number, y: number): number =>
        writeDecimal(m(), decimalMath.dividedBy(normalizeDecimal(bytesToBigInt(m().readBytes(x)), 0), dec(y))),
      "bigDecimal.plus": (x: number, y: number): number => writeDecimal(m(), decimalMath.plus(dec(x), dec(y))),
      "bigDecimal.minus": (x: number, y: number): number => writeDecimal(m(), decimalMath.minus(dec(x), dec(y))),
      "bigDecimal.times": (x: number, y: number): number => writeDecimal(m(), decimalMath.times(dec(x), dec(y))),
      "bigDecimal.dividedBy": (x: number, y: number): number =>
        writeDecimal(m(), decimalMath.dividedBy(dec(x), dec(y))),
      "bigDecimal.equals": (x: number, y: number): number => (decimalMath.equals(dec(x), dec(y)) ? 1 : 0),
      "bigDecimal.toString": (x: number): number => m().writeString(formatDecimal(dec(x))),
      "bigDecimal.fromString": (s: number): number => writeDecimal(m(), parseDecimal(m().readString(s))),
    },
    ethereum: {
      // Returns null when the call reverted (graph-ts `try_` calls; plain calls then abort), as graph-node does.
      "ethereum.call": (callPtr: number): number => {
        const mem = m();
        const address = toHex(mem.readBytes(mem.u32(callPtr, 4)));
        const signature = mem.readString(mem.u32(callPtr, 12));
        const params = mem.readPointerArray(mem.u32(callPtr, 16)).map((p) => readEthValue(mem, p));
        const encoded = encodeCall(signature, params);
        const call: ContractCall = { to: address, data: encoded.data, blockNumber: ctx().blockNumber };
        const answer = ctx().calls.get(callKey(call));
        if (answer === undefined) throw new PendingCall(call);
        if (answer === null) return 0;
        return mem.writePointerArray(
          encoded.decode(answer).map((v) => writeEthValue(mem, v)),
          "ArrayEthereumValue",
        );
      },
      "ethereum.decode": (types: number, data: number): number => {
        const value = decodeAbi(m().readString(types), m().readBytes(data));
        return value ? writeEthValue(m(), value) : 0;
      },
    },
    datasource: {
      "dataSource.create": (name: number, params: number): void => {
        const p = m()
          .readPointerArray(params)
          .map((s) => m().readString(s));
        ctx().created.push({ template: m().readString(name), params: p, context: null });
      },
      "dataSource.createWithContext": (name: number, params: number, context: number): void => {
        const p = m()
          .readPointerArray(params)
          .map((s) => m().readString(s));
        ctx().created.push({ template: m().readString(name), params: p, context: readEntity(m(), context) });
      },
      "dataSource.address": (): number => m().writeBytes(fromHex(ctx().dataSource.address)),
      "dataSource.network": (): number => m().writeString(ctx().dataSource.network),
      // A data source created without a context gets an empty one, as in graph-node.
      "dataSource.context": (): number => writeEntity(m(), ctx().dataSource.context ?? new Map()),
    },
  };
}
