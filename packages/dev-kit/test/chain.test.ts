/** The one local-chain launcher and the JSON-RPC helpers every part's tests use (anvil from npm, offline). */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import {
  anvilArgs,
  increaseTime,
  LOCAL_CHAIN_ID,
  mine,
  revert,
  rpc,
  setBalance,
  snapshot,
  startAnvil,
  type LocalChain,
} from "../src/chain.js";
import { isPortFree } from "../src/ports.js";

const blockNumber = async (chain: LocalChain) => Number(await chain.rpc<string>("eth_blockNumber"));
const timestamp = async (chain: LocalChain) =>
  Number((await chain.rpc<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false])).timestamp);

describe("14.1 dev-kit local chain", () => {
  let chain: LocalChain;
  before(async () => {
    chain = await startAnvil();
  });
  after(async () => {
    await chain?.stop();
  });

  it("starts anvil on a free port of 127.0.0.1 with the local chain id", async () => {
    assert.match(chain.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(chain.chainId, LOCAL_CHAIN_ID);
    assert.equal(Number(await rpc<string>(chain.url, "eth_chainId")), 31337);
  });

  it("snapshot / mine / revert return the chain to the snapshot's block", async () => {
    const start = await blockNumber(chain);
    const id = await snapshot(chain);
    await mine(chain, 3);
    assert.equal(await blockNumber(chain), start + 3);
    assert.equal(await revert(chain, id), true);
    assert.equal(await blockNumber(chain), start);
  });

  it("increaseTime moves the clock and mines a block; setBalance sets a balance", async () => {
    const before = await timestamp(chain);
    const block = await blockNumber(chain);
    await increaseTime(chain, 3_600);
    assert.equal(await blockNumber(chain), block + 1);
    assert.ok((await timestamp(chain)) >= before + 3_600);
    const someone = "0x000000000000000000000000000000000000dEaD";
    await setBalance(chain, someone, 12_345n);
    assert.equal(BigInt(await chain.rpc<string>("eth_getBalance", [someone, "latest"])), 12_345n);
  });

  it("a JSON-RPC error names the method", async () => {
    await assert.rejects(chain.rpc("evm_revert", ["not-a-snapshot"]), /^Error: evm_revert: /);
  });

  it("anvilArgs: the state file, the size limit and the block time only when asked", () => {
    const plain = anvilArgs({ port: 1 });
    assert.deepEqual(plain, ["--host", "127.0.0.1", "--port", "1", "--chain-id", "31337", "--silent"]);
    const all = anvilArgs({ port: 2, chainId: 5, stateFile: "/tmp/s.json", codeSizeLimit: false, blockTime: 3 });
    assert.deepEqual(all.slice(0, 6), ["--host", "127.0.0.1", "--port", "2", "--chain-id", "5"]);
    for (const pair of [
      ["--state", "/tmp/s.json"],
      ["--block-time", "3"],
    ])
      assert.equal(all[all.indexOf(pair[0]!) + 1], pair[1]);
    assert.ok(all.includes("--disable-code-size-limit"));
    assert.ok(!anvilArgs({ port: 1, codeSizeLimit: true }).includes("--disable-code-size-limit"));
    assert.ok(!plain.includes("--timestamp"));
    const past = anvilArgs({ port: 1, genesisTimestamp: 1_700_000_000 });
    assert.equal(past[past.indexOf("--timestamp") + 1], "1700000000");
  });

  it("a chain started in the past keeps its distance from the wall clock until a block is given its time", async () => {
    const genesis = Math.floor(Date.now() / 1000) - 400 * 86_400;
    const past = await startAnvil({ genesisTimestamp: genesis });
    try {
      assert.equal(await timestamp(past), genesis);
      await mine(past);
      const mined = await timestamp(past);
      assert.ok(mined >= genesis && mined < genesis + 120, `mined at ${mined}, genesis ${genesis}`);
      const later = genesis + 100 * 86_400;
      await past.rpc("evm_setNextBlockTimestamp", [later]);
      await mine(past);
      assert.equal(await timestamp(past), later);
      await mine(past);
      const next = await timestamp(past);
      assert.ok(next >= later && next < later + 120, `the clock runs on from the new time (${next})`);
    } finally {
      await past.stop();
    }
  });

  it("refuses a node that answers another chain id, and stops what it started", async () => {
    await assert.rejects(
      startAnvil({
        chainId: 5,
        spawnProcess: (command, args) => {
          // The node really runs chain 5; the launcher is told to expect 31337 by replacing the id it passes.
          const child = spawn(
            command,
            args.map((a) => (a === "5" ? "1" : a)),
            { stdio: "ignore" },
          );
          return { child, recentOutput: () => "" };
        },
      }),
      /local chain answers chain id 1, expected 5/,
    );
  });

  it("says why when the process dies before answering", async () => {
    await assert.rejects(
      startAnvil({
        spawnProcess: (command) => {
          const child = spawn(command, ["--no-such-flag"], { stdio: ["ignore", "ignore", "pipe"] });
          let stderr = "";
          child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
          return { child, recentOutput: () => stderr };
        },
      }),
      /the local chain exited before it answered \(code 2\): .*no-such-flag/s,
    );
  });

  // anvil's instant mining can leave a ready transaction pending until the next one comes (foundry-rs/foundry#10122;
  // on CI a receipt never came and a test hung). The stuck state is made here by turning instant mining off.
  it("a transaction left pending is mined by the watcher within seconds, and stays pending without it", async () => {
    const from = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // the test mnemonic's first account, unlocked
    const receiptAfter = async (node: LocalChain, ms: number) => {
      await node.rpc("evm_setAutomine", [false]);
      const hash = await node.rpc<string>("eth_sendTransaction", [{ from, to: from, value: "0x1" }]);
      const deadline = Date.now() + ms;
      for (;;) {
        const receipt = await node.rpc<{ blockNumber: string } | null>("eth_getTransactionReceipt", [hash]);
        if (receipt || Date.now() > deadline) return receipt;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    assert.ok(await receiptAfter(chain, 10_000), "the watcher mined the stuck transaction");
    await chain.rpc("evm_setAutomine", [true]);
    const unwatched = await startAnvil({ mineStuckTransactions: false });
    try {
      assert.equal(await receiptAfter(unwatched, 2_500), null, "without the watcher it stays pending");
    } finally {
      await unwatched.stop();
    }
  });

  it("stop ends the node and frees its port", async () => {
    const other = await startAnvil();
    const port = Number(other.url.split(":").at(-1));
    assert.equal(await isPortFree(port), false);
    await other.stop();
    assert.equal(other.child.exitCode !== null || other.child.signalCode !== null, true);
    assert.equal(await isPortFree(port), true);
  });
});
