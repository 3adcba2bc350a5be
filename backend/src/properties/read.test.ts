/**
 * The search's fast path (PostgreSQL builds the JSON) against an independent oracle: every row read through
 * Prisma, filtered and ordered by the same rules, presented by `presentSummary` and serialised by
 * JSON.stringify. Each page must be byte-identical to that, and valid against the documented schema.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import type { Property } from "../generated/prisma/client.ts";
import { PUBLIC_STATUSES } from "./access.ts";
import { hasWords } from "./testing.ts";
import { createProperty, titleInput, uploadDocument } from "../../test/support/fixtures.ts";
import { presentTitle } from "../titles/schemas.ts";
import { PropertyDetailView } from "./routes.ts";
import { annualContractedRent, grossYieldBps } from "../leases/summary.ts";
import {
  PropertyPage,
  presentDocument,
  presentProperty,
  presentSummary,
  presentUnit,
  presentValuation,
  type PropertySummaryRow,
} from "./schemas.ts";

const API = "/api/v1";

let t: TestContext;
let owner: TestUser;
let other: TestUser;
let officer: TestUser;

/**
 * The marketplace fields read through Prisma: the first IMAGE document, the rent summary's own yield functions over
 * the ACTIVE leases in the property's currency, the latest offering on chain 31337 (the test configuration's).
 */
async function market(p: Property): Promise<Pick<PropertySummaryRow, "coverImageUrl" | "yieldBps" | "chain">> {
  const cover = await t.db.propertyDocument.findFirst({
    where: { propertyId: p.id, kind: "IMAGE" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const leases = await t.db.lease.findMany({ where: { propertyId: p.id, status: "ACTIVE", currency: p.currency } });
  const o = await t.db.chainOffering.findFirst({
    where: { propertyId: p.id, chainId: 31337 },
    orderBy: [{ discoveredBlock: "desc" }, { address: "asc" }],
  });
  const seconds = (d: Date | null): number | null => (d ? d.getTime() / 1000 : null);
  return {
    coverImageUrl: cover ? `${API}/properties/${p.id}/documents/${cover.id}/content` : null,
    yieldBps: grossYieldBps(annualContractedRent(leases), p.currentValuation),
    chain: o
      ? {
          tokenAddress: o.token,
          tokenSymbol: o.tokenSymbol,
          offeringAddress: o.address,
          pricePerUnit: o.pricePerUnit?.toFixed(0) ?? null,
          softCap: o.softCap?.toFixed(0) ?? null,
          hardCap: o.hardCap?.toFixed(0) ?? null,
          unitsSold: o.unitsSold.toFixed(0),
          startTime: seconds(o.startTime),
          endTime: seconds(o.endTime),
          outcome: o.outcome as "open" | "finalized" | "cancelled",
          paymentToken:
            o.paymentToken && o.paymentSymbol !== null && o.paymentDecimals !== null
              ? { address: o.paymentToken, symbol: o.paymentSymbol, decimals: o.paymentDecimals }
              : null,
        }
      : null,
  };
}

/** What the list used to send: the presenter over the row, numerics as their column text (2 decimals). */
async function expected(p: Property): Promise<ReturnType<typeof presentSummary>> {
  const row: PropertySummaryRow = {
    id: p.id,
    name: p.name,
    type: p.type,
    status: p.status,
    city: p.city,
    region: p.region,
    country: p.country,
    latitude: p.latitude?.toString() ?? null,
    longitude: p.longitude?.toString() ?? null,
    floorAreaSqm: p.floorAreaSqm?.toFixed(2) ?? null,
    bedrooms: p.bedrooms,
    currency: p.currency,
    currentValuation: p.currentValuation?.toFixed(2) ?? null,
    ownerId: p.ownerId,
    managerId: p.managerId,
    createdAt: p.createdAt,
    version: p.version,
    ...(await market(p)),
  };
  return presentSummary(row);
}

type Sort = "createdAt" | "name" | "valuation";
const SORT_FIELD = { createdAt: "createdAt", name: "name", valuation: "currentValuation" } as const;

/** All visible rows in the API's order, read through Prisma (PostgreSQL's collation orders names alike). */
async function oracle(where: object, sort: Sort, order: "asc" | "desc"): Promise<Property[]> {
  const field = SORT_FIELD[sort];
  return t.db.property.findMany({
    where,
    orderBy: [
      sort === "valuation" ? { currentValuation: { sort: order, nulls: "last" } } : { [field]: order },
      { id: order },
    ],
  });
}

/** Walks every page; checks each one byte for byte and against the schema; returns the ids in order. */
async function walk(query: string, limit: number, expectedRows: Property[], cookie?: string): Promise<void> {
  let cursor: string | null = null;
  let seen = 0;
  for (let pages = 0; pages < 200; pages++) {
    const url = `${t.baseUrl}${API}/properties?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await fetch(url, cookie ? { headers: { cookie } } : {});
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
    const body = JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
    PropertyPage.strict().parse(body);
    const slice = await Promise.all(expectedRows.slice(seen, seen + limit).map(expected));
    const more = seen + limit < expectedRows.length;
    assert.equal(text, JSON.stringify({ items: slice, nextCursor: body.nextCursor }), `page ${pages} of ${query}`);
    assert.equal(body.nextCursor !== null, more, `nextCursor on page ${pages} of ${query}`);
    seen += slice.length;
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  assert.equal(seen, expectedRows.length, `all rows of ${query}`);
}

async function insert(
  rows: {
    name: string;
    status: string;
    type?: string;
    country?: string;
    city?: string;
    valuation?: string | null;
    lat?: string | null;
    lng?: string | null;
    createdAt?: string;
    ownerId?: string;
  }[],
): Promise<void> {
  for (const r of rows) {
    await t.db.$executeRawUnsafe(
      `INSERT INTO properties (id, "ownerId", "managerId", name, type, status, "addressLine1", city, region, country, latitude, longitude,
         "floorAreaSqm", bedrooms, currency, "currentValuation", "statusChangedAt", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, $1::uuid, $2, $3::"PropertyType", $4::"PropertyStatus", '1 Rua', $5, $6, $7, $8::numeric, $9::numeric,
         $10::numeric, $11, 'EUR', $12::numeric, now(), $13::timestamp, now())`,
      r.ownerId ?? owner.id,
      r.name,
      r.type ?? "RESIDENTIAL",
      r.status,
      r.city ?? "Lisbon",
      r.name.length % 2 ? "Lisboa" : null,
      r.country ?? "PT",
      r.lat === undefined ? "38.700000" : r.lat,
      r.lng === undefined ? "-9.139000" : r.lng,
      r.name.length % 3 ? "120.50" : null,
      r.name.length % 3 ? 2 : null,
      r.valuation === undefined ? "250000.00" : r.valuation,
      r.createdAt ?? "2026-01-01 00:00:00",
    );
  }
}

before(async () => {
  t = await createTestContext();
  owner = await t.user("PROPERTY_MANAGER");
  other = await t.user("PROPERTY_MANAGER");
  officer = await t.user("COMPLIANCE_OFFICER");
  await insert([
    // Created within one millisecond: a millisecond cursor would skip or repeat them.
    { name: "Micro A", status: "VERIFIED", createdAt: "2026-03-01 10:00:00.123100" },
    { name: "Micro B", status: "VERIFIED", createdAt: "2026-03-01 10:00:00.123400" },
    { name: "Micro C", status: "VERIFIED", createdAt: "2026-03-01 10:00:00.123700" },
    { name: "Micro D", status: "FUNDED", createdAt: "2026-03-01 10:00:00.123700" },
    // Valuations: ties, none, and magnitudes whose text order differs from their numeric order.
    { name: "Tie 1", status: "TOKENIZED", valuation: "500000.00", createdAt: "2026-02-01 00:00:00" },
    { name: "Tie 2", status: "TOKENIZED", valuation: "500000.00", createdAt: "2026-02-02 00:00:00" },
    { name: "Big", status: "OFFERING", valuation: "10000000.00", type: "COMMERCIAL", country: "ES", city: "Madrid" },
    { name: "Small", status: "OFFERING", valuation: "9.99", type: "LAND", country: "ES", city: "MADRID" },
    { name: "Cent", status: "VERIFIED", valuation: "0.01" },
    { name: "Unvalued 1", status: "VERIFIED", valuation: null, lat: null, lng: null },
    { name: "Unvalued 2", status: "FUNDED", valuation: null, createdAt: "2025-12-31 23:59:59.999999" },
    // Coordinates at the edges of their format.
    { name: "Edges", status: "VERIFIED", lat: "0.000001", lng: "-180.000000", valuation: "1.10" },
    { name: "Equator", status: "VERIFIED", lat: "0.000000", lng: "179.999999" },
    // Text JSON must escape exactly as JSON.stringify does.
    { name: 'Quote " back \\ slash\nnew\tline \u0001 ctl é 😀 </script> 100% _x_', status: "VERIFIED" },
    // Not public: only their stakeholders, officers and admins see them.
    { name: "Draft", status: "DRAFT" },
    { name: "Submitted", status: "SUBMITTED" },
    { name: "Rejected elsewhere", status: "REJECTED", ownerId: undefined },
    { name: "Other's draft", status: "DRAFT", country: "DE", city: "Berlin" },
    { name: "Archived", status: "ARCHIVED" },
  ]);
  await t.db.$executeRawUnsafe(
    `UPDATE properties SET "ownerId" = $1::uuid, "managerId" = $1::uuid WHERE name = 'Other''s draft'`,
    other.id,
  );
  await t.db.$executeRawUnsafe(`UPDATE properties SET description = 'Riverside loft' WHERE name = 'Cent'`);
});
after(() => t.close());

const publicWhere = { status: { in: [...PUBLIC_STATUSES] } };

describe("property search fast path (JSON built by PostgreSQL)", () => {
  for (const sort of ["createdAt", "name", "valuation"] as const) {
    for (const order of ["asc", "desc"] as const) {
      it(`pages by ${sort} ${order} exactly as the presenter would, without skipping or repeating rows`, async () => {
        const rows = await oracle(publicWhere, sort, order);
        assert.ok(rows.length >= 14);
        for (const limit of [1, 3, rows.length, 100]) await walk(`sort=${sort}&order=${order}`, limit, rows);
      });
    }
  }

  it("applies every filter as documented", async () => {
    const cases: [string, object][] = [
      ["status=FUNDED", { status: "FUNDED" }],
      ["type=COMMERCIAL", { type: "COMMERCIAL" }],
      ["country=ES", { country: "ES" }],
      ["city=madrid", { city: { equals: "madrid", mode: "insensitive" } }],
      ["minValuation=9.99&maxValuation=500000", { currentValuation: { gte: "9.99", lte: "500000" } }],
      // Full-text: whole words, the last also as a prefix (filtered below in JS by `hasWords`).
      ["q=micro", {}],
      ["q=100%25%20_x_", {}], // punctuation separates words: 100 and x
      ["q=MICRO%20c", {}],
      ["q=madri", {}], // cities only
      ["q=riverside", {}], // a description only
      [
        `ownerId=${owner.id}&status=VERIFIED&country=PT&type=RESIDENTIAL`,
        { ownerId: owner.id, status: "VERIFIED", country: "PT", type: "RESIDENTIAL" },
      ],
      [`managerId=${owner.id}&type=LAND`, { managerId: owner.id, type: "LAND" }],
    ];
    for (const [query, where] of cases) {
      for (const sort of ["valuation", "createdAt"] as const) {
        const q = new URLSearchParams(query).get("q");
        const rows = (await oracle({ AND: [publicWhere, where] }, sort, "desc")).filter(
          (p) => q === null || hasWords(`${p.name} ${p.city} ${p.description ?? ""}`, q),
        );
        assert.ok(rows.length > 0 && rows.length < 14, query);
        await walk(`${query}&sort=${sort}&order=desc`, 2, rows);
      }
    }
    const none = await fetch(`${t.baseUrl}${API}/properties?country=JP`);
    assert.equal(await none.text(), `{"items":[],"nextCursor":null}`);
    // No longer a substring match: "icro" is inside a word, "_" has no word at all.
    for (const q of ["icro", "_", "%25", "Micro%20X"]) {
      const res = await fetch(`${t.baseUrl}${API}/properties?q=${q}`);
      assert.equal(await res.text(), `{"items":[],"nextCursor":null}`, q);
    }
  });

  it("shows drafts only to their stakeholders, and everything to officers", async () => {
    const mine = await oracle({ OR: [publicWhere, { ownerId: owner.id }, { managerId: owner.id }] }, "name", "asc");
    assert.ok(mine.some((p) => p.status === "DRAFT") && !mine.some((p) => p.name === "Other's draft"));
    await walk("scope=all&sort=name&order=asc", 4, mine, owner.cookie);
    const theirs = await oracle(
      { OR: [publicWhere, { ownerId: other.id }, { managerId: other.id }] },
      "createdAt",
      "desc",
    );
    await walk("scope=all&sort=createdAt&order=desc", 5, theirs, other.cookie);
    const all = await oracle({}, "valuation", "desc");
    await walk("scope=all&sort=valuation&order=desc", 4, all, officer.cookie);
    const anonymous = await fetch(`${t.baseUrl}${API}/properties?status=DRAFT`);
    assert.equal(await anonymous.text(), `{"items":[],"nextCursor":null}`);
  });

  it("12.15 the marketplace (the default scope) lists public properties only, to anonymous visitors, investors, managers with drafts and officers; scope=mine and scope=all list the rest by name", async () => {
    const publicRows = await oracle(publicWhere, "createdAt", "desc");
    assert.ok(publicRows.length > 0);
    const drafts = await oracle(
      { OR: [{ ownerId: owner.id }, { managerId: owner.id }], NOT: publicWhere },
      "createdAt",
      "desc",
    );
    assert.ok(drafts.length > 0, "the manager has drafts or properties in review in the database");
    const investor = await t.user("INVESTOR");
    for (const cookie of [undefined, investor.cookie, owner.cookie, officer.cookie]) {
      await walk("sort=createdAt&order=desc", 4, publicRows, cookie);
      await walk("scope=public&sort=createdAt&order=desc", 4, publicRows, cookie);
    }
    // The manager's own properties, every status, in their console: and nobody else's drafts.
    await walk(
      "scope=mine&sort=createdAt&order=desc",
      4,
      await oracle({ OR: [{ ownerId: owner.id }, { managerId: owner.id }] }, "createdAt", "desc"),
      owner.cookie,
    );
    const anonymousMine = await fetch(`${t.baseUrl}${API}/properties?scope=mine`);
    assert.equal(anonymousMine.status, 401);
    assert.match(anonymousMine.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const badScope = await fetch(`${t.baseUrl}${API}/properties?scope=everything`);
    assert.equal(badScope.status, 400);
  });

  it("carries the marketplace fields: cover image, gross yield from active leases, the latest offering on this chain", async () => {
    await insert([
      { name: "Market Tower", status: "OFFERING", valuation: "1200000.00", country: "NL", city: "Amsterdam" },
    ]);
    const p = await t.db.property.update({
      where: { id: (await t.db.property.findFirstOrThrow({ where: { name: "Market Tower" } })).id },
      data: { description: "Canal-side offices" },
    });
    const doc = (kind: string, sha: string, at: string) =>
      t.db.$executeRawUnsafe(
        `INSERT INTO property_documents (id, "propertyId", kind, "fileName", "contentType", "sizeBytes", sha256, "uploadedById", "createdAt") VALUES (gen_random_uuid(), $1::uuid, $2::"DocumentKind", 'f', 'image/jpeg', 1, $3, $4::uuid, $5::timestamp)`,
        p.id,
        kind,
        sha.repeat(64),
        owner.id,
        at,
      );
    await doc("TITLE_DEED", "a", "2026-01-01 00:00:00");
    await doc("IMAGE", "b", "2026-01-03 00:00:00");
    await doc("IMAGE", "c", "2026-01-02 00:00:00");
    const cover = await t.db.propertyDocument.findFirstOrThrow({ where: { propertyId: p.id, sha256: "c".repeat(64) } });
    let n = 0;
    const lease = async (rent: string, frequency: string, status: string, currency = "EUR") => {
      const unit = await t.db.propertyUnit.create({ data: { propertyId: p.id, label: `U${++n}` } });
      await t.db.$executeRawUnsafe(
        `INSERT INTO leases (id, "propertyId", "unitId", "tenantNameCiphertext", "tenantKeyId", "startDate", "endDate", "rentAmount", currency, frequency, "depositAmount", status, "createdById", "updatedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'Tenant', 'unread', '2026-01-01', '2027-01-01', $3::numeric, $4, $5::"RentFrequency", 0, $6::"LeaseStatus", $7::uuid, now())`,
        p.id,
        unit.id,
        rent,
        currency,
        frequency,
        status,
        owner.id,
      );
    };
    await lease("4000.00", "MONTHLY", "ACTIVE"); // 48,000 a year
    await lease("9000.00", "QUARTERLY", "ACTIVE"); // 36,000 a year
    await lease("5000.00", "MONTHLY", "DRAFT"); // not contracted yet
    await lease("7000.00", "MONTHLY", "ACTIVE", "USD"); // another currency: not comparable with the valuation
    const offering = async (chainId: number, address: string, block: number, terms: boolean) => {
      await t.db.chainContract.create({
        data: { chainId, address, kind: "PropertyOffering", fromBlock: block, discoveredBlock: block },
      });
      await t.db.chainOffering.create({
        data: {
          chainId,
          address,
          propertyId: p.id,
          token: `0x${"7".repeat(40)}`,
          tokenSymbol: "MKT",
          discoveredBlock: block,
          unitsSold: "250",
          investors: 3,
          launcher: owner.address,
          ...(terms
            ? {
                partition: `0x${"0".repeat(64)}`,
                paymentToken: `0x${"9".repeat(40)}`,
                paymentSymbol: "tEUR",
                paymentDecimals: 8,
                pricePerUnit: "100000000",
                softCap: "100",
                hardCap: "1000",
                minTicket: "1",
                maxTicket: "500",
                startTime: new Date("2026-02-01T00:00:00Z"),
                endTime: new Date("2026-03-01T12:30:00Z"),
              }
            : {}),
        },
      });
    };
    await offering(31337, `0x${"1".repeat(40)}`, 10, true);
    await offering(31337, `0x${"2".repeat(40)}`, 20, true); // relaunched: the latest wins
    await offering(1, `0x${"3".repeat(40)}`, 99, false); // another chain
    const res = await t.anonymous.get(`${API}/properties?country=NL`);
    assert.equal(res.status, 200, res.text);
    const item = res.body.items[0];
    assert.equal(item.coverImageUrl, `${API}/properties/${p.id}/documents/${cover.id}/content`, "the earliest image");
    assert.equal(item.yieldBps, 700, "(48,000 + 36,000) / 1,200,000 = 7.00%");
    assert.deepEqual(item.chain, {
      tokenAddress: `0x${"7".repeat(40)}`,
      tokenSymbol: "MKT",
      offeringAddress: `0x${"2".repeat(40)}`,
      pricePerUnit: "100000000",
      softCap: "100",
      hardCap: "1000",
      unitsSold: "250",
      startTime: Date.parse("2026-02-01T00:00:00Z") / 1000,
      endTime: Date.parse("2026-03-01T12:30:00Z") / 1000,
      outcome: "open",
      paymentToken: { address: `0x${"9".repeat(40)}`, symbol: "tEUR", decimals: 8 },
    });
    await walk("country=NL&sort=name&order=asc", 1, [p]);
    // Terms that could not be read, and no valuation: nulls, not zeros.
    await t.db.chainOffering.updateMany({
      where: { propertyId: p.id },
      data: {
        partition: null,
        paymentToken: null,
        paymentSymbol: null,
        paymentDecimals: null,
        pricePerUnit: null,
        softCap: null,
        hardCap: null,
        minTicket: null,
        maxTicket: null,
        startTime: null,
        endTime: null,
      },
    });
    await t.db.property.update({ where: { id: p.id }, data: { currentValuation: null } });
    const bare = await t.anonymous.get(`${API}/properties?country=NL`);
    assert.equal(bare.body.items[0].yieldBps, null);
    assert.equal(bare.body.items[0].chain.pricePerUnit, null);
    assert.equal(bare.body.items[0].chain.startTime, null);
    assert.equal(bare.body.items[0].chain.paymentToken, null, "no coin known: no coin, never an assumed one");
    await walk("country=NL&sort=createdAt&order=desc", 2, [
      await t.db.property.findUniqueOrThrow({ where: { id: p.id } }),
    ]);
  });

  it("13.4 the property detail carries its governing offering (the card's `chain`): the stakeholder's finalized one over a later launch, never another launcher's", async () => {
    await insert([
      { name: "Detail Chain House", status: "FUNDED", valuation: "900000.00", country: "IE", city: "Cork" },
    ]);
    const p = await t.db.property.findFirstOrThrow({ where: { name: "Detail Chain House" } });
    const detail = async () => (await t.anonymous.get(`${API}/properties/${p.id}`)).body.chain;
    assert.equal(await detail(), null, "not launched: null");
    const offering = async (address: string, block: number, launcher: string, outcome: string) => {
      await t.db.chainContract.create({
        data: { chainId: 31337, address, kind: "PropertyOffering", fromBlock: block, discoveredBlock: block },
      });
      await t.db.chainOffering.create({
        data: {
          chainId: 31337,
          address,
          propertyId: p.id,
          token: `0x${address.slice(2, 3).repeat(40)}`,
          tokenSymbol: "DCH",
          discoveredBlock: block,
          unitsSold: "40",
          investors: 2,
          launcher,
          outcome,
          partition: `0x${"0".repeat(64)}`,
          paymentToken: `0x${"9".repeat(40)}`,
          pricePerUnit: "5000000",
          softCap: "10",
          hardCap: "40",
          minTicket: "1",
          maxTicket: "40",
          startTime: new Date("2026-04-01T00:00:00Z"),
          endTime: new Date("2026-05-01T00:00:00Z"),
        },
      });
    };
    await offering(`0x${"a".repeat(40)}`, 30, owner.address, "finalized");
    await offering(`0x${"b".repeat(40)}`, 40, owner.address, "open"); // a later launch: the finalized one still governs
    await offering(`0x${"c".repeat(40)}`, 50, other.address, "open"); // launched by someone who is not its owner or manager
    const card = (await t.anonymous.get(`${API}/properties?country=IE`)).body.items.find(
      (i: { id: string }) => i.id === p.id,
    );
    const chain = await detail();
    assert.deepEqual(chain, card.chain, "the detail and the card agree");
    assert.deepEqual(chain, {
      tokenAddress: `0x${"a".repeat(40)}`,
      tokenSymbol: "DCH",
      offeringAddress: `0x${"a".repeat(40)}`,
      pricePerUnit: "5000000",
      softCap: "10",
      hardCap: "40",
      unitsSold: "40",
      startTime: Date.parse("2026-04-01T00:00:00Z") / 1000,
      endTime: Date.parse("2026-05-01T00:00:00Z") / 1000,
      outcome: "finalized",
      paymentToken: null,
    });
  });

  it("refuses cursors it did not issue, and cursors of another sort", async () => {
    const first = await t.anonymous.get(`${API}/properties?sort=valuation&order=desc&limit=2`);
    const bad = [
      "not-base64-json",
      Buffer.from(JSON.stringify(["x", "not-a-uuid"])).toString("base64url"),
      Buffer.from(JSON.stringify(["abc", "6f1c0b8e-0000-4000-8000-000000000000"])).toString("base64url"),
      Buffer.from(JSON.stringify([null, "6f1c0b8e-0000-4000-8000-000000000000"])).toString("base64url"),
    ];
    for (const cursor of bad) {
      const res = await t.anonymous.get(`${API}/properties?sort=createdAt&cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.equal(res.body.code, "validation_failed");
    }
    const nullValuation = await t.anonymous.get(
      `${API}/properties?sort=name&cursor=${first.body.nextCursor as string}`,
    );
    assert.equal(nullValuation.status, 200, "a name sort accepts any string key");
    const strict = await t.anonymous.get(`${API}/properties?limit=0`);
    assert.equal(strict.status, 400);
    const unknown = await t.anonymous.get(`${API}/properties?colour=red`);
    assert.equal(unknown.status, 400);
  });
});

describe("property detail fast path (one statement builds the JSON)", () => {
  /** What the detail used to send: the presenters over rows read through Prisma. */
  async function expectedDetail(id: string): Promise<string> {
    const p = await t.db.property.findUniqueOrThrow({ where: { id } });
    const title = await t.db.landTitle.findUnique({
      where: { propertyId: id },
      include: { encumbrances: { orderBy: [{ registeredOn: "asc" }, { createdAt: "asc" }] } },
    });
    const documents = await t.db.propertyDocument.findMany({
      where: { propertyId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const units = await t.db.propertyUnit.findMany({ where: { propertyId: id }, orderBy: { label: "asc" } });
    const valuations = await t.db.valuation.findMany({
      where: { propertyId: id, status: "APPROVED" },
      orderBy: [{ valuedOn: "desc" }, { decidedAt: "desc" }, { createdAt: "desc" }],
      take: 5,
    });
    return JSON.stringify({
      ...presentProperty(p),
      title: title ? presentTitle(title) : null,
      documents: documents.map(presentDocument),
      units: units.map(presentUnit),
      recentValuations: valuations.map(presentValuation),
      chain: (await market(p)).chain,
    });
  }

  async function check(id: string, cookie?: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${t.baseUrl}${API}/properties/${id}`, cookie ? { headers: { cookie } } : {});
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(text, await expectedDetail(id));
    const body = JSON.parse(text) as Record<string, unknown>;
    assert.equal(res.headers.get("etag"), `"${body["version"] as number}"`);
    PropertyDetailView.strict().parse(body);
    return body;
  }

  it("a bare property: no title, empty lists, null specifications", async () => {
    const [p] = await t.db.property.findMany({ where: { name: "Unvalued 1" } });
    const body = await check(p!.id);
    assert.equal(body["title"], null);
    assert.deepEqual(body["documents"], []);
  });

  it("a full property: title with encumbrances and anchor, documents, units, the five newest approved valuations", async () => {
    const p = (await createProperty(t, owner, {
      name: 'Full "detail" \\ é',
      amenities: ["pool", "gym"],
      landAreaSqm: "1000.50",
      floors: 3,
      bathrooms: 2,
      parkingSpaces: 1,
    })) as { id: string };
    const deed = (await uploadDocument(t, owner, p.id, "TITLE_DEED", "deed bytes")).body as { id: string };
    await uploadDocument(t, owner, p.id, "IMAGE", "image bytes", "front.jpg");
    const title = await t
      .as(owner)
      .post(
        `${API}/properties/${p.id}/title`,
        titleInput(deed.id, { tenure: "LEASEHOLD", leaseholdExpiresOn: "2099-12-31", areaSqm: "500.10" }),
      );
    assert.equal(title.status, 201, title.text);
    for (const [kind, amount, on] of [
      ["MORTGAGE", "100000.00", "2024-01-01"],
      ["EASEMENT", undefined, "2023-05-05"],
    ] as const) {
      const e = await t.as(owner).post(`${API}/titles/${title.body.id as string}/encumbrances`, {
        kind,
        holder: "Bank",
        description: "d",
        registeredOn: on,
        ...(amount ? { amount, currency: "EUR" } : {}),
      });
      assert.equal(e.status, 201, e.text);
    }
    await t.db.landTitle.update({
      where: { id: title.body.id as string },
      data: {
        anchorChainId: 31337,
        anchorTxHash: `0x${"ab".repeat(32)}`,
        anchoredAt: new Date("2026-01-02T03:04:05.678Z"),
      },
    });
    for (const label of ["B-2", "A-1"])
      assert.equal(
        (await t.as(owner).post(`${API}/properties/${p.id}/units`, { label, floorAreaSqm: "45.50", bedrooms: 1 }))
          .status,
        201,
      );
    for (let i = 1; i <= 7; i++) {
      const v = await t.as(owner).post(`${API}/properties/${p.id}/valuations`, {
        amount: `${i}00000.${i}0`,
        currency: "EUR",
        method: "APPRAISAL",
        valuer: "CBRE",
        valuedOn: `2025-0${i}-01`,
      });
      assert.equal(v.status, 201, v.text);
      // the newest stays recorded: not among the recent valuations
      if (i < 7) assert.equal((await t.as(officer).post(`${API}/valuations/${v.body.id}/approve`, {})).status, 200);
    }
    const body = await check(p.id, owner.cookie);
    assert.deepEqual(
      (body["recentValuations"] as { valuedOn: string }[]).map((v) => v.valuedOn),
      ["2025-06-01", "2025-05-01", "2025-04-01", "2025-03-01", "2025-02-01"],
    );
    assert.equal((body["title"] as { encumbrances: unknown[] }).encumbrances.length, 2);
    assert.ok((body["title"] as { anchor: unknown }).anchor);
    assert.equal((body["specifications"] as { landAreaSqm: string }).landAreaSqm, "1000.5");
  });

  it("answers 404 for a property the caller may not see, and for one that does not exist", async () => {
    const [draft] = await t.db.property.findMany({ where: { name: "Other's draft" } });
    assert.equal((await t.anonymous.get(`${API}/properties/${draft!.id}`)).status, 404);
    assert.equal((await t.as(owner).get(`${API}/properties/${draft!.id}`)).status, 404);
    await check(draft!.id, other.cookie);
    await check(draft!.id, officer.cookie);
    const missing = await t.anonymous.get(`${API}/properties/6f1c0b8e-0000-4000-8000-000000000000`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "not_found");
    assert.equal((await t.anonymous.get(`${API}/properties/not-a-uuid`)).status, 400);
  });
});
