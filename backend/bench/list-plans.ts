/**
 * `npx tsx bench/list-plans.ts [count]`: the plan and execution time of every marketplace list path of bench:api
 * (LIST_PATHS) over `count` (default 100,000) seeded properties, for an anonymous caller; PLAN_MODE=force_generic_plan
 * shows the plans prepared statements get once PostgreSQL stops planning them per value.
 */
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { listPropertiesSql } from "../src/properties/read.ts";
import { ListPropertiesQuery } from "../src/properties/schemas.ts";
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
    const { sql, args } = listPropertiesSql(null, q, 31337);
    const plan = await explain(c, sql, args);
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
