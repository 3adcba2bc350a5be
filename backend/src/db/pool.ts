/**
 * The node-postgres pool shared by Prisma (through @prisma/adapter-pg) and by the few hot read paths that use SQL
 * directly (property search and detail, session lookup). Its type parsers make rows structurally identical to
 * Prisma's models: numeric -> Prisma.Decimal, timestamp (stored as UTC) -> Date, date -> Date at UTC midnight.
 * Prisma's adapter sets its own parsers per query, so these do not affect Prisma.
 */
import pg from "pg";
import { Prisma } from "../generated/prisma/client.ts";

const NUMERIC = 1700;
const TIMESTAMP = 1114;
const DATE = 1082;

const parsers: Record<number, (value: string) => unknown> = {
  [NUMERIC]: (v) => new Prisma.Decimal(v),
  [TIMESTAMP]: (v) => new Date(`${v.replace(" ", "T")}Z`),
  [DATE]: (v) => new Date(`${v}T00:00:00.000Z`),
};

/**
 * Planner settings of every connection. random_page_cost: PostgreSQL's default (4, four sequential reads) models a
 * spinning disk; Freehold's working set is in memory or on SSD, where PostgreSQL's documentation advises 1.1. With the
 * default, the planner sorted a whole table rather than walk an index in order for a few thousand rows (a search's page
 * deep in the name order read all 30,000 properties: src/properties/list-plans.test.ts). Set per connection, so the
 * plans are the same on any server, whatever its configuration; the plan tests and benchmarks plan with them too
 * (test/support/plans.ts).
 */
export const PLANNER_SETTINGS = { random_page_cost: "1.1" } as const;

/** PLANNER_SETTINGS as `SET` statements, for a connection opened elsewhere (the plan tests' clients). */
export const PLANNER_SETTINGS_SQL = Object.entries(PLANNER_SETTINGS)
  .map(([name, value]) => `SET ${name} = ${value};`)
  .join(" ");

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    options: Object.entries(PLANNER_SETTINGS)
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(" "),
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Finding (issue 18, fault run): a connection the server terminates (fast shutdown, restart) emits 'error' when
  // no query is running on it, checked out or idle; unheard, that ends the process. The dead connection's next
  // query fails (answered 503 by the error mapping) and the pool replaces it, so there is nothing else to do here.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}
