/** Builders for test data, all going through the public API (so every fixture is itself a tested path). */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { TestContext, TestUser } from "./harness.ts";

export const API = "/api/v1";

export function propertyInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Harbour View Apartments",
    type: "MULTIFAMILY",
    addressLine1: "12 Quay Street",
    city: "Lisbon",
    country: "PT",
    latitude: 38.7071,
    longitude: -9.1355,
    floorAreaSqm: "1820.50",
    yearBuilt: 1998,
    floors: 6,
    bedrooms: 24,
    bathrooms: 24,
    amenities: ["lift", "parking"],
    currency: "EUR",
    ...overrides,
  };
}

export const etag = (version: number): Record<string, string> => ({ "if-match": `"${version}"` });

export async function createProperty(t: TestContext, manager: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await t.as(manager).post(`${API}/properties`, propertyInput(overrides));
  assert.equal(res.status, 201, res.text);
  return res.body as { id: string; version: number; status: string };
}

export async function uploadDocument(
  t: TestContext,
  user: TestUser,
  propertyId: string,
  kind: string,
  content: string | Buffer,
  fileName = "deed.pdf",
) {
  const form = new FormData();
  form.append("kind", kind);
  form.append("file", new Blob([content]), fileName);
  return t.as(user).post(`${API}/properties/${propertyId}/documents`, undefined, { raw: form });
}

export function titleInput(documentId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jurisdiction: "PT-11",
    titleNumber: `LX-${randomUUID().slice(0, 8)}`,
    parcelId: "1104-22-7781",
    registryOffice: "Conservatória do Registo Predial de Lisboa",
    ownerOfRecord: "Harbour View SPV Lda",
    tenure: "FREEHOLD",
    areaSqm: "640.00",
    documentId,
    acquiredOn: "2019-03-14",
    instrument: "Deed 2019/0412",
    ...overrides,
  };
}

/** A property with a recorded title (PENDING), its deed uploaded. */
export async function propertyWithTitle(t: TestContext, manager: TestUser, deed = `deed ${randomUUID()}`) {
  const property = await createProperty(t, manager);
  const doc = await uploadDocument(t, manager, property.id, "TITLE_DEED", deed);
  assert.equal(doc.status, 201, doc.text);
  const title = await t.as(manager).post(`${API}/properties/${property.id}/title`, titleInput(doc.body.id));
  assert.equal(title.status, 201, title.text);
  return {
    property,
    document: doc.body as { id: string; sha256: string },
    title: title.body as { id: string; version: number; titleNumber: string },
  };
}

/** A property moved to VERIFIED (title verified by an officer, property submitted and verified). */
export async function verifiedProperty(t: TestContext, manager: TestUser, officer: TestUser) {
  const { property, title, document } = await propertyWithTitle(t, manager);
  const v = await t.as(officer).post(`${API}/titles/${title.id}/verify`, undefined, { headers: etag(title.version) });
  assert.equal(v.status, 200, v.text);
  const s = await t
    .as(manager)
    .post(`${API}/properties/${property.id}/transitions`, { to: "SUBMITTED" }, { headers: etag(property.version) });
  assert.equal(s.status, 200, s.text);
  const ok = await t
    .as(officer)
    .post(`${API}/properties/${property.id}/transitions`, { to: "VERIFIED" }, { headers: etag(s.body.version) });
  assert.equal(ok.status, 200, ok.text);
  return {
    property: ok.body as { id: string; version: number; status: string },
    title: v.body as { id: string; version: number },
    document,
  };
}

export async function unit(t: TestContext, manager: TestUser, propertyId: string, label = "A-1") {
  const res = await t
    .as(manager)
    .post(`${API}/properties/${propertyId}/units`, { label, floorAreaSqm: "75.00", bedrooms: 2 });
  assert.equal(res.status, 201, res.text);
  return res.body as { id: string };
}

export function leaseInput(
  propertyId: string,
  unitId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    propertyId,
    unitId,
    tenantName: "Ana Sousa",
    startDate: "2026-01-01",
    endDate: "2027-01-01",
    rentAmount: "1500.00",
    currency: "EUR",
    frequency: "MONTHLY",
    dueDay: 5,
    depositAmount: "3000.00",
    escalationPercent: "3.00",
    ...overrides,
  };
}

/** A line of a financial period: `[type, category, minor units]`. */
export type PeriodLine = ["INCOME" | "EXPENSE", string, string];

/**
 * Drafts the month's period (or an adjustment of `corrects`), adds the lines, sets the reserve and closes it, through
 * the API as the manager does; returns the closed period.
 */
export async function closedPeriod(
  t: TestContext,
  manager: TestUser,
  propertyId: string,
  p: { year: number; month: number; reserve: string; lines: PeriodLine[]; corrects?: string },
) {
  const drafted = p.corrects
    ? await t.as(manager).post(`${API}/financial-periods/${p.corrects}/adjustments`, {})
    : await t.as(manager).post(`${API}/properties/${propertyId}/financial-periods`, {
        year: p.year,
        month: p.month,
        reserveContribution: p.reserve,
      });
  assert.equal(drafted.status, 201, drafted.text);
  const id = drafted.body.id as string;
  for (const [type, category, amount] of p.lines) {
    const res = await t
      .as(manager)
      .post(`${API}/financial-periods/${id}/lines`, { type, category, description: category, amount });
    assert.equal(res.status, 201, res.text);
  }
  let { version } = (await t.as(manager).get(`${API}/financial-periods/${id}`)).body as { version: number };
  if (p.corrects) {
    const set = await t
      .as(manager)
      .patch(`${API}/financial-periods/${id}`, { reserveContribution: p.reserve }, { headers: etag(version) });
    assert.equal(set.status, 200, set.text);
    version = set.body.version as number;
  }
  const closed = await t
    .as(manager)
    .post(`${API}/financial-periods/${id}/close`, undefined, { headers: etag(version) });
  assert.equal(closed.status, 200, closed.text);
  return closed.body as { id: string; statementSha256: string; totals: { distributable: string; noi: string } };
}
