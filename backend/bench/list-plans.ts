/**
 * `npx tsx bench/list-plans.ts [count]`: the plan and execution time of every marketplace list path of bench:api
 * (LIST_PATHS) over `count` (default 100,000) seeded properties, for an anonymous caller: the page statement, which the
 * API plans for its values on every request (src/properties/read.ts). PLAN_MODE=force_generic_plan shows the plans it
 * would get as a prepared statement once PostgreSQL stops planning it per value (why it is not one).
 */
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { listPageSql } from "../src/properties/read.ts";
import { ListPropertiesQuery } from "../src/properties/schemas.ts";
import { explainPrepared } from "../test/support/plans.ts";
import { explain } from "./measure.ts";
import { benchDatabase, LIST_PATHS } from "./seed.ts";

const count = Number(process.argv[2] ?? 100_000);
const db = await startEmbeddedPostgres();
try {
  const { url } = await benchDatabase(db, count);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // PLAN_MODE=force_generic_plan: the plan a prepared statement gets after its first runs (values unknown)
  if (process.env["PLAN_MODE"]) await c.query(`SET plan_cache_mode = ${process.env["PLAN_MODE"]}`);
  for (const p of LIST_PATHS) {
    const q = ListPropertiesQuery.parse(Object.fromEntries(new URLSearchParams(p)));
    const { sql, args } = listPageSql(null, q, 31337);
    const plan = process.env["PLAN_MODE"]
      ? (await explainPrepared<{ "QUERY PLAN": string }>(c, sql, args, "ANALYZE, COSTS OFF"))
          .map((r) => r["QUERY PLAN"])
          .join("\n")
      : await explain(c, sql, args);
    console.log(
      `=== ${p}\n${
        process.env["FULL"]
          ? plan
          : plan
              .split("\n")
              .filter((l) => /Scan|Execution|Sort Key|Index Cond|Filter:|Rows Removed/.test(l))
              .join("\n")
      }`,
    );
  }
  await c.end();
} finally {
  await db.stop();
}
