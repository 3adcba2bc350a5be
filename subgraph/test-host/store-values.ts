/**
 * graph-ts store values (`Value`, `Entity`, `BigDecimal`) as plain JavaScript, and their conversion from and to
 * a mapping's memory.
 *
 * `Value` is `{ kind: i32 @0, data: u64 @8 }` (graph-ts common/value.ts); `data` holds a pointer for reference
 * kinds, the number itself for `Int`/`Int8`/`Timestamp`, 0/1 for `Bool`. `Entity` is
 * `TypedMap<string, Value>`: `{ entries: Array<TypedMapEntry> }`, each entry `{ key: string, value: Value }`.
 * `BigDecimal` is `{ digits: BigInt, exp: BigInt }` meaning digits x 10^exp.
 */
import { AscMemory, bigIntToBytes, bytesToBigInt, fromHex, toHex } from "./asc-memory.js";

/** A decimal number `digits x 10^exp`, normalized (no trailing zero digits; zero is `0 x 10^0`). */
export interface Decimal {
  digits: bigint;
  exp: number;
}

export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "BigDecimal"; value: Decimal }
  | { kind: "Bool"; value: boolean }
  | { kind: "Array"; value: StoreValue[] }
  | { kind: "Null" }
  | { kind: "Bytes"; value: string }
  | { kind: "BigInt"; value: bigint }
  | { kind: "Int8"; value: bigint }
  | { kind: "Timestamp"; value: bigint };

export type StoreValueKind = StoreValue["kind"];

/** graph-ts `ValueKind` order. */
const KINDS: StoreValueKind[] = [
  "String",
  "Int",
  "BigDecimal",
  "Bool",
  "Array",
  "Null",
  "Bytes",
  "BigInt",
  "Int8",
  "Timestamp",
];

/** An entity as the host stores it: field name to value, in insertion order. */
export type EntityData = Map<string, StoreValue>;

/** graph-node keeps 34 significant digits in BigDecimal results. */
export const DECIMAL_PRECISION = 34;

export function normalizeDecimal(digits: bigint, exp: number): Decimal {
  if (digits === 0n) return { digits: 0n, exp: 0 };
  let d = digits;
  let e = exp;
  // Round to DECIMAL_PRECISION significant digits, half to even.
  const length = (d < 0n ? -d : d).toString().length;
  if (length > DECIMAL_PRECISION) {
    const drop = length - DECIMAL_PRECISION;
    const unit = 10n ** BigInt(drop);
    const negative = d < 0n;
    const abs = negative ? -d : d;
    let q = abs / unit;
    const r = abs % unit;
    if (r * 2n > unit || (r * 2n === unit && q % 2n === 1n)) q += 1n;
    d = negative ? -q : q;
    e += drop;
  }
  while (d !== 0n && d % 10n === 0n) {
    d /= 10n;
    e += 1;
  }
  return { digits: d, exp: e };
}

export function parseDecimal(text: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) throw new Error(`not a decimal number: "${text}"`);
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  const digits = BigInt((sign === "-" ? "-" : "") + (whole + fraction || "0"));
  return normalizeDecimal(digits, Number(exponent) - fraction.length);
}

export function formatDecimal(value: Decimal): string {
  const { digits, exp } = value;
  if (exp >= 0) return (digits * 10n ** BigInt(exp)).toString();
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(-exp + 1, "0");
  const cut = abs.length + exp;
  return (negative ? "-" : "") + abs.slice(0, cut) + "." + abs.slice(cut);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.digits * 10n ** BigInt(a.exp - exp), b.digits * 10n ** BigInt(b.exp - exp), exp];
}

export const decimalMath = {
  plus: (a: Decimal, b: Decimal): Decimal => {
    const [x, y, e] = align(a, b);
    return normalizeDecimal(x + y, e);
  },
  minus: (a: Decimal, b: Decimal): Decimal => {
    const [x, y, e] = align(a, b);
    return normalizeDecimal(x - y, e);
  },
  times: (a: Decimal, b: Decimal): Decimal => normalizeDecimal(a.digits * b.digits, a.exp + b.exp),
  dividedBy: (a: Decimal, b: Decimal): Decimal => {
    if (b.digits === 0n) throw new Error("BigDecimal division by zero");
    // Scale the dividend so the quotient carries more than DECIMAL_PRECISION digits, then round.
    const scale = DECIMAL_PRECISION + 2 + b.digits.toString().length;
    const q = (a.digits * 10n ** BigInt(scale)) / b.digits;
    return normalizeDecimal(q, a.exp - b.exp - scale);
  },
  equals: (a: Decimal, b: Decimal): boolean => a.digits === b.digits && a.exp === b.exp,
};

export function readDecimal(mem: AscMemory, ptr: number): Decimal {
  const digits = bytesToBigInt(mem.readBytes(mem.u32(ptr, 0)));
  const exp = bytesToBigInt(mem.readBytes(mem.u32(ptr, 4)));
  return normalizeDecimal(digits, Number(exp));
}

export function writeDecimal(mem: AscMemory, value: Decimal): number {
  const digits = mem.writeBytes(bigIntToBytes(value.digits));
  const exp = mem.writeBytes(bigIntToBytes(BigInt(value.exp)));
  return mem.writeStruct([digits, exp], "BigDecimal");
}

export function readStoreValue(mem: AscMemory, ptr: number): StoreValue {
  const kind = KINDS[mem.i32(ptr, 0)];
  const data = mem.u64(ptr, 8);
  const pointer = Number(data & 0xffffffffn);
  switch (kind) {
    case "String":
      return { kind, value: mem.readString(pointer) };
    case "Int":
      return { kind, value: Number(BigInt.asIntN(32, data)) };
    case "BigDecimal":
      return { kind, value: readDecimal(mem, pointer) };
    case "Bool":
      return { kind, value: data !== 0n };
    case "Array":
      return { kind, value: mem.readPointerArray(pointer).map((p) => readStoreValue(mem, p)) };
    case "Null":
      return { kind };
    case "Bytes":
      return { kind, value: toHex(mem.readBytes(pointer)) };
    case "BigInt":
      return { kind, value: bytesToBigInt(mem.readBytes(pointer)) };
    case "Int8":
    case "Timestamp":
      return { kind, value: BigInt.asIntN(64, data) };
    default:
      throw new Error(`unknown store value kind ${mem.i32(ptr, 0)}`);
  }
}

export function writeStoreValue(mem: AscMemory, value: StoreValue): number {
  let data: bigint;
  switch (value.kind) {
    case "String":
      data = BigInt(mem.writeString(value.value));
      break;
    case "Int":
      data = BigInt.asUintN(64, BigInt(value.value));
      break;
    case "BigDecimal":
      data = BigInt(writeDecimal(mem, value.value));
      break;
    case "Bool":
      data = value.value ? 1n : 0n;
      break;
    case "Array":
      data = BigInt(
        mem.writePointerArray(
          value.value.map((v) => writeStoreValue(mem, v)),
          "ArrayStoreValue",
        ),
      );
      break;
    case "Null":
      data = 0n;
      break;
    case "Bytes":
      data = BigInt(mem.writeBytes(fromHex(value.value)));
      break;
    case "BigInt":
      data = BigInt(mem.writeBytes(bigIntToBytes(value.value)));
      break;
    case "Int8":
    case "Timestamp":
      data = value.value;
      break;
  }
  const ptr = mem.alloc(16, "StoreValue");
  mem.setI32(ptr, 0, KINDS.indexOf(value.kind));
  mem.setU64(ptr, 8, data);
  return ptr;
}

/** Reads a graph-ts `Entity` / `TypedMap<string, Value>` (also `DataSourceContext`). */
export function readEntity(mem: AscMemory, ptr: number): EntityData {
  const out: EntityData = new Map();
  for (const entry of mem.readPointerArray(mem.u32(ptr, 0))) {
    out.set(mem.readString(mem.u32(entry, 0)), readStoreValue(mem, mem.u32(entry, 4)));
  }
  return out;
}

export function writeEntity(mem: AscMemory, data: EntityData): number {
  const entries = [...data].map(([key, value]) =>
    mem.writeStruct([mem.writeString(key), writeStoreValue(mem, value)], "TypedMapEntryStringStoreValue"),
  );
  return mem.writeStruct(
    [mem.writePointerArray(entries, "ArrayTypedMapEntryStringStoreValue")],
    "TypedMapStringStoreValue",
  );
}

/** A store value as a plain JavaScript value for assertions (BigInt/Int8/Timestamp as bigint, Bytes as hex). */
export function plain(value: StoreValue): unknown {
  switch (value.kind) {
    case "Null":
      return null;
    case "Array":
      return value.value.map(plain);
    case "BigDecimal":
      return formatDecimal(value.value);
    default:
      return value.value;
  }
}
