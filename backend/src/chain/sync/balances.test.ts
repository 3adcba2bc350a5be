/**
 * The cap table's keyset pages over the balances the sync keeps (real PostgreSQL): for any set of holders and any
 * page size, walking the pages returns every (holder, partition) of the token exactly once, with its balance, and
 * nothing of another token or chain.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { getAddress, toHex } from "viem";
import { freshDatabase } from "../../../test/support/harness.ts";
import type pg from "pg";
import { createDb, type Db } from "../../db/client.ts";
import { createPool } from "../../db/pool.ts";
import { capTable, type CapTableAfter, type Holding } from "./read-models.ts";

const TOKEN = getAddress("0x" + "ab".repeat(20));
const OTHER = getAddress("0x" + "cd".repeat(20));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(toHex(b)));
const partition = fc.constantFrom(toHex(0, { size: 32 }), toHex("LOCKUP-12M", { size: 32 }), toHex(7, { size: 32 }));
const row = fc.record({ holder: address, partition, balance: fc.bigInt({ min: 1n, max: 10n ** 30n }) });

describe("cap table pages", () => {
  let db: Db;
  let pool: pg.Pool;
  before(async () => {
    const url = await freshDatabase();
    pool = createPool(url, 2);
    db = createDb(url, 2, pool);
  });
  after(async () => {
    await db?.$disconnect();
  });

  async function pages(token: string, limit: number): Promise<{ rows: Holding[]; pages: number }> {
    const rows: Holding[] = [];
    let after: CapTableAfter | undefined;
    for (let n = 1; ; n++) {
      const page = await capTable(pool, 31337, token, { limit, after });
      assert.ok(page.holders.length <= limit);
      rows.push(...page.holders);
      if (!page.next) return { rows, pages: n };
      assert.equal(page.holders.length, limit, "only the last page is short");
      after = page.next;
    }
  }

  it("returns every holder of the token exactly once for any page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(row, { selector: (r) => `${r.holder}:${r.partition}`, maxLength: 40 }),
        fc.array(row, { maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        async (holders, noise, limit) => {
          await db.$executeRaw`DELETE FROM chain_holder_balances`;
          await db.chainHolderBalance.createMany({
            data: [
              ...holders.map((h) => ({ chainId: 31337, token: TOKEN, ...h, balance: h.balance.toString() })),
              // Another token on this chain and this token on another chain: never in the page.
              ...noise.map((h) => ({ chainId: 31337, token: OTHER, ...h, balance: h.balance.toString() })),
              ...noise.map((h) => ({ chainId: 1, token: TOKEN, ...h, balance: h.balance.toString() })),
            ],
            skipDuplicates: true,
          });
          const walked = await pages(TOKEN, limit);
          const keys = walked.rows.map((h) => `${h.holder}:${h.partition}:${h.balance}`);
          assert.equal(new Set(keys).size, keys.length, "no row twice");
          assert.deepEqual(
            [...keys].sort(),
            holders.map((h) => `${h.holder}:${h.partition}:${h.balance}`).sort(),
            "every holder, with its balance",
          );
          assert.equal(walked.pages, Math.max(1, Math.ceil(holders.length / limit)));
          // Pages follow one order: the same as one page holding everything.
          assert.deepEqual(walked.rows, (await capTable(pool, 31337, TOKEN, { limit: 1_000 })).holders);
        },
      ),
      { numRuns: 60 },
    );
  });
});
