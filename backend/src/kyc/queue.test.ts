/**
 * Issue 15: the KYC review queue is sorted on the server (oldest, newest, highest risk first) and paged by keyset.
 * Property: for any set of applications (ties in submission time and risk, unscreened ones) and any page size,
 * walking the pages through the API's cursors gives every application exactly once, in the order of the sort.
 * Issue 17 / data minimisation: the queue shows each applicant's name from its own envelope, without decrypting
 * (or even reading) the whole identity (date of birth, document number, address).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import { identity } from "./kyc.fixtures.ts";
import { sealIdentity } from "./protection.ts";
import { QUEUE_SORTS, type QueueSort } from "./queue.ts";

interface Row {
  id: string;
  createdAt: Date;
  riskScore: number | null;
}

/** The order each sort promises, written independently of the SQL. */
function expectedOrder(rows: Row[], sort: QueueSort): string[] {
  const bySubmitted = (a: Row, b: Row) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);
  const sorted = [...rows].sort((a, b) => {
    if (sort === "-submitted") return -bySubmitted(a, b);
    if (sort === "risk") {
      const ra = a.riskScore ?? Infinity; // unscreened first
      const rb = b.riskScore ?? Infinity;
      if (ra !== rb) return rb - ra;
    }
    return bySubmitted(a, b);
  });
  return sorted.map((r) => r.id);
}

describe("15 KYC queue: server-side sort and keyset paging (real PostgreSQL)", () => {
  let t: TestContext;
  let officer: TestUser;

  before(async () => {
    t = await createTestContext();
    officer = await t.user("COMPLIANCE_OFFICER");
  });
  after(async () => t.close());

  /** Applications written straight to the table (one investor each: one live application per investor). */
  async function insert(specs: { minute: number; risk: number | null }[]): Promise<Row[]> {
    const ring = keyRingFromConfig(t.config.kycKeys);
    const base = Date.UTC(2026, 0, 1);
    const rows: Row[] = [];
    for (const spec of specs) {
      const id = randomUUID();
      const wallet = `0x${randomUUID().replaceAll("-", "").padEnd(40, "0")}`;
      const user = await t.db.user.create({ data: { address: wallet } });
      const created = await t.db.kycApplication.create({
        data: {
          id,
          applicantId: user.id,
          wallet,
          status: "UNDER_REVIEW",
          ...sealIdentity(ring, id, identity({ givenNames: "Ana", familyName: `Queue${rows.length}` }) as never),
          residenceCountry: 250,
          pepDeclared: false,
          accreditationClaimed: false,
          riskScore: spec.risk,
          riskLevel: spec.risk === null ? null : spec.risk >= 50 ? "HIGH" : "LOW",
          createdAt: new Date(base + spec.minute * 60_000),
        },
      });
      rows.push({ id: created.id, createdAt: created.createdAt, riskScore: created.riskScore });
    }
    return rows;
  }

  async function walk(sort: QueueSort, limit: number) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 200; pages += 1) {
      const query: string = `status=UNDER_REVIEW&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await t.as(officer).get(`/api/v1/kyc/applications?${query}`);
      assert.equal(res.status, 200, res.text);
      const page = res.body as { items: { id: string; applicantName?: string }[]; nextCursor: string | null };
      for (const item of page.items) assert.match(item.applicantName ?? "", /^Ana Queue\d+$/, "officers see the name");
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
    }
    assert.fail("the pages do not end");
  }

  it("property: every sort, any page size, pages give each application once in the sort's order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            minute: fc.integer({ min: 0, max: 5 }), // few minutes: many ties on submission time
            risk: fc.option(fc.constantFrom(0, 10, 55, 90), { nil: null }), // few scores: ties, unscreened
          }),
          { minLength: 0, maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 5 }),
        async (specs, limit) => {
          await t.db.kycApplication.deleteMany({ where: { status: "UNDER_REVIEW" } });
          const rows = await insert(specs);
          for (const sort of QUEUE_SORTS) assert.deepEqual(await walk(sort, limit), expectedOrder(rows, sort), sort);
        },
      ),
      { numRuns: 12 },
    );
  });

  /** A well-formed envelope that does not decrypt: any read of it fails the request. */
  const UNREADABLE = "fh1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA";

  it("the queue shows names without decrypting the identities: an unreadable identity envelope does not matter", async () => {
    await t.db.kycApplication.deleteMany({ where: { status: "UNDER_REVIEW" } });
    const rows = await insert([
      { minute: 0, risk: 10 },
      { minute: 1, risk: null },
      { minute: 2, risk: 90 },
    ]);
    await t.db.$executeRawUnsafe(
      `UPDATE kyc_applications SET "identityCiphertext" = '${UNREADABLE}' WHERE status = 'UNDER_REVIEW'`,
    );
    for (const sort of QUEUE_SORTS) assert.deepEqual(await walk(sort, 2), expectedOrder(rows, sort), sort);
  });

  it("an application stored before names were sealed on their own shows its name from the identity", async () => {
    await t.db.kycApplication.deleteMany({ where: { status: "UNDER_REVIEW" } });
    const rows = await insert([
      { minute: 0, risk: 10 },
      { minute: 1, risk: 20 },
    ]);
    await t.db.$executeRawUnsafe(`UPDATE kyc_applications SET "nameCiphertext" = NULL WHERE id = '${rows[0]!.id}'`);
    assert.deepEqual(await walk("submitted", 5), expectedOrder(rows, "submitted"));
  });

  it("a cursor this API did not write is a 400, never a 500", async () => {
    for (const cursor of [
      Buffer.from(JSON.stringify(["99999", "2026-01-01T00:00:00.000Z", randomUUID()])).toString("base64url"),
      Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z"])).toString("base64url"),
      "not-a-cursor!",
    ]) {
      const res = await t.as(officer).get(`/api/v1/kyc/applications?sort=risk&cursor=${encodeURIComponent(cursor)}`);
      assert.equal(res.status, 400, `${cursor}: ${res.text}`);
    }
  });
});
