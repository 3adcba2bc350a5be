/**
 * Unit tests of the test host's pieces: the host functions called directly on a live instance of the fixture's
 * WASM (graph-node semantics checked against JavaScript's own arithmetic), AssemblyScript layouts, the schema
 * validation, and the refusal of modules importing what the host does not provide.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { id } from "ethers";
import fc from "fast-check";
import { AscMemory, bigIntToBytes, bytesToBigInt, fromHex } from "../test-host/asc-memory.js";
import { EntityStore } from "../test-host/entity-store.js";
import { checkImports, hostImports, SUPPORTED, type HandlerContext } from "../test-host/host-functions.js";
import { encodeCall, readEthValue, writeEthValue, type EthValue } from "../test-host/ethereum-values.js";
import { EntitySchema } from "../test-host/schema.js";
import {
  readEntity,
  writeEntity,
  readDecimal,
  writeDecimal,
  parseDecimal,
  formatDecimal,
  type EntityData,
} from "../test-host/store-values.js";
import { buildFixture, FIXTURE_DIR } from "./support/fixture.js";

type HostFn = (...args: number[]) => number;
let mem: AscMemory;
let host: Record<string, Record<string, HostFn>>;
const schema = new EntitySchema(readFileSync(join(FIXTURE_DIR, "schema.graphql"), "utf8"));
const ctx: HandlerContext = {
  store: new EntityStore(schema),
  blockNumber: 1n,
  calls: new Map(),
  dataSource: { address: "0x00000000000000000000000000000000000000aa", network: "localhost", context: null },
  created: [],
  logs: [],
};

before(() => {
  buildFixture();
  const module = new WebAssembly.Module(readFileSync(join(FIXTURE_DIR, "build/Probe/Probe.wasm")));
  const imports = hostImports(
    () => mem,
    () => ctx,
  );
  const instance = new WebAssembly.Instance(module, imports);
  mem = new AscMemory(instance.exports as unknown as ConstructorParameters<typeof AscMemory>[0]);
  (instance.exports["_start"] as () => void)();
  host = imports as unknown as Record<string, Record<string, HostFn>>;
});

const big = (v: bigint): number => mem.writeBytes(bigIntToBytes(v));
const readBig = (ptr: number): bigint => bytesToBigInt(mem.readBytes(ptr));
const call = (module: string, name: string, ...args: number[]): number => host[module]![name]!(...args);
const int256 = fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n });

describe("BigInt layout", () => {
  it("round-trips signed little-endian minimal bytes like graph-node", () => {
    assert.deepEqual([...bigIntToBytes(0n)], [0]);
    assert.deepEqual([...bigIntToBytes(127n)], [127]);
    assert.deepEqual([...bigIntToBytes(128n)], [128, 0]);
    assert.deepEqual([...bigIntToBytes(-1n)], [255]);
    assert.deepEqual([...bigIntToBytes(-129n)], [127, 255]);
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }), (v) => bytesToBigInt(bigIntToBytes(v)) === v),
    );
  });
});

describe("host functions on a live module", () => {
  it("does BigInt arithmetic with graph-node's semantics", () => {
    fc.assert(
      fc.property(int256, int256, (a, b) => {
        assert.equal(readBig(call("numbers", "bigInt.plus", big(a), big(b))), a + b);
        assert.equal(readBig(call("numbers", "bigInt.minus", big(a), big(b))), a - b);
        assert.equal(readBig(call("numbers", "bigInt.times", big(a), big(b))), a * b);
        assert.equal(readBig(call("numbers", "bigInt.bitAnd", big(a), big(b))), a & b);
        assert.equal(readBig(call("numbers", "bigInt.bitOr", big(a), big(b))), a | b);
        if (b !== 0n) {
          // Truncation toward zero, remainder with the dividend's sign (Rust's num-bigint, like JavaScript).
          assert.equal(readBig(call("numbers", "bigInt.dividedBy", big(a), big(b))), a / b);
          assert.equal(readBig(call("numbers", "bigInt.mod", big(a), big(b))), a % b);
        }
      }),
      { numRuns: 200 },
    );
    assert.equal(readBig(call("numbers", "bigInt.dividedBy", big(-7n), big(2n))), -3n);
    assert.equal(readBig(call("numbers", "bigInt.pow", big(-3n), 5)), -243n);
    assert.equal(readBig(call("numbers", "bigInt.leftShift", big(3n), 200)), 3n << 200n);
    assert.equal(readBig(call("numbers", "bigInt.rightShift", big(-5n), 1)), -3n);
    assert.throws(() => call("numbers", "bigInt.dividedBy", big(1n), big(0n)), /division by zero/);
    assert.throws(() => call("numbers", "bigInt.mod", big(1n), big(0n)), /division by zero/);
  });

  it("converts strings, hex and addresses", () => {
    assert.equal(
      readBig(call("numbers", "bigInt.fromString", mem.writeString("-123456789012345678901234567890"))),
      -123456789012345678901234567890n,
    );
    assert.throws(() => call("numbers", "bigInt.fromString", mem.writeString("12x")), /not an integer/);
    assert.equal(mem.readString(call("conversion", "typeConversion.bigIntToString", big(-42n))), "-42");
    assert.equal(mem.readString(call("conversion", "typeConversion.bigIntToHex", big(255n))), "0xff");
    assert.equal(mem.readString(call("conversion", "typeConversion.bigIntToHex", big(0n))), "0x0");
    assert.equal(mem.readString(call("conversion", "typeConversion.bigIntToHex", big(-255n))), "-0xff");
    assert.equal(
      mem.readString(call("conversion", "typeConversion.bytesToHex", mem.writeBytes(Uint8Array.from([0, 171])))),
      "0x00ab",
    );
    const text = mem.writeBytes(Uint8Array.from([...Buffer.from("Rivoli"), 0, 0]));
    assert.equal(mem.readString(call("conversion", "typeConversion.bytesToString", text)), "Rivoli");
    const address = "0x" + "ab".repeat(20);
    assert.deepEqual(
      mem.readBytes(call("conversion", "typeConversion.stringToH160", mem.writeString(address))),
      fromHex(address),
    );
    assert.throws(() => call("conversion", "typeConversion.stringToH160", mem.writeString("0x1234")), /Address\/H160/);
  });

  it("does BigDecimal arithmetic to 34 significant digits", () => {
    const d = (s: string): number => writeDecimal(mem, parseDecimal(s));
    const text = (ptr: number): string => mem.readString(call("numbers", "bigDecimal.toString", ptr));
    assert.equal(text(call("numbers", "bigDecimal.plus", d("1.5"), d("2.25"))), "3.75");
    assert.equal(text(call("numbers", "bigDecimal.minus", d("1"), d("2.5"))), "-1.5");
    assert.equal(text(call("numbers", "bigDecimal.times", d("1.5"), d("-4"))), "-6");
    assert.equal(text(call("numbers", "bigDecimal.dividedBy", d("1"), d("3"))), "0." + "3".repeat(34));
    assert.equal(text(call("numbers", "bigDecimal.dividedBy", d("2"), d("3"))), "0." + "6".repeat(33) + "7");
    assert.equal(call("numbers", "bigDecimal.equals", d("1.50"), d("1.5")), 1);
    assert.equal(call("numbers", "bigDecimal.equals", d("1.5"), d("1.51")), 0);
    assert.equal(text(call("numbers", "bigDecimal.fromString", mem.writeString("12.5e3"))), "12500");
    assert.equal(text(call("numbers", "bigInt.dividedByDecimal", big(10n), d("4"))), "2.5");
    assert.throws(() => call("numbers", "bigDecimal.dividedBy", d("1"), d("0")), /division by zero/);
    assert.throws(() => parseDecimal("1.2.3"), /not a decimal/);
    assert.equal(formatDecimal(readDecimal(mem, d("-0.001"))), "-0.001");
  });

  it("hashes with keccak-256 and decodes ABI data", () => {
    const hash = mem.readBytes(call("index", "crypto.keccak256", mem.writeBytes(Buffer.from(""))));
    assert.equal(Buffer.from(hash).toString("hex"), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    const data = fromHex("0x" + "00".repeat(31) + "2a" + "00".repeat(12) + "11".repeat(20));
    const value = readEthValue(
      mem,
      call("ethereum", "ethereum.decode", mem.writeString("(uint256,address)"), mem.writeBytes(data)),
    );
    assert.deepEqual(value, {
      kind: "tuple",
      value: [
        { kind: "uint", value: 42n },
        { kind: "address", value: fromHex("0x" + "11".repeat(20)) },
      ],
    });
    assert.equal(
      call("ethereum", "ethereum.decode", mem.writeString("(uint256,address)"), mem.writeBytes(fromHex("0x01"))),
      0,
    );
  });

  it("round-trips every ethereum value kind through memory", () => {
    const value: EthValue = {
      kind: "tuple",
      value: [
        { kind: "int", value: -5n },
        { kind: "bool", value: true },
        { kind: "string", value: "été" },
        { kind: "bytes", value: Uint8Array.from([1, 2, 3]) },
        { kind: "fixedArray", value: [{ kind: "fixedBytes", value: new Uint8Array(32) }] },
        { kind: "array", value: [] },
      ],
    };
    assert.deepEqual(readEthValue(mem, writeEthValue(mem, value)), value);
  });

  it("encodes contract calls from graph-ts signatures and decodes their results", () => {
    const call1 = encodeCall("balanceOf(address):(uint256)", [
      { kind: "address", value: fromHex("0x" + "11".repeat(20)) },
    ]);
    assert.equal(call1.data, "0x70a08231" + "00".repeat(12) + "11".repeat(20));
    assert.deepEqual(call1.decode("0x" + "00".repeat(31) + "07"), [{ kind: "uint", value: 7n }]);
    const call2 = encodeCall("terms():((address,uint16))", []);
    assert.equal(call2.data, id("terms()").slice(0, 10));
    assert.deepEqual(call2.decode("0x" + "00".repeat(12) + "22".repeat(20) + "00".repeat(30) + "0096"), [
      {
        kind: "tuple",
        value: [
          { kind: "address", value: fromHex("0x" + "22".repeat(20)) },
          { kind: "uint", value: 150n },
        ],
      },
    ]);
  });

  it("round-trips entities and exposes the data source", () => {
    const entity: EntityData = new Map([
      ["id", { kind: "Bytes", value: "0x01" }],
      ["n", { kind: "Int", value: -7 }],
      ["big", { kind: "Int8", value: -(2n ** 40n) }],
      ["list", { kind: "Array", value: [{ kind: "BigInt", value: 2n ** 100n }, { kind: "Null" }] }],
      ["ok", { kind: "Bool", value: true }],
      ["d", { kind: "BigDecimal", value: parseDecimal("1.25") }],
      ["s", { kind: "String", value: "x" }],
      ["t", { kind: "Timestamp", value: 1_700_000_000_000_000n }],
    ]);
    assert.deepEqual(readEntity(mem, writeEntity(mem, entity)), entity);
    assert.equal(mem.readString(call("datasource", "dataSource.network")), "localhost");
    assert.equal(
      Buffer.from(mem.readBytes(call("datasource", "dataSource.address"))).toString("hex"),
      "00".repeat(19) + "aa",
    );
    assert.deepEqual(readEntity(mem, call("datasource", "dataSource.context")), new Map());
  });

  it("aborts loudly with the mapping's message and on log.critical", () => {
    assert.throws(
      () => call("env", "abort", mem.writeString("boom"), mem.writeString("src/x.ts"), 3, 9),
      /Mapping aborted: boom \(src\/x.ts:3:9\)/,
    );
    assert.throws(
      () => call("index", "log.log", 0, mem.writeString("fatal")),
      /Critical error logged by the mapping: fatal/,
    );
    call("index", "log.log", 2, mem.writeString("careful"));
    assert.deepEqual(ctx.logs.at(-1), { level: "warning", message: "careful" });
  });
});

describe("module checks", () => {
  /** A minimal module importing one function `module.name` (hand-assembled WebAssembly binary). */
  function moduleImporting(module: string, name: string): WebAssembly.Module {
    const str = (s: string): number[] => [s.length, ...Buffer.from(s)];
    const imports = [1, ...str(module), ...str(name), 0x00, 0x00];
    const bytes = [
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0,
      0,
      0,
      0x01,
      0x04,
      0x01,
      0x60,
      0x00,
      0x00,
      0x02,
      imports.length,
      ...imports,
    ];
    return new WebAssembly.Module(Uint8Array.from(bytes));
  }

  it("refuses a module importing a host function the host does not provide", () => {
    assert.throws(
      () => checkImports(moduleImporting("index", "ipfs.cat"), "x.wasm"),
      /x\.wasm imports host functions the test host does not provide: index\.ipfs\.cat/,
    );
    assert.throws(
      () => checkImports(moduleImporting("ethereum", "ethereum.getBalance"), "x.wasm"),
      /ethereum\.getBalance/,
    );
    checkImports(moduleImporting("index", "store.get"), "x.wasm");
    assert.ok(SUPPORTED.includes("ethereum.ethereum.call"));
  });
});

describe("schema validation", () => {
  const probe = (overrides: [string, EntityData extends Map<string, infer V> ? V : never][] = []): EntityData => {
    const data: EntityData = new Map([
      ["id", { kind: "Bytes", value: "0xab" }],
      ["count", { kind: "Int", value: 1 }],
      ["total", { kind: "BigInt", value: 1n }],
      ["delta", { kind: "BigInt", value: 1n }],
      ["ratio", { kind: "BigDecimal", value: parseDecimal("1") }],
      ["tag", { kind: "Bytes", value: "0x" }],
      ["note", { kind: "String", value: "" }],
      ["flag", { kind: "Bool", value: false }],
      ["list", { kind: "Array", value: [] }],
      ["mood", { kind: "String", value: "CALM" }],
      ["big", { kind: "Int8", value: 0n }],
      ["at", { kind: "Timestamp", value: 0n }],
      ["hash", { kind: "Bytes", value: "0x" }],
      ["decoded", { kind: "BigInt", value: 0n }],
      ["hex", { kind: "String", value: "" }],
      ["network", { kind: "String", value: "" }],
      ["source", { kind: "Bytes", value: "0x" }],
    ]);
    for (const [k, v] of overrides) data.set(k, v);
    return data;
  };

  it("accepts a valid entity and matches Bytes ids case-insensitively", () => {
    schema.validate("Probe", "0xAB", probe());
  });

  it("refuses what graph-node refuses", () => {
    assert.throws(() => schema.validate("Nope", "x", probe()), /Entity type Nope is not defined/);
    assert.throws(
      () => schema.validate("Probe", "0xab", probe([["extra", { kind: "Int", value: 1 }]])),
      /`extra` is not a field of Probe/,
    );
    assert.throws(
      () => schema.validate("Probe", "0xab", probe([["count", { kind: "BigInt", value: 1n }]])),
      /`count` of type Int holds a BigInt/,
    );
    assert.throws(
      () => schema.validate("Probe", "0xab", probe([["mood", { kind: "String", value: "ANGRY" }]])),
      /not a value of enum Mood/,
    );
    assert.throws(
      () => schema.validate("Probe", "0xab", probe([["list", { kind: "Array", value: [{ kind: "Null" }] }]])),
      /items are non-null/,
    );
    assert.throws(
      () => schema.validate("Probe", "0xab", probe([["list", { kind: "BigInt", value: 1n }]])),
      /is a list/,
    );
    assert.throws(() => schema.validate("Probe", "0xcd", probe()), /differs from the id passed to store.set/);
    const missing = probe();
    missing.delete("note");
    assert.throws(() => schema.validate("Probe", "0xab", missing), /missing value for non-nullable field `note`/);
    assert.throws(
      () =>
        schema.validate(
          "PingEvent",
          "p",
          new Map([
            ["id", { kind: "String", value: "p" }],
            ["probe", { kind: "String", value: "0xab" }],
            ["amount", { kind: "BigInt", value: 1n }],
          ]),
        ),
      /`probe` of type Probe holds a String \(expected Bytes\)/,
    );
  });

  it("refuses schemas it cannot check faithfully", () => {
    assert.throws(() => new EntitySchema("type A { id: ID! }"), /no @entity directive/);
    assert.throws(() => new EntitySchema("interface A { id: ID! }"), /not supported by the test host/);
    assert.throws(() => new EntitySchema("type A @entity(timeseries: true) { id: Int8! }"), /timeseries/);
    assert.throws(
      () => new EntitySchema("type Subscription @entity(immutable: true) { id: ID! }"),
      /Subscription is reserved/,
    );
    assert.throws(() => new EntitySchema("type _Meta @entity(immutable: true) { id: ID! }"), /_Meta is reserved/);
    const derived = (back: string): string =>
      `type A @entity(immutable: false) { id: ID! bs: [B!]! @derivedFrom(field: "${back}") } type B @entity(immutable: true) { id: ID! a: A! c: String! }`;
    new EntitySchema(derived("a"));
    assert.throws(
      () => new EntitySchema(derived("c")),
      /A\.bs: @derivedFrom\(field: "c"\) must name a field of B of type A/,
    );
    assert.throws(() => new EntitySchema(derived("nope")), /must name a field of B/);
  });
});
