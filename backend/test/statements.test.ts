/**
 * Investor statements: the job generates each ended month, quarter, year and tax summary once (a re-run writes
 * nothing, regenerating gives the same bytes), notifies STATEMENT_READY with the row, serves the files to their
 * owner, officers and admins only, and the public document check confirms a statement PDF by its hash without
 * saying whose it is. Figures are hand-computed from a history written as the chain sync stores it.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext, type TestUser } from "./support/harness.ts";
import { API } from "./support/fixtures.ts";
import { SyntheticToken, tradingStory, valuedProperty } from "./support/chain-ledger.ts";
import { createStorage } from "../src/storage/storage-factory.ts";
import { generateDueStatements, regenerate } from "../src/statements/service.ts";
import { csvRecords as records } from "../src/statements/csv-read.ts";

const U = 1_000_000n;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("16 investor statements", () => {
  let t: TestContext;
  let manager: TestUser, officer: TestUser, investor: TestUser, other: TestUser, stranger: TestUser;
  let propertyId: string;
  const asOf = new Date("2026-01-15T00:00:00Z");

  before(async () => {
    t = await createTestContext();
    [manager, officer, investor, other, stranger] = await Promise.all([
      t.user("PROPERTY_MANAGER"),
      t.user("COMPLIANCE_OFFICER"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
      t.user("INVESTOR"),
    ]);
    // Valued 600,000.00 on 2025-06-30 and approved now (2026): too late for 2025's statements, so the decision
    // time is set back below, to what a statement as of a date sees.
    let valuationId: string;
    ({ propertyId, valuationId } = await valuedProperty(t, manager, officer, {
      amount: "600000.00",
      valuedOn: "2025-06-30",
    }));
    await t.db.valuation.update({ where: { id: valuationId }, data: { decidedAt: new Date("2025-07-01T00:00:00Z") } });

    const token = new SyntheticToken(t.db, t.config.siwe.chainId);
    await token.launch(propertyId, manager.address, 5_000n * U, "RIV");
    await tradingStory(token, investor.address, other.address, {
      subscribe: "2025-10-01T00:00:00Z",
      claim: "2025-10-15T00:00:00Z",
      buy: "2025-11-03T00:00:00Z",
      rent: "2025-11-30T12:00:00Z",
      sell: "2025-12-10T00:00:00Z",
    });
  });
  after(async () => t?.close());

  const storage = () => createStorage(t.config);

  it("16 the job writes each ended month, quarter, year and tax summary once, each with its notification", async () => {
    const created = await generateDueStatements(t.db, storage(), t.config.siwe.chainId, asOf);
    const mine = created.filter((s) => s.userId === investor.id).map((s) => `${s.kind} ${s.label}`);
    // Active from October 2025 (the first subscription): Oct, Nov, Dec, Q4, the year and its tax summary.
    assert.deepEqual(mine.sort(), [
      "ANNUAL 2025",
      "MONTHLY 2025-10",
      "MONTHLY 2025-11",
      "MONTHLY 2025-12",
      "QUARTERLY 2025-Q4",
      "TAX_ANNUAL 2025",
    ]);
    const notes = await t.db.notification.findMany({ where: { userId: investor.id, event: "STATEMENT_READY" } });
    assert.equal(notes.length, 6);
    const byId = new Map(created.map((s) => [s.id, s]));
    for (const n of notes) {
      const d = n.data as { statementId: string; period: string; kind: string };
      assert.deepEqual(Object.keys(d).sort(), ["kind", "period", "statementId"]);
      assert.equal(byId.get(d.statementId)?.label, d.period);
      assert.equal(byId.get(d.statementId)?.kind, d.kind);
    }
    // A re-run (and a later one) writes nothing new.
    const again = await generateDueStatements(t.db, storage(), t.config.siwe.chainId, asOf);
    assert.deepEqual(again, []);
    assert.equal(await t.db.notification.count({ where: { userId: investor.id, event: "STATEMENT_READY" } }), 6);
    // The stranger never held anything: no statement.
    assert.equal(await t.db.investorStatement.count({ where: { userId: stranger.id } }), 0);
  });

  it("16 regenerating a stored statement gives the same bytes, stored under their SHA-256", async () => {
    const rows = await t.db.investorStatement.findMany({ where: { userId: investor.id } });
    for (const row of rows) {
      const { pdf, csv } = await regenerate(t.db, t.config.siwe.chainId, row);
      assert.equal(sha(pdf), row.pdfSha256, `${row.kind} ${row.label} PDF`);
      assert.equal(sha(csv), row.csvSha256, `${row.kind} ${row.label} CSV`);
      assert.deepEqual(await storage().get(row.pdfSha256), pdf);
      assert.match(pdf.subarray(0, 8).toString("latin1"), /^%PDF-1\.\d/);
      if (process.env["STATEMENT_PDF_DIR"])
        await writeFile(`${process.env["STATEMENT_PDF_DIR"]}/${row.kind}-${row.label}.pdf`, pdf);
    }
  });

  it("16 the December statement's CSV reads back the hand-computed figures", async () => {
    const row = await t.db.investorStatement.findFirstOrThrow({
      where: { userId: investor.id, kind: "MONTHLY", label: "2025-12" },
    });
    const res = await t.as(investor).get(`${API}/statements/${row.id}.csv`);
    assert.equal(res.status, 200, res.text);
    const recs = records(res.text);
    const meta = Object.fromEntries(recs.filter((r) => r["section"] === "meta").map((r) => [r["key"], r["value"]]));
    assert.deepEqual(meta, {
      platform: "Freehold",
      kind: "MONTHLY",
      period: "2025-12",
      from: "2025-12-01",
      to: "2025-12-31",
      wallet: investor.address,
      investor_ref: investor.id.slice(0, 8).toUpperCase(),
      amount_decimals: "6",
    });
    const [holding] = recs.filter((r) => r["section"] === "holding");
    // 10 claimed at 5,000 + 5 bought for 27,500 = 77,500 for 15; December's sale of 6 for 36,000 removes 31,000
    // (realized 5,000). 9 units left at 46,500. NAV 6,000 (600,000.00 / 100): 54,000, unrealized 7,500.
    assert.deepEqual(
      [
        holding!["units"],
        holding!["cost_basis"],
        holding!["realized_gain"],
        holding!["income"],
        holding!["nav_per_unit"],
        holding!["value_at_nav"],
        holding!["unrealized_gain"],
        holding!["ownership_percent"],
        holding!["property"],
        holding!["symbol"],
      ],
      [
        "9",
        `${46_500n * U}`,
        `${5_000n * U}`,
        "0",
        `${6_000n * U}`,
        `${54_000n * U}`,
        `${7_500n * U}`,
        "9.00",
        (await t.db.property.findUniqueOrThrow({ where: { id: propertyId } })).name,
        "RIV",
      ],
    );
    // Only December's transaction: the sale (with its proceeds).
    assert.deepEqual(
      recs.filter((r) => r["section"] === "transaction").map((r) => [r["key"], r["date"], r["units"], r["amount"]]),
      [["TRADE_SELL", "2025-12-10", "6", `${36_000n * U}`]],
    );
    // The IRR since the first payment, to the statement's end (2026-01-01), with the value at NAV as the last flow.
    const irr = Number(holding!["irr"]);
    assert.ok(irr > 0 && Number.isFinite(irr));
    assert.equal(res.headers.get("x-content-sha256"), row.csvSha256);
  });

  it("16 the tax summary: the year's rent and each disposal with the basis it removed", async () => {
    const row = await t.db.investorStatement.findFirstOrThrow({ where: { userId: investor.id, kind: "TAX_ANNUAL" } });
    const recs = records((await t.as(investor).get(`${API}/statements/${row.id}.csv`)).text);
    const [total] = recs.filter((r) => r["section"] === "total");
    assert.deepEqual([total!["income"], total!["realized_gain"]], [`${1_200n * U}`, `${5_000n * U}`]);
    assert.deepEqual(
      recs
        .filter((r) => r["section"] === "disposal")
        .map((r) => [r["date"], r["units"], r["amount"], r["cost_basis"], r["realized_gain"]]),
      [["2025-12-10", "6", `${36_000n * U}`, `${31_000n * U}`, `${5_000n * U}`]],
    );
  });

  it("16 the list (own, newest first, keyset) and the files: owner, officer, admin; others 404", async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const page = await t.as(investor).get(`${API}/me/statements?limit=4${q}`);
      assert.equal(page.status, 200, page.text);
      all.push(...page.body.items.map((s: { id: string }) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const rows = await t.db.investorStatement.findMany({
      where: { userId: investor.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    assert.deepEqual(
      all,
      rows.map((r) => r.id),
    );
    assert.deepEqual((await t.as(stranger).get(`${API}/me/statements`)).body.items, []);

    const row = rows[0]!;
    for (const [who, status] of [
      [investor, 200],
      [officer, 200],
      [t.admin, 200],
      [other, 404],
      [stranger, 404],
      [manager, 404],
    ] as const) {
      const pdf = await t.as(who).get(`${API}/statements/${row.id}.pdf`);
      assert.equal(pdf.status, status, `${who.roles} ${pdf.text.slice(0, 200)}`);
      if (status === 200) {
        assert.equal(pdf.headers.get("x-content-sha256"), row.pdfSha256);
        assert.match(pdf.headers.get("content-disposition") ?? "", /freehold-.*\.pdf/);
      }
    }
    assert.equal((await t.anonymous.get(`${API}/statements/${row.id}.pdf`)).status, 401);
    assert.equal((await t.as(investor).get(`${API}/statements/${randomUUID()}.pdf`)).status, 404);
  });

  it("16 the document check confirms a downloaded statement PDF by its hash, and nothing else about it", async () => {
    const row = await t.db.investorStatement.findFirstOrThrow({ where: { userId: investor.id, kind: "ANNUAL" } });
    const res = await fetch(`${t.baseUrl}${API}/statements/${row.id}.pdf`, {
      headers: { cookie: investor.cookie },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const check = await t.anonymous.get(`${API}/documents/check?sha256=${sha(bytes)}`);
    assert.equal(check.status, 200, check.text);
    assert.equal(check.body.recorded, true);
    assert.deepEqual(
      check.body.matches.map((m: Record<string, unknown>) => ({ ...m, recordedAt: undefined })),
      [
        {
          kind: "investor_statement",
          propertyId: null,
          recordedAt: undefined,
          documentKind: "ANNUAL",
          period: "2025",
          issuer: "Freehold",
          anchoredOnChain: false,
          anchor: null,
        },
      ],
    );
    assert.ok(!check.text.includes(investor.address) && !check.text.includes(investor.id));
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    const unknown = await t.anonymous.get(`${API}/documents/check?sha256=${sha(flipped)}`);
    assert.deepEqual([unknown.body.recorded, unknown.body.matches], [false, []]);
  });

  it("16 bad ids, limits and cursors are 4xx problems and write nothing", async () => {
    const before = await t.db.investorStatement.count();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }).map((s) => `/statements/${encodeURIComponent(s)}.pdf`),
          fc.string({ maxLength: 40 }).map((s) => `/statements/${encodeURIComponent(s)}.csv`),
          fc
            .oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }), fc.constant("x"))
            .map((l) => `/me/statements?limit=${l}`),
          fc.string({ minLength: 1, maxLength: 60 }).map((c) => `/me/statements?cursor=${encodeURIComponent(c)}`),
        ),
        async (path) => {
          const res = await t.as(investor).get(`${API}${path}`);
          assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
          if (res.headers.get("content-type")?.includes("json"))
            assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
        },
      ),
      { numRuns: 60 },
    );
    assert.equal(await t.db.investorStatement.count(), before);
  });
});
