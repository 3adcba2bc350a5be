/** Matrix rows for property financials: managers change, drafts are seen by those who see a draft property. */
import assert from "node:assert/strict";
import { API, createProperty, etag } from "../support/fixtures.ts";
import { SEES_DRAFT, STAKE, type MatrixRow, type World } from "./types.ts";

const p = (path: string) => `${API}${path}`;

/** A draft period of January 2026 with one parking line, on a draft property of the owner. */
async function draftPeriod(w: World) {
  const property = await createProperty(w.t, w.owner);
  const period = await w.t
    .as(w.owner)
    .post(p(`/properties/${property.id}/financial-periods`), { year: 2026, month: 1 });
  assert.equal(period.status, 201, period.text);
  const line = await w.t.as(w.owner).post(p(`/financial-periods/${period.body.id}/lines`), {
    type: "INCOME",
    category: "PARKING",
    description: "Parking bays",
    amount: "12000",
  });
  assert.equal(line.status, 201, line.text);
  const current = await w.t.as(w.owner).get(p(`/financial-periods/${period.body.id}`));
  return { property, period: current.body as { id: string; version: number }, lineId: line.body.id as string };
}

async function closedPeriod(w: World) {
  const { period } = await draftPeriod(w);
  const closed = await w.t
    .as(w.owner)
    .post(p(`/financial-periods/${period.id}/close`), undefined, { headers: etag(period.version) });
  assert.equal(closed.status, 200, closed.text);
  return closed.body as { id: string };
}

export const rows: MatrixRow[] = [
  {
    route: "POST /properties/:id/financial-periods",
    allow: STAKE,
    request: async (w) => ({
      path: p(`/properties/${(await createProperty(w.t, w.owner)).id}/financial-periods`),
      body: { year: 2026, month: 2 },
    }),
  },
  {
    route: "GET /properties/:id/financial-periods",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/properties/${(await draftPeriod(w)).property.id}/financial-periods`) }),
  },
  {
    route: "GET /financial-periods/:id",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/financial-periods/${(await draftPeriod(w)).period.id}`) }),
  },
  {
    route: "PATCH /financial-periods/:id",
    allow: STAKE,
    request: async (w) => {
      const { period } = await draftPeriod(w);
      return {
        path: p(`/financial-periods/${period.id}`),
        body: { reserveContribution: "5000" },
        headers: etag(period.version),
      };
    },
  },
  {
    route: "POST /financial-periods/:id/lines",
    allow: STAKE,
    request: async (w) => ({
      path: p(`/financial-periods/${(await draftPeriod(w)).period.id}/lines`),
      body: { type: "EXPENSE", category: "UTILITIES", description: "Water", amount: "4500" },
    }),
  },
  {
    route: "PATCH /financial-periods/:id/lines/:lineId",
    allow: STAKE,
    request: async (w) => {
      const { period, lineId } = await draftPeriod(w);
      return { path: p(`/financial-periods/${period.id}/lines/${lineId}`), body: { amount: "13000" } };
    },
  },
  {
    route: "DELETE /financial-periods/:id/lines/:lineId",
    allow: STAKE,
    request: async (w) => {
      const { period, lineId } = await draftPeriod(w);
      return { path: p(`/financial-periods/${period.id}/lines/${lineId}`) };
    },
  },
  {
    route: "POST /financial-periods/:id/close",
    allow: STAKE,
    request: async (w) => {
      const { period } = await draftPeriod(w);
      return { path: p(`/financial-periods/${period.id}/close`), headers: etag(period.version) };
    },
  },
  {
    route: "POST /financial-periods/:id/adjustments",
    allow: STAKE,
    request: async (w) => ({ path: p(`/financial-periods/${(await closedPeriod(w)).id}/adjustments`), body: {} }),
  },
  {
    route: "GET /financial-periods/:id/statement",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/financial-periods/${(await closedPeriod(w)).id}/statement`) }),
  },
];
