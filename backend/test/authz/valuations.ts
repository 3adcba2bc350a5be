/**
 * Matrix rows for the valuation routes (issue 16): recorded by the property's manager or an admin, decided by a
 * compliance officer or admin who did not record it, the history and NAV visible to whoever sees the property.
 */
import { API, createProperty } from "../support/fixtures.ts";
import { SEES_DRAFT, STAKE, type MatrixRow, type World } from "./types.ts";

export const VALUATION = {
  amount: "100000.00",
  currency: "EUR",
  method: "APPRAISAL",
  valuer: "V",
  valuedOn: "2025-01-01",
};

/** A draft property of the owner with a valuation the owner recorded (so officers and admins may decide on it). */
async function recorded(w: World) {
  const property = await createProperty(w.t, w.owner);
  const res = await w.t.as(w.owner).post(`${API}/properties/${property.id}/valuations`, VALUATION);
  if (res.status !== 201) throw new Error(`valuation fixture: ${res.status} ${res.text}`);
  return { property, valuation: res.body as { id: string } };
}

export const rows: MatrixRow[] = [
  {
    route: "POST /properties/:id/valuations",
    allow: STAKE,
    request: async (w) => ({
      path: `${API}/properties/${(await createProperty(w.t, w.owner)).id}/valuations`,
      body: VALUATION,
    }),
  },
  {
    route: "GET /properties/:id/valuations",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: `${API}/properties/${(await recorded(w)).property.id}/valuations` }),
  },
  {
    route: "GET /valuations",
    allow: ["officer", "admin"],
    request: async (w) => {
      await recorded(w);
      return { path: `${API}/valuations?status=RECORDED&limit=5` };
    },
  },
  {
    route: "POST /valuations/:id/approve",
    allow: ["officer", "admin"],
    request: async (w) => ({ path: `${API}/valuations/${(await recorded(w)).valuation.id}/approve`, body: {} }),
  },
  {
    route: "POST /valuations/:id/reject",
    allow: ["officer", "admin"],
    request: async (w) => ({
      path: `${API}/valuations/${(await recorded(w)).valuation.id}/reject`,
      body: { reason: "The comparables are two years old." },
    }),
  },
  {
    route: "GET /properties/:id/nav",
    allow: SEES_DRAFT,
    request: async (w) => {
      const { property, valuation } = await recorded(w);
      const ok = await w.t.as(w.t.admin).post(`${API}/valuations/${valuation.id}/approve`, {});
      if (ok.status !== 200) throw new Error(`approval fixture: ${ok.status} ${ok.text}`);
      return { path: `${API}/properties/${property.id}/nav` };
    },
  },
];
