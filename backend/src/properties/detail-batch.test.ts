/**
 * Property pages requested together are read by one statement (read.ts detailPages, issue 17), and batching must not
 * change any answer: over generated sets of concurrent requests (existing properties in every status, ids that do
 * not exist, ids in upper case, the same id twice) by generated callers, each request gets what it gets alone: its
 * own property's page, or a 404 for a property it may not see or that does not exist. Counted with PostgreSQL's own
 * runs of the prepared statement, one turn's requests take one statement.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import type pg from "pg";
import type { Actor } from "../auth/actor.ts";
import { NotFoundError } from "../core/errors.ts";
import { createPool } from "../db/pool.ts";
import { freshDatabase } from "../../test/support/harness.ts";
import { PUBLIC_STATUSES } from "./access.ts";
import { getPropertyDetailJson } from "./read.ts";

const CHAIN_ID = 31337;
const STATUSES = ["DRAFT", "SUBMITTED", "VERIFIED", "REJECTED", "OFFERING", "FUNDED", "ARCHIVED"] as const;
const PUBLIC = new Set<string>(PUBLIC_STATUSES);
const owner: Actor = { id: randomUUID(), address: `0x${"1".repeat(40)}`, roles: ["INVESTOR", "PROPERTY_MANAGER"] };
const stranger: Actor = { id: randomUUID(), address: `0x${"2".repeat(40)}`, roles: ["INVESTOR", "PROPERTY_MANAGER"] };
const officer: Actor = { id: randomUUID(), address: `0x${"3".repeat(40)}`, roles: ["COMPLIANCE_OFFICER"] };

type Outcome = { json: string; version: number } | "not found";

async function outcome(pool: pg.Pool, actor: Actor | null, id: string): Promise<Outcome> {
  try {
    const { json, version } = await getPropertyDetailJson(pool, actor, id, CHAIN_ID);
    return { json, version };
  } catch (error) {
    if (error instanceof NotFoundError) return "not found";
    throw error;
  }
}

describe("property pages read together", () => {
  let pool: pg.Pool;
  const ids: string[] = [];

  before(async () => {
    // one connection: the statement's runs are counted in the session that ran them
    pool = createPool(await freshDatabase(), 1);
    for (const actor of [owner, stranger, officer]) {
      await pool.query(`INSERT INTO users (id, address, roles, "updatedAt") VALUES ($1, $2, $3::"Role"[], now())`, [
        actor.id,
        actor.address,
        `{${actor.roles.join(",")}}`,
      ]);
    }
    for (const [i, status] of [...STATUSES, ...STATUSES].entries()) {
      const id = randomUUID();
      ids.push(id);
      await pool.query(
        `INSERT INTO properties (id, "ownerId", name, type, status, "addressLine1", city, country, currency, "currentValuation", "updatedAt")
         VALUES ($1, $2, $3, 'RESIDENTIAL', $4::"PropertyStatus", '1 Rua', 'Lisbon', 'PT', 'EUR', $5, now())`,
        [id, owner.id, `Batch ${i}`, status, i % 3 ? String(100_000 + i) : null],
      );
    }
  });

  after(async () => {
    await pool?.end();
  });

  const request = fc.oneof(
    fc.nat({ max: 2 * STATUSES.length - 1 }).map((i) => (): string => ids[i]!),
    fc.nat({ max: 2 * STATUSES.length - 1 }).map((i) => (): string => ids[i]!.toUpperCase()),
    fc.uuid({ version: 4 }).map((id) => (): string => id),
  );
  const caller = fc.constantFrom<Actor | null>(null, owner, stranger, officer);

  /** The id of the page `actor` must get for `id` (the visibility rules of access.ts), or null for a 404. */
  function expected(actor: Actor | null, id: string): string | null {
    const i = ids.indexOf(id.toLowerCase());
    if (i < 0) return null;
    const status = [...STATUSES, ...STATUSES][i]!;
    return PUBLIC.has(status) || actor === owner || actor === officer ? ids[i]! : null;
  }

  it("each of many concurrent requests gets its own page, the one it gets alone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(request, caller), { minLength: 1, maxLength: 40 }), async (requests) => {
        const asked = requests.map(([id, actor]) => [id(), actor] as const);
        const together = await Promise.all(asked.map(([id, actor]) => outcome(pool, actor, id)));
        for (const [i, [id, actor]] of asked.entries()) {
          const who = `${id} as ${actor?.roles.join("+") ?? "anonymous"}`;
          const got = together[i]!;
          assert.equal(
            got === "not found" ? null : (JSON.parse(got.json) as { id: string }).id,
            expected(actor, id),
            who,
          );
          assert.deepEqual(got, await outcome(pool, actor, id), who);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("the requests of one turn take one statement", async () => {
    const runs = async (): Promise<number> => {
      const { rows } = await pool.query<{ runs: number }>(
        `SELECT coalesce(sum(generic_plans + custom_plans), 0)::int AS runs FROM pg_prepared_statements WHERE name = 'pd_json'`,
      );
      return rows[0]!.runs;
    };
    const before = await runs();
    const pages = await Promise.all(ids.map((id) => outcome(pool, officer, id)));
    assert.equal(await runs(), before + 1);
    // an officer sees every property: every page, each its own
    assert.deepEqual(
      pages.map((page) => (page === "not found" ? null : (JSON.parse(page.json) as { id: string }).id)),
      ids,
    );
  });
});
