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
 * literals are many (status x type x country x sort x page size), so at most MAX_LITERAL_STATEMENTS of them are
 * prepared per process, the first ones run: past that, a new one runs unnamed (parsed and planned on every run), and
 * a caller who sends every combination costs the server that planning, never memory, and never takes the place of
 * the route's fixed statements (those without literals are always prepared: finitely many).
 */
import { createHash } from "node:crypto";
import type pg from "pg";

/** How many texts with literal values a process prepares, at most (each connection then holds at most as many). */
export const MAX_LITERAL_STATEMENTS = 256;

const names = new Map<string, string>();
let literalTexts = 0;

/**
 * A stable prepared-statement name for a SQL text (hashed once per text), or undefined for a text `withLiterals`
 * once MAX_LITERAL_STATEMENTS such texts have one: that text runs unnamed.
 */
export function statementName(sql: string, withLiterals = false): string | undefined {
  let name = names.get(sql);
  if (name === undefined) {
    if (withLiterals) {
      if (literalTexts >= MAX_LITERAL_STATEMENTS) return undefined;
      literalTexts++;
    }
    name = `ps_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * The rows of `sql` with `args`, as a named prepared statement on `pool`; `withLiterals`: the text holds values of
 * the request (a page's filters), and past MAX_LITERAL_STATEMENTS such texts it runs unnamed.
 */
export async function preparedRows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  args: unknown[],
  options: { withLiterals?: boolean } = {},
): Promise<Row[]> {
  const name = statementName(sql, options.withLiterals);
  return (await pool.query<Row>(name ? { name, text: sql, values: args } : { text: sql, values: args })).rows;
}

/**
 * The rows of a filtered page's statement: prepared when `prepare` (its text holds every value its plan depends on,
 * as literals), otherwise unnamed, planned for its values on every run.
 */
export async function pageRows<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  page: { sql: string; args: unknown[]; prepare: boolean },
): Promise<Row[]> {
  return page.prepare
    ? preparedRows<Row>(pool, page.sql, page.args, { withLiterals: true })
    : (await pool.query<Row>(page.sql, page.args)).rows;
}

/**
 * A value from a closed set (an enum member, a country code: validated by the route's schema) as an SQL literal, so
 * that a statement's text names it and its plan is made for it; anything else is refused.
 */
export function closedSetLiteral(value: string): string {
  if (!/^[A-Z][A-Z_]{0,31}$/.test(value)) throw new Error(`not a closed-set value: ${JSON.stringify(value)}`);
  return `'${value}'`;
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
