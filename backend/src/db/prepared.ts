/**
 * Hot read paths query node-postgres directly (db/pool.ts) instead of through Prisma: on this stack a Prisma model
 * query costs about 2.4 ms of the event loop (its query compiler runs on every call), a prepared statement on the
 * pool about 0.15 ms (measured in issue 17). Statements are named by a hash of their text, so each connection parses
 * and plans a shape once; there are finitely many shapes (filter combinations of a route).
 * Only statements whose best plan does not depend on the values are prepared: after five runs PostgreSQL may keep one
 * generic plan, made for any values, and for filtered pages (marketplace list, KYC queue, audit trail) that plan
 * walked the whole table when a value or a combination of values was rare or absent. Those pages run unnamed, so they
 * are planned for their values on every request (about 0.1 ms); each has a plans test over generated filters.
 * generic-plans.test.ts holds every prepared statement to this rule with PostgreSQL's own counts: run with a dozen
 * different values over skewed data, each plans for its values at most five times, then keeps its generic plan.
 */
import { createHash } from "node:crypto";
import type pg from "pg";

const names = new Map<string, string>();

/** A stable prepared-statement name for a SQL text (hashed once per text). */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `ps_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`;
    names.set(sql, name);
  }
  return name;
}

/** The rows of `sql` with `args`, as a named prepared statement on `pool`. */
export async function preparedRows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  args: unknown[],
): Promise<Row[]> {
  return (await pool.query<Row>({ name: statementName(sql), text: sql, values: args })).rows;
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
