/**
 * The cap on prepared statements (prepared.ts): a caller who sends every combination of a page's literal filters
 * (each a statement text of its own) never makes a connection hold more than MAX_PREPARED_STATEMENTS plans; past it,
 * a new text still runs, unnamed, with the same answer. Read from PostgreSQL's own list of the connection's
 * prepared statements.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type pg from "pg";
import { freshDatabase } from "../../test/support/harness.ts";
import { createPool } from "./pool.ts";
import { MAX_PREPARED_STATEMENTS, preparedRows } from "./prepared.ts";

describe("prepared statements are capped per process", () => {
  let pool: pg.Pool;

  before(async () => {
    // one connection: every statement of the test is prepared, and counted, in the same session
    pool = createPool(await freshDatabase(), 1);
  });

  after(async () => {
    await pool?.end();
  });

  it(`texts past the first ${MAX_PREPARED_STATEMENTS} run unnamed, with their answers`, async () => {
    const texts = MAX_PREPARED_STATEMENTS + 20;
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < texts; k++) {
        const [row] = await preparedRows<{ n: number }>(pool, `SELECT $1::int + ${k} AS n`, [round]);
        assert.equal(row!.n, round + k);
      }
    }
    const { rows } = await pool.query<{ statement: string; runs: number }>(
      "SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements",
    );
    assert.equal(rows.length, MAX_PREPARED_STATEMENTS);
    // the first texts run are the prepared ones, each run twice
    assert.ok(rows.every((r) => r.runs === 2 && Number(/\+ (\d+)/.exec(r.statement)![1]) < MAX_PREPARED_STATEMENTS));
  });
});
