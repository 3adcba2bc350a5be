/**
 * The audit trail reads a page, not the trail (issue 17): for any combination of its filters (entity type, entity,
 * actor, action), order, seq bound and page size, PostgreSQL's plan over 30,000 entries examines at most a page's
 * budget of entries. The page statement is planned for its values on every request (service.ts auditPageSql); as a
 * prepared statement, its generic plan walked the trail for an action that never occurs, and with per-column
 * statistics only so did the plan of an entity id and an action that never go together. The class of the marketplace list's finding
 * (src/properties/list-plans.test.ts): filters that are correlated (an action has one entity type; an actor does
 * some actions only) make a combination rare or empty, and a plan that walks one filter's index while testing the
 * others reads every entry of that filter before it gives up. The row counts are PostgreSQL's own (EXPLAIN ANALYZE).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { freshDatabase } from "../../test/support/harness.ts";
import { explainRowsExamined, pageBudget } from "../../test/support/plans.ts";
import { randomBytes } from "node:crypto";
import { parseKeyRing } from "../crypto/key-ring.ts";
import { createPool } from "../db/pool.ts";
import { auditPageSql, readAuditTrailJson, type AuditFilter } from "./service.ts";

const ENTRIES = 30_000;
const ENTITY_IDS = 500;
/** Actions with the entity type each one is about (an action never changes its entity type). */
const ACTIONS: [string, string][] = [
  ["property.created", "property"],
  ["property.updated", "property"],
  ["kyc.approved", "kyc_application"],
  ["kyc.rejected", "kyc_application"],
  ["user.roles_changed", "user"],
  ["title.verified", "land_title"],
  ["lease.created", "lease"],
  ["valuation.recorded", "valuation"],
];
const ABSENT_ID = "00000000-0000-4000-8000-000000000000";

/** A page's budget, as for the marketplace list: 2,000 entries, or a quarter more than a walk in seq order. */
const budget = (limit: number, matches: number): number => pageBudget(limit, matches, ENTRIES);

let client: pg.Client;
let url: string;
let actors: string[];

before(async () => {
  url = await freshDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO users (id, address, roles, "updatedAt")
     SELECT gen_random_uuid(), '0x' || lpad(g::text, 40, '0'), ARRAY['ADMIN']::"Role"[], now() FROM generate_series(1, 2) g
     RETURNING id`,
  );
  actors = rows.map((r) => r.id);
  // As bench:api's trail: the two actors alternate, so the first does the even actions and the second the odd ones.
  await client.query(
    `INSERT INTO audit_entries (at, "actorId", action, "entityType", "entityId", "after", "prevHash", hash)
     SELECT now() - (($1::int - g) || ' seconds')::interval, ($2::uuid[])[1 + g % 2], ($3::text[])[1 + g % 8],
       ($4::text[])[1 + g % 8], md5((g % ${ENTITY_IDS})::text), jsonb_build_object('n', g),
       encode(sha256(('p' || g)::bytea), 'hex'), encode(sha256(('h' || g)::bytea), 'hex')
     FROM generate_series(1, $1::int) AS g`,
    [ENTRIES, actors, ACTIONS.map(([a]) => a), ACTIONS.map(([, e]) => e)],
  );
  await client.query("VACUUM (ANALYZE) audit_entries");
});
after(() => client.end());

type Bounds = { gt: number; lt: number };

/** Entries the filter selects between the bounds, counted here rather than by the code under test. */
async function matches(f: AuditFilter, { gt, lt }: Bounds): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_entries WHERE seq > $1 AND seq < $2
       AND ($3::text IS NULL OR "entityType" = $3) AND ($4::text IS NULL OR "entityId" = $4)
       AND ($5::uuid IS NULL OR "actorId" = $5) AND ($6::text IS NULL OR action = $6)`,
    [
      gt,
      Number.isFinite(lt) ? lt : 2 ** 31 - 1,
      f.entityType ?? null,
      f.entityId ?? null,
      f.actorId ?? null,
      f.action ?? null,
    ],
  );
  return rows[0]!.n;
}

/** Entries the page statement's plan examines, planned for its values as the API runs it (unnamed). */
async function examined(f: AuditFilter, { gt, lt }: Bounds): Promise<number> {
  const { sql, args } = auditPageSql(f, gt, lt);
  return explainRowsExamined(client, "audit_entries", sql, args);
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const filter = fc.record({
  entityType: optional(fc.constantFrom(...new Set(ACTIONS.map(([, e]) => e)), "nothing")),
  entityId: optional(fc.integer({ min: 0, max: ENTITY_IDS }).map((n) => (n === ENTITY_IDS ? "absent" : n))),
  actor: optional(fc.constantFrom(0, 1, 2)),
  action: optional(fc.constantFrom(...ACTIONS.map(([a]) => a), "nothing.happened")),
  order: fc.constantFrom("asc" as const, "desc" as const),
  bound: fc.integer({ min: 0, max: ENTRIES }),
  limit: fc.constantFrom(1, 50, 500),
});

describe("audit trail plans", () => {
  it(`any filters, order and bound examine at most the page's budget of ${ENTRIES} entries`, async () => {
    const { rows } = await client.query<{ id: string }>(`SELECT md5(g::text) AS id FROM generate_series(0, $1) g`, [
      ENTITY_IDS - 1,
    ]);
    await fc.assert(
      fc.asyncProperty(filter, async (g) => {
        const f: AuditFilter = {
          order: g.order,
          afterSeq: g.order === "asc" ? g.bound : 0,
          beforeSeq: g.order === "desc" ? g.bound + 1 : undefined,
          limit: g.limit,
          entityType: g.entityType,
          entityId: g.entityId === undefined ? undefined : g.entityId === "absent" ? "absent" : rows[g.entityId]!.id,
          actorId: g.actor === undefined ? undefined : (actors[g.actor] ?? ABSENT_ID),
          action: g.action,
        };
        const bounds = { gt: f.afterSeq, lt: f.beforeSeq ?? Infinity };
        const [seen, most] = [await examined(f, bounds), budget(f.limit, await matches(f, bounds))];
        assert.ok(seen <= most, `${JSON.stringify(g)} examined ${seen} entries (budget ${most})`);
      }),
      { numRuns: 300 },
    );
  });

  // What the trail leaves prepared must not depend on the filters' values: after more runs than PostgreSQL's five
  // custom plans, no page statement is among a connection's prepared statements.
  it("reading the trail leaves no page statement prepared", async () => {
    const pool = createPool(url, 1);
    try {
      const ring = parseKeyRing(`plans:${randomBytes(32).toString("base64")}`, "plans");
      const absent: AuditFilter = { order: "desc", afterSeq: 0, limit: 50, action: "nothing.happened" };
      for (let run = 0; run < 8; run++)
        assert.equal(
          await readAuditTrailJson(pool, ring, absent),
          `{"items":[],"nextAfterSeq":null,"nextBeforeSeq":null}`,
        );
      const { rows } = await pool.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements");
      assert.deepEqual(
        rows.filter((r) => r.statement.includes("LIMIT")).filter((r) => !r.statement.includes("ORDER BY at")),
        [],
      );
    } finally {
      await pool.end();
    }
  });
});
