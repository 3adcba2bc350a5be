/**
 * The test host running the fixture subgraph's real WASM: every supported host function is reached from a
 * mapping, and graph-node's refusals (schema, immutability, derived fields) stop indexing.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { AbiCoder, keccak256, zeroPadValue } from "ethers";
import { IndexingError, Indexer } from "../test-host/indexer.js";
import { buildFixture, FixtureChain, PROBE_ADDRESS } from "./support/fixture.js";

const WHO = "0x1111111111111111111111111111111111111111";
const CHILD = "0x2222222222222222222222222222222222222222";
const payload = AbiCoder.defaultAbiCoder().encode(["uint256", "address"], [77n, WHO]);
const ping = (amount: bigint, note = "hello", flag = true) => ({
  name: "Ping",
  args: [WHO, amount, -5n, zeroPadValue("0x07", 32), payload, note, flag, [1n, 2n ** 200n]],
});

let manifest: string;
before(() => {
  manifest = buildFixture();
});

describe("fixture mapping on the test host", () => {
  it("decodes every parameter kind and runs the math, conversion, crypto and data source functions", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    const first = chain.block([ping(10n)]);
    await indexer.indexBlocks([first, chain.block([ping(2n ** 255n + 1n, "second", false)])]);
    const p = indexer.entity("Probe", WHO)!;
    assert.equal(p["count"], 2);
    assert.equal(p["total"], 10n + 2n ** 255n + 1n);
    assert.equal(p["delta"], -5n);
    assert.equal(p["tag"], zeroPadValue("0x07", 32));
    assert.equal(p["note"], "second");
    assert.equal(p["flag"], false);
    assert.deepEqual(p["list"], [1n, 2n ** 200n]);
    assert.equal(p["mood"], "CALM");
    assert.equal(p["big"], 2n * 10_000_000_000n);
    assert.equal(p["at"], (1_700_000_000n + 12n) * 1_000_000n);
    assert.equal(p["hash"], keccak256(payload));
    assert.equal(p["decoded"], 77n);
    assert.equal(p["hex"], "0x" + (2n ** 255n + 1n).toString(16) + "/-5");
    assert.equal(p["network"], "localhost");
    assert.equal(p["source"], PROBE_ADDRESS);
    const events = indexer.entities("PingEvent");
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e["probe"] === WHO));
    assert.ok(indexer.logs.some((l) => l.level === "info" && l.message === `ping 10 from ${WHO}`));
  });

  it("computes BigDecimal division to graph-node's 34 significant digits", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    await indexer.indexBlocks([chain.block([ping(10n)])]);
    assert.equal(indexer.entity("Probe", WHO)!["ratio"], "2.5");
    const big = new Indexer(manifest);
    await big.indexBlocks([new FixtureChain().block([ping(2n ** 255n + 1n)])]);
    // (2^255 + 1) / 4 has more than 34 digits: rounded half-to-even at the 34th.
    const exact = ((2n ** 255n + 1n) * 25n).toString(); // x100 / 4, two decimals implied
    const digits = exact.slice(0, 34);
    const next = Number(exact[34]);
    const rounded = BigInt(digits) + (next > 5 || (next === 5 && /[1-9]/.test(exact.slice(35))) ? 1n : 0n);
    const expected = (rounded * 10n ** BigInt(exact.length - 2 - 34)).toString();
    assert.equal(big.entity("Probe", WHO)!["ratio"], expected);
  });

  it("refuses an entity missing a required field, and keeps nothing the failed handler wrote", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    await indexer.indexBlocks([chain.block([ping(10n)])]);
    await assert.rejects(
      () => indexer.indexBlock(chain.block([ping(5n, "forget-required")])),
      (e: Error) => {
        assert.ok(e instanceof IndexingError);
        assert.match(e.message, /Probe\[0x1111.*non-nullable field `total` set to null/);
        assert.match(e.message, /block 2 log 0 .*Probe\.handlePing/);
        return true;
      },
    );
    assert.equal(indexer.entity("Probe", WHO)!["count"], 1);
    assert.equal(indexer.entities("PingEvent").length, 1);
  });

  it("refuses storing a derived field", async () => {
    const indexer = new Indexer(manifest);
    await assert.rejects(
      () => indexer.indexBlock(new FixtureChain().block([ping(1n, "set-derived")])),
      /`pings` is derived/,
    );
  });

  it("lets an immutable entity be written twice in its block but never updated or removed afterwards", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    await indexer.indexBlock(chain.block([ping(1n, "rewrite-immutable"), ping(2n, "rewrite-immutable")]));
    assert.equal(indexer.entity("PingEvent", "fixed")!["amount"], 2n);
    await assert.rejects(
      () => indexer.indexBlock(chain.block([ping(3n, "rewrite-immutable")])),
      /PingEvent\[fixed\] is immutable/,
    );
    await assert.rejects(
      () => indexer.indexBlock(chain.block([{ name: "Drop", args: ["ping:fixed"] }])),
      /PingEvent\[fixed\] is immutable/,
    );
    assert.equal(indexer.entity("PingEvent", "fixed")!["amount"], 2n);
  });

  it("removes mutable entities, and reports the references left dangling", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    await indexer.indexBlock(chain.block([ping(1n)]));
    assert.deepEqual(indexer.danglingReferences(), []);
    await indexer.indexBlock(chain.block([{ name: "Drop", args: [WHO] }]));
    assert.equal(indexer.entity("Probe", WHO), null);
    const dangling = indexer.danglingReferences();
    assert.equal(dangling.length, 1);
    assert.match(dangling[0]!, new RegExp(`^PingEvent\\[0x[0-9a-f]+-0\\]\\.probe -> Probe\\[${WHO}\\]$`));
  });

  it("creates data sources from templates with a context, and runs them on their whole creation block", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    await indexer.indexBlock(
      chain.block([{ name: "Ping", args: [CHILD, 1n, 0n, zeroPadValue("0x", 32), "0x", "c", true, []] }]),
    );
    // The child's own log comes before the Spawn that creates it: graph-node still runs it (block re-scan).
    await indexer.indexBlock(
      chain.block([
        { address: CHILD, name: "Drop", args: ["early"] },
        { name: "Spawn", args: [CHILD, "flat-7"] },
      ]),
    );
    assert.equal(indexer.entity("Probe", CHILD)!["label"], "flat-7:early");
    await indexer.indexBlock(chain.block([{ address: CHILD, name: "Drop", args: ["later"] }]));
    assert.equal(indexer.entity("Probe", CHILD)!["label"], "flat-7:later");
    assert.deepEqual(
      indexer.activeDataSources.map((d) => [d.name, d.address, d.startBlock]),
      [
        ["Probe", PROBE_ADDRESS, 0n],
        ["Child", CHILD, 2n],
      ],
    );
    // The static data source only reacts to its own address.
    assert.equal(indexer.calls.get("Probe.handleDrop"), undefined);
  });

  it("refuses blocks out of order", async () => {
    const indexer = new Indexer(manifest);
    const chain = new FixtureChain();
    const b1 = chain.block([ping(1n)]);
    await indexer.indexBlock(chain.block([ping(1n)]));
    await assert.rejects(() => indexer.indexBlock(b1), /not after block/);
  });
});
