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

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
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
