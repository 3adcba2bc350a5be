/**
 * The cap on prepared statements whose texts hold a request's values (prepared.ts): a caller who sends every
 * combination of a page's literal filters (each a statement text of its own) never makes a connection hold more than
 * MAX_LITERAL_STATEMENTS of them; past it, a new text still runs, unnamed, with the same answer, and a route's fixed
 * statements are still prepared. Read from PostgreSQL's own list of the connection's prepared statements.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type pg from "pg";
import { freshDatabase } from "../../test/support/harness.ts";
import { createPool } from "./pool.ts";
import { MAX_LITERAL_STATEMENTS, preparedRows } from "./prepared.ts";

describe("prepared statements with literals are capped per process", () => {
  let pool: pg.Pool;

  before(async () => {
    // one connection: every statement of the test is prepared, and counted, in the same session
    pool = createPool(await freshDatabase(), 1);
  });

  after(async () => {
    await pool?.end();
  });

  it(`texts with literals past the first ${MAX_LITERAL_STATEMENTS} run unnamed, with their answers`, async () => {
    const texts = MAX_LITERAL_STATEMENTS + 20;
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < texts; k++) {
        const [row] = await preparedRows<{ n: number }>(pool, `SELECT $1::int + ${k} AS n`, [round], {
          withLiterals: true,
        });
        assert.equal(row!.n, round + k);
      }
    }
    // a fixed statement, after the cap is reached: prepared
    const [fixed] = await preparedRows<{ n: number }>(pool, "SELECT $1::int * 2 AS n", [21]);
    assert.equal(fixed!.n, 42);
    const { rows } = await pool.query<{ statement: string; runs: number }>(
      "SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements",
    );
    const literal = rows.filter((r) => r.statement.includes("+"));
    assert.equal(literal.length, MAX_LITERAL_STATEMENTS);
    // the first texts run are the prepared ones, each run twice
    assert.ok(literal.every((r) => r.runs === 2 && Number(/\+ (\d+)/.exec(r.statement)![1]) < MAX_LITERAL_STATEMENTS));
    assert.ok(rows.some((r) => r.statement.includes("* 2")));
  });
});
