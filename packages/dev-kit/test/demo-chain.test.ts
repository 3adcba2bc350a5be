/** The demo people's chain helper: moving the clock of a chain that started in the past (the local stack's seed). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAnvil, type LocalChain } from "../src/chain.js";
import { DemoChain } from "../src/demo-chain.js";

describe("DemoChain.moveClockTo", () => {
  const genesis = BigInt(Math.floor(Date.now() / 1000) - 400 * 86_400);
  let node: LocalChain;
  let chain: DemoChain;
  before(async () => {
    node = await startAnvil({ genesisTimestamp: Number(genesis) });
    chain = new DemoChain(node.url, node.chainId, "/no/record/needed");
  });
  after(async () => {
    chain?.destroy();
    await node?.stop();
  });

  it("mines a block at a later time, and the clock runs on from there", async () => {
    const at = genesis + 30n * 86_400n;
    assert.equal(await chain.moveClockTo(at), true);
    assert.equal(await chain.now(), at);
    await node.rpc("evm_mine");
    const next = await chain.now();
    assert.ok(next >= at && next < at + 120n, `next block at ${next}`);
  });

  it("leaves a clock that passed the time alone (a chain never goes back)", async () => {
    const head = Number(await node.rpc<string>("eth_blockNumber"));
    const now = await chain.now();
    assert.equal(await chain.moveClockTo(now - 86_400n), false);
    assert.equal(await chain.moveClockTo(now), false);
    assert.equal(Number(await node.rpc<string>("eth_blockNumber")), head, "no block mined");
  });
});
