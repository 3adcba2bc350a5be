/**
 * The turn batcher (turn-batch.ts) over generated turns of keys: each turn's keys reach one read (in chunks of
 * TURN_BATCH_SIZE), in the order asked with their repeats, and each load gets the value read for its own key; a
 * failed read fails exactly the loads of its batch; nothing is kept from one turn to the next. The pool is only the
 * batcher's owner here: no statement runs (the statements that read through it are tested with PostgreSQL in
 * properties/detail-batch.test.ts and chain/json-pages.test.ts).
 */
import assert from "node:assert/strict";
import { setImmediate as nextTurn } from "node:timers/promises";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { createPool } from "./pool.ts";
import { distinctKeys, TURN_BATCH_SIZE, turnBatcher } from "./turn-batch.ts";

describe("reads batched by turn of the event loop", () => {
  const pool = createPool("postgresql://nobody@127.0.0.1:1/never", 1);
  after(async () => {
    await pool.end();
  });
  let batchers = 0;

  it("reads each turn's keys together, in order with repeats, and gives each load its own value", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 2 * TURN_BATCH_SIZE + 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (turns) => {
          const reads: number[][] = [];
          const batcher = turnBatcher<number, string>(pool, `test-${batchers++}`, async (keys) => {
            reads.push([...keys]);
            return keys.map((k) => `value ${k} read ${reads.length}`);
          });
          for (const keys of turns) {
            const before = reads.length;
            const values = await Promise.all(keys.map((k) => batcher.load(k)));
            const batches = reads.slice(before);
            assert.equal(batches.length, Math.ceil(keys.length / TURN_BATCH_SIZE));
            assert.deepEqual(batches.flat(), keys);
            values.forEach((value, i) => {
              const batch = before + 1 + Math.floor(i / TURN_BATCH_SIZE);
              assert.equal(value, `value ${keys[i]} read ${batch}`);
            });
            await nextTurn();
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("fails the loads of a failed read, and only those", async () => {
    let failing = true;
    const batcher = turnBatcher<number, number>(pool, "test-failing", async (keys) => {
      if (failing) throw new Error("the database is down");
      return keys.map((k) => k * 2);
    });
    const first = await Promise.allSettled([batcher.load(1), batcher.load(2)]);
    assert.deepEqual(
      first.map((r) => r.status),
      ["rejected", "rejected"],
    );
    failing = false;
    assert.deepEqual(await Promise.all([batcher.load(1), batcher.load(3)]), [2, 6]);
  });

  it("spreads the rows read for the distinct keys back over every key, repeats included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 30 }),
        fc.array(fc.string({ maxLength: 3 })),
        (keys, missing) => {
          const { distinct, spread } = distinctKeys(keys, (k) => k.toLowerCase());
          assert.deepEqual(
            distinct.map((k) => k.toLowerCase()),
            [...new Set(keys.map((k) => k.toLowerCase()))],
          );
          // rows for some distinct keys only, in another order
          const rows = distinct
            .filter((k) => !missing.includes(k))
            .reverse()
            .map((k) => ({ id: k.toLowerCase(), value: k.length }));
          const spreadRows = spread(rows, (row) => row.id);
          keys.forEach((key, i) => {
            const read = rows.find((row) => row.id === key.toLowerCase());
            assert.equal(spreadRows[i], read);
          });
        },
      ),
    );
  });
});
