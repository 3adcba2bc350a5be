/**
 * Hot read paths query node-postgres directly (db/pool.ts) instead of through Prisma: on this stack a Prisma model
 * query costs about 2.4 ms of the event loop (its query compiler runs on every call), a prepared statement on the
 * pool about 0.15 ms (measured in issue 17). Statements are named by a hash of their text, so each connection parses
 * and plans a shape once; there are finitely many shapes (filter combinations of a route).
 * Only statements whose best plan does not depend on the values are prepared: after five runs PostgreSQL may keep one
 * generic plan, made for any values, and for filtered pages (marketplace list, KYC queue, audit trail) that plan
 * walked the whole table when a value or a combination of values was rare or absent. Those pages run unnamed, so they
 * are planned for their values on every request (about 0.1 ms); each has a plans test over generated filters.
 * A statement may also carry the values its plan depends on in its text, as literals of a closed set (the marketplace
 * list's status, type and country: src/properties/read.ts), and then it is planned for them once.
 * generic-plans.test.ts holds every prepared statement to this rule with PostgreSQL's own counts: run with a dozen
 * different values over skewed data, each plans for its values at most five times, then keeps its generic plan.
 * Each connection keeps its prepared statements (and PostgreSQL their plans) until it closes, and texts with
 * literals are many (status x type x country x sort x page size), so at most MAX_PREPARED_STATEMENTS texts are
 * prepared per process, the first ones run: past that, a new text runs unnamed (parsed and planned on every run),
 * and a caller who sends every combination costs the server that planning, never memory.
 */
import { createHash } from "node:crypto";
import type pg from "pg";

/** How many statement texts a process prepares, at most (each connection then holds at most as many plans). */
export const MAX_PREPARED_STATEMENTS = 256;

const names = new Map<string, string>();

/**
 * A stable prepared-statement name for a SQL text (hashed once per text), or undefined once
 * MAX_PREPARED_STATEMENTS other texts have one: that text runs unnamed.
 */
export function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) {
    name = `ps_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`;
    names.set(sql, name);
  }
  return name;
}

/** The rows of `sql` with `args`, as a named prepared statement on `pool` (unnamed past MAX_PREPARED_STATEMENTS). */
export async function preparedRows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  args: unknown[],
): Promise<Row[]> {
  const name = statementName(sql);
  return (await pool.query<Row>(name ? { name, text: sql, values: args } : { text: sql, values: args })).rows;
}

/** Builds a statement's parameter list: `arg(value)` appends it and returns its placeholder (`$n`). */
export function parameters(): { args: unknown[]; arg: (value: unknown) => string } {
  const args: unknown[] = [];
  return {
    args,
    arg: (value) => {
      args.push(value);
      return `$${args.length}`;
    },
  };
}
