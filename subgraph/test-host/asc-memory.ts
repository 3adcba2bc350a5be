/**
 * Reads and writes AssemblyScript objects in a mapping's linear memory, with the layouts that
 * AssemblyScript 0.19 (the compiler graph-cli 0.98 uses) and graph-ts 0.38 produce:
 *
 * - every managed object is preceded by a 20-byte header; the object's runtime class id sits at `ptr - 8`
 *   and its payload size in bytes at `ptr - 4` (std/assembly/rt/common.ts, `OBJECT`);
 * - `String`: UTF-16LE code units, length = payload size / 2;
 * - `ArrayBuffer`: the raw bytes;
 * - `Uint8Array` (and graph-ts `Bytes`, `Address`, `BigInt`, which extend it): `{ buffer, dataStart, byteLength }`;
 * - `Array<T>`: `{ buffer, dataStart, byteLength, length }`, elements of reference type are 32-bit pointers;
 * - classes: fields in declaration order (base class first), each aligned to its own size.
 *
 * Objects are allocated with the module's exported `__new(size, classId)` (graph-cli compiles with
 * `--exportRuntime --runtime stub`: a bump allocator without a collector, so nothing is ever moved or freed).
 * Class ids come from the module's exported `id_of_type(TypeId)` (graph-ts global/global.ts), exactly as
 * graph-node obtains them.
 */

/** graph-ts `TypeId` discriminants used by the host (graph-ts global/global.ts). */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringStoreValue: 21,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumValue: 30,
  StoreValue: 31,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
} as const;
export type TypeIdName = keyof typeof TypeId;

interface RuntimeExports {
  memory: WebAssembly.Memory;
  __new(size: number, id: number): number;
  id_of_type(typeId: number): number;
}

export class AscMemory {
  private readonly classIds = new Map<number, number>();

  constructor(private readonly exports: RuntimeExports) {}

  private get view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  private get bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  classId(type: TypeIdName): number {
    const typeId = TypeId[type];
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId);
      this.classIds.set(typeId, id);
    }
    return id;
  }

  /** Allocates a zeroed object of `size` bytes with the class id of `type`. */
  alloc(size: number, type: TypeIdName): number {
    const ptr = this.exports.__new(size, this.classId(type)) >>> 0;
    this.bytes.fill(0, ptr, ptr + size);
    return ptr;
  }

  u32(ptr: number, offset = 0): number {
    return this.view.getUint32(ptr + offset, true);
  }

  i32(ptr: number, offset = 0): number {
    return this.view.getInt32(ptr + offset, true);
  }

  u64(ptr: number, offset = 0): bigint {
    return this.view.getBigUint64(ptr + offset, true);
  }

  i64(ptr: number, offset = 0): bigint {
    return this.view.getBigInt64(ptr + offset, true);
  }

  setU32(ptr: number, offset: number, value: number): void {
    this.view.setUint32(ptr + offset, value, true);
  }

  setI32(ptr: number, offset: number, value: number): void {
    this.view.setInt32(ptr + offset, value, true);
  }

  setU64(ptr: number, offset: number, value: bigint): void {
    this.view.setBigUint64(ptr + offset, BigInt.asUintN(64, value), true);
  }

  /** The payload size recorded in an object's header. */
  size(ptr: number): number {
    return this.u32(ptr, -4);
  }

  readString(ptr: number): string {
    if (ptr === 0) throw new Error("null string pointer");
    const units = new Uint16Array(this.exports.memory.buffer.slice(ptr, ptr + this.size(ptr)));
    let out = "";
    for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.subarray(i, i + 4096));
    return out;
  }

  writeString(value: string): number {
    const ptr = this.alloc(value.length * 2, "String");
    const view = this.view;
    for (let i = 0; i < value.length; i++) view.setUint16(ptr + i * 2, value.charCodeAt(i), true);
    return ptr;
  }

  /** Reads any `ArrayBufferView` of bytes (`Uint8Array`, graph-ts `Bytes`, `Address`, `BigInt`). */
  readBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("null bytes pointer");
    const dataStart = this.u32(ptr, 4);
    const byteLength = this.u32(ptr, 8);
    return this.bytes.slice(dataStart, dataStart + byteLength);
  }

  writeBytes(value: Uint8Array): number {
    const buffer = this.alloc(value.length, "ArrayBuffer");
    this.bytes.set(value, buffer);
    const ptr = this.alloc(12, "Uint8Array");
    this.setU32(ptr, 0, buffer);
    this.setU32(ptr, 4, buffer);
    this.setU32(ptr, 8, value.length);
    return ptr;
  }

  /** Reads an `Array<T>` of references as their pointers. */
  readPointerArray(ptr: number): number[] {
    if (ptr === 0) throw new Error("null array pointer");
    const dataStart = this.u32(ptr, 4);
    const length = this.i32(ptr, 12);
    const out: number[] = [];
    for (let i = 0; i < length; i++) out.push(this.u32(dataStart, i * 4));
    return out;
  }

  writePointerArray(pointers: number[], type: TypeIdName): number {
    const buffer = this.alloc(pointers.length * 4, "ArrayBuffer");
    pointers.forEach((p, i) => this.setU32(buffer, i * 4, p));
    const ptr = this.alloc(16, type);
    this.setU32(ptr, 0, buffer);
    this.setU32(ptr, 4, buffer);
    this.setU32(ptr, 8, pointers.length * 4);
    this.setI32(ptr, 12, pointers.length);
    return ptr;
  }

  /** Writes a plain object whose fields are all 32-bit pointers, in declaration order. */
  writeStruct(fields: number[], type: TypeIdName): number {
    const ptr = this.alloc(fields.length * 4, type);
    fields.forEach((p, i) => this.setU32(ptr, i * 4, p));
    return ptr;
  }
}

/** graph-ts `BigInt`: signed two's complement, little-endian, minimal length (graph-node's `to_signed_bytes_le`). */
export function bigIntToBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0xffn);
    v >>= 8n;
    out.push(byte);
    const signBit = (byte & 0x80) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return BigInt.asIntN(bytes.length * 8, v);
}

export function toHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

export function fromHex(hex: string): Uint8Array {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new Error(`not a hex string: ${hex}`);
  return Uint8Array.from(Buffer.from(body, "hex"));
}
