/**
 * Reading PostgreSQL's plans in tests (issue 17): how many rows of a table a statement's plan examined, counted by
 * PostgreSQL itself (EXPLAIN (ANALYZE, FORMAT JSON)), so a test of "reads a page, not the table" holds on any machine.
 */
import type pg from "pg";
import { PLANNER_SETTINGS_SQL } from "../../src/db/pool.ts";

export interface PlanNode {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

/** Rows of `table` the plan read from the table or an index: returned by a scan plus those its filters dropped. */
export function rowsExaminedIn(node: PlanNode, table: string): number {
  const own =
    node["Relation Name"] === table
      ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) *
        node["Actual Loops"]
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsExaminedIn(child, table), 0);
}

/**
 * Rows of `table` that `sql` with `args` examines, planned for those values (as an unnamed statement is), with the
 * planner settings of the API's connections.
 */
export async function explainRowsExamined(
  client: pg.ClientBase,
  table: string,
  sql: string,
  args: unknown[],
): Promise<number> {
  await client.query(PLANNER_SETTINGS_SQL);
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
    args,
  );
  return rowsExaminedIn(rows[0]!["QUERY PLAN"][0].Plan, table);
}

/**
 * A page's budget over a table of `total` rows: 2,000 rows, or a quarter more than an index walk in the page's order
 * (`(limit + 1) / share of matches` rows), at most 100 rows per row of the page. Fetching and sorting every match of
 * a broad filter, or walking the table for a combination that matches few rows, is above it.
 */
export function pageBudget(limit: number, matches: number, total: number): number {
  const walk = matches > limit ? ((limit + 1) * total) / matches : Infinity;
  return Math.max(2_000, Math.min(1.25 * walk, 100 * (limit + 1)));
}

/**
 * The EXPLAIN rows of `sql` run as a named prepared statement with `args` (`options` as EXPLAIN takes them):
 * `plan_cache_mode` decides between a plan for these values and one for any values (an EXPLAIN of the text with bound
 * values always plans for the values). Arrays are passed as PostgreSQL array literals. bench/list-plans.ts prints them.
 */
export async function explainPrepared<Row extends pg.QueryResultRow>(
  client: pg.ClientBase,
  sql: string,
  args: unknown[],
  options: string,
): Promise<Row[]> {
  await client.query(PLANNER_SETTINGS_SQL);
  await client.query(`PREPARE explained AS ${sql}`);
  try {
    const literal = (a: unknown) => client.escapeLiteral(Array.isArray(a) ? `{${a.join(",")}}` : String(a));
    const values = args.length ? `(${args.map(literal).join(", ")})` : "";
    return (await client.query<Row>(`EXPLAIN (${options}) EXECUTE explained${values}`)).rows;
  } finally {
    await client.query("DEALLOCATE explained");
  }
}

/**
 * Rows of `table` that a page statement examines in the plans the API may run it with: planned for its values (an
 * unnamed statement, and a prepared one's first five runs) and, when the API prepares it (`prepare`), its generic
 * plan, the one a prepared statement keeps after five runs: the most either reads (db/prepared.ts's rule).
 */
export async function pageRowsExamined(
  client: pg.ClientBase,
  table: string,
  statement: { sql: string; args: unknown[]; prepare: boolean },
): Promise<number> {
  const { sql, args, prepare } = statement;
  const custom = await explainRowsExamined(client, table, sql, args);
  if (!prepare) return custom;
  await client.query("SET plan_cache_mode = force_generic_plan");
  try {
    const rows = await explainPrepared<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      client,
      sql,
      args,
      "ANALYZE, FORMAT JSON",
    );
    return Math.max(custom, rowsExaminedIn(rows[0]!["QUERY PLAN"][0].Plan, table));
  } finally {
    await client.query("RESET plan_cache_mode");
  }
}
