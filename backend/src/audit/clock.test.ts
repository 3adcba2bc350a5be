/**
 * The date filter of the trail turns a date range into a seq range, which is right only while `at` never decreases
 * along seq. A wall clock can step back (NTP, or two backend instances whose clocks disagree): property, for any
 * sequence of clock readings, the stored times follow the seq order, and a date range selects exactly the entries
 * whose time is in it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it, mock } from "node:test";
import fc from "fast-check";
import pg from "pg";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { readAuditTrailJson, recordAudit, recordAuditSql } from "./service.ts";

const BASE = Date.UTC(2031, 0, 1);

describe("audit times follow the chain's order whatever the wall clock does", () => {
  let t: TestContext;
  let sql: pg.Client;
  before(async () => {
    t = await createTestContext();
    // A plain client with node-postgres' default parsers: the SQL path (the chain sync's) must not depend on them.
    sql = new pg.Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
    await t.close();
  });

  it("never stores a time before the previous entry's, and date ranges select by time", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -90_000, max: 90_000 }), fc.boolean()), { minLength: 2, maxLength: 8 }),
        fc.nat({ max: 7 }),
        fc.nat({ max: 7 }),
        async (clockSteps, a, b) => {
          const before = (await t.db.auditEntry.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
          let clock = BASE + before * 1_000_000;
          mock.timers.enable({ apis: ["Date"], now: clock });
          try {
            for (const [step, viaSql] of clockSteps) {
              clock += step;
              mock.timers.setTime(clock);
              const input = { action: "property.updated", entityType: "clock", entityId: String(step), actor: null };
              if (viaSql) {
                await sql.query("BEGIN");
                await recordAuditSql(sql, input);
                await sql.query("COMMIT");
              } else {
                await t.db.$transaction((tx) => recordAudit(tx, input));
              }
            }
          } finally {
            mock.timers.reset();
          }
          const rows = await t.db.auditEntry.findMany({ where: { seq: { gt: before } }, orderBy: { seq: "asc" } });
          for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i]!.at >= rows[i - 1]!.at, "at decreased along seq");
          const [lo, hi] = [rows[Math.min(a, b) % rows.length]!.at, rows[Math.max(a, b) % rows.length]!.at];
          const page = JSON.parse(
            await readAuditTrailJson(t.pool, keyRingFromConfig(t.config.kycKeys), {
              order: "asc",
              afterSeq: before,
              limit: 100,
              from: lo,
              to: hi,
            }),
          ) as { items: { seq: number }[] };
          const expected = rows.filter((r) => r.at >= lo && r.at <= hi).map((r) => r.seq);
          assert.deepEqual(
            page.items.map((r) => r.seq),
            expected,
          );
        },
      ),
      { numRuns: 15 },
    );
  });
});
