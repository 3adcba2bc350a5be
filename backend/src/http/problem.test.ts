/**
 * Finding (the class behind three 500s): PostgreSQL's data exceptions caused by a value (a number out of range, a
 * date or time out of range, a NUL in text, text that is not the column's form, text too long) were unmapped and
 * answered 500. Each is a 422 problem that names no internals; the statement failed, so nothing was written.
 * Every error here is a real one, raised by the real PostgreSQL through Prisma (model and raw queries).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";
import { fromDatabaseError, problemHandler, toDomainError } from "./problem.ts";

/** The error a promise rejects with. */
async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  assert.fail("expected the database to refuse");
}

/** What the problem handler sends for this error: status and body. */
function rendered(error: unknown): { status: number; body: Record<string, unknown> } {
  let status = 0;
  let text = "";
  const res = {
    set: () => res,
    status: (s: number) => ((status = s), res),
    type: () => res,
    send: (t: string) => ((text = t), res),
  };
  const req = { id: "r1", originalUrl: "/api/v1/x?y=1", log: { error: () => undefined } };
  problemHandler(error, req as never, res as never, () => undefined);
  return { status, body: JSON.parse(text) as Record<string, unknown> };
}

const INTERNALS = /sqlstate|prisma|postgres|bigint|timestamptz|22\d\d\d|P20\d\d|relation|column|encoding|\bUTF8\b/i;

describe("database data exceptions become 4xx problems", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(async () => t?.close());

  const cases: [string, RegExp, () => Promise<unknown>][] = [
    [
      "22003 numeric out of range (model write, P2020)",
      /number/,
      () => t.db.rentPayment.updateMany({ where: { id: randomUUID() }, data: { amount: "1e20" } }),
    ],
    [
      "a bigint beyond 64 bits (refused by Prisma before the query: what the finding's RENT line hit)",
      /number/,
      () => t.db.financialPeriod.updateMany({ where: { id: randomUUID() }, data: { reserveContribution: 2n ** 63n } }),
    ],
    [
      "22003 numeric out of range (raw)",
      /number/,
      () => t.db.$queryRawUnsafe("SELECT 9223372036854775807::bigint + 1"),
    ],
    [
      "22008 datetime field overflow (raw, year 0000)",
      /date or time/,
      () => t.db.$queryRawUnsafe("SELECT $1::timestamptz", "0000-12-31T23:00:00.000Z"),
    ],
    [
      "22008 datetime field overflow (model read, year 0000)",
      /date or time/,
      () => t.db.auditEntry.findMany({ where: { at: { gte: new Date("0000-06-01T00:00:00Z") } } }),
    ],
    [
      "22021 NUL in text (model write)",
      /text/,
      () => t.db.user.updateMany({ where: { id: randomUUID() }, data: { displayNameKeyId: "a\u0000b" } }),
    ],
    ["22021 NUL in text (raw)", /text/, () => t.db.$queryRawUnsafe("SELECT $1::text", "a\u0000b")],
    [
      "22001 string too long (model write, P2000)",
      /long/,
      () => t.db.sanctionsListVersion.updateMany({ where: { id: randomUUID() }, data: { digest: "x".repeat(65) } }),
    ],
    ["22P02 invalid text representation (raw)", /form/, () => t.db.$queryRawUnsafe("SELECT 'abc'::int")],
    [
      "22001 string too long (raw)",
      /long/,
      () =>
        t.db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("CREATE TEMP TABLE too_long (c varchar(2)) ON COMMIT DROP");
          await tx.$executeRawUnsafe("INSERT INTO too_long VALUES ('abcd')");
        }),
    ],
  ];

  for (const [name, detail, work] of cases) {
    it(`${name}: a 422 whose detail names no internals`, async () => {
      const error = await failure(work);
      const refusal = fromDatabaseError(error);
      assert.ok(refusal, `mapped: ${String(error)}`);
      assert.equal(toDomainError(error)?.code, "rule_violated");
      const { status, body } = rendered(error);
      assert.equal(status, 422, JSON.stringify(body));
      assert.equal(body["code"], "rule_violated");
      assert.equal(body["rule"], "value_not_storable");
      assert.match(String(body["detail"]), detail);
      assert.doesNotMatch(String(body["detail"]), INTERNALS);
      assert.match(String(body["detail"]), /nothing (was|has been) (changed|recorded)/);
    });
  }

  it("leaves other errors alone: a bug (division by zero) is still a 500", async () => {
    const error = await failure(() => t.db.$queryRawUnsafe("SELECT 1 / 0"));
    assert.equal(fromDatabaseError(error), undefined);
    assert.equal(rendered(error).status, 500);
  });
});
