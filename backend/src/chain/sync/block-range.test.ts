/**
 * Adaptive block ranges against a provider that refuses wide ranges and large answers the way public nodes do
 * (no chain needed): every block is read exactly once, in order, no range is ever wider than the node accepts
 * twice in a row, and ranges grow back when the chain is sparse.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { HttpRequestError, LimitExceededRpcError, ResponseBodyTooLargeError, RpcRequestError } from "viem";
import { AdaptiveRange, isRangeRefusal, readRange } from "./block-range.ts";

/** A node with `logsAt(block)` logs per block that refuses more than `maxBlocks` blocks or `maxLogs` logs. */
function refusingNode(options: { maxBlocks: number; maxLogs: number; logsAt: (block: number) => number }) {
  const asked: { from: number; to: number; refused: boolean }[] = [];
  const read = async (from: number, to: number): Promise<number[]> => {
    const blocks: number[] = [];
    for (let b = from; b <= to; b++) for (let i = 0; i < options.logsAt(b); i++) blocks.push(b);
    const refused = to - from + 1 > options.maxBlocks || blocks.length > options.maxLogs;
    asked.push({ from, to, refused });
    if (refused)
      throw new RpcRequestError({
        body: {},
        url: "http://node",
        error: { code: -32005, message: `query returned more than ${options.maxLogs} results` },
      });
    return blocks;
  };
  return { read, asked };
}

async function readAll(
  range: AdaptiveRange,
  from: number,
  to: number,
  read: (f: number, t: number) => Promise<number[]>,
) {
  const out: number[] = [];
  for (let next = from; next <= to;) {
    const r = await readRange(range, next, to, read);
    out.push(...r.items);
    next = r.to + 1;
  }
  return out;
}

describe("adaptive block ranges", () => {
  it("shrinks when the node refuses a range and reads every block once, in order", async () => {
    const node = refusingNode({ maxBlocks: 50, maxLogs: 1_000, logsAt: (b) => (b % 7 === 0 ? 300 : 2) });
    const range = new AdaptiveRange(2_000, 500, 2_000);
    const logs = await readAll(range, 1, 1_000, node.read);
    const expected: number[] = [];
    for (let b = 1; b <= 1_000; b++) for (let i = 0; i < (b % 7 === 0 ? 300 : 2); i++) expected.push(b);
    assert.deepEqual(logs, expected);
    assert.ok(node.asked[0]!.refused, "the first, widest range was refused");
    assert.ok(node.asked.some((a) => !a.refused));
  });

  it("grows back while ranges come back small, up to the maximum", async () => {
    const node = refusingNode({ maxBlocks: 10_000, maxLogs: 10_000, logsAt: () => 1 });
    const range = new AdaptiveRange(1_000, 10_000, 4);
    await readAll(range, 1, 5_000, node.read);
    const widths = node.asked.map((a) => a.to - a.from + 1);
    assert.deepEqual(widths.slice(0, 6), [4, 8, 16, 32, 64, 128]);
    assert.equal(Math.max(...widths), 1_000, "never wider than the maximum");
  });

  it("halves the next range when one returned more logs than the target", () => {
    const range = new AdaptiveRange(2_000, 100, 200);
    range.observe(200, 150);
    assert.equal(range.size, 100);
    range.observe(100, 50);
    assert.equal(range.size, 100, "between a quarter and the target: unchanged");
    range.observe(100, 10);
    assert.equal(range.size, 200);
  });

  it("gives up on a single block the node refuses, and on errors that are not refusals", async () => {
    const node = refusingNode({ maxBlocks: 10, maxLogs: 5, logsAt: (b) => (b === 3 ? 9 : 0) });
    await assert.rejects(readAll(new AdaptiveRange(100, 5), 1, 10, node.read), /more than 5 results/);
    const down = async (): Promise<number[]> => {
      throw new HttpRequestError({ url: "http://node", details: "connect ECONNREFUSED 127.0.0.1:8545" });
    };
    const range = new AdaptiveRange(100, 5, 64);
    await assert.rejects(readRange(range, 1, 100, down), /ECONNREFUSED/);
    assert.equal(range.size, 64, "a node that is down is not a reason to shrink");
  });

  it("recognises the refusals of common nodes and viem's own limits", () => {
    assert.ok(isRangeRefusal(new ResponseBodyTooLargeError({ size: 20_000_000, maxSize: 10_485_760 })));
    assert.ok(isRangeRefusal(new LimitExceededRpcError(new Error("limit"))));
    for (const message of [
      "query returned more than 10000 results",
      "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range",
      "block range is too wide",
      "eth_getLogs is limited to a 10,000 range",
      "request timed out",
    ])
      assert.ok(isRangeRefusal(new RpcRequestError({ body: {}, url: "u", error: { code: -32000, message } })), message);
    assert.equal(isRangeRefusal(new Error("execution reverted")), false);
  });

  it("for any density and any node limits, reads each block's logs exactly once (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 50 }),
        async (blocks, maxBlocks, maxLogs, initial, density) => {
          const logsAt = (b: number): number => density[b % density.length]!;
          const node = refusingNode({ maxBlocks, maxLogs, logsAt });
          const logs = await readAll(new AdaptiveRange(1_000, maxLogs / 2, initial), 1, blocks, node.read);
          const expected: number[] = [];
          for (let b = 1; b <= blocks; b++) for (let i = 0; i < logsAt(b); i++) expected.push(b);
          assert.deepEqual(logs, expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
