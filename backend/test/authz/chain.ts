/** Matrix rows for the chain read routes (src/chain/routes.ts). */
import { API, createProperty } from "../support/fixtures.ts";
import { SEES_DRAFT, SIGNED_IN, type MatrixRow, type World } from "./types.ts";

const draft = async (w: World) => createProperty(w.t, w.owner);
const p = (path: string) => `${API}${path}`;

export const rows: MatrixRow[] = [
  {
    route: "GET /chain/properties/:id/cap-table",
    allow: ["owner", "officer", "admin"],
    request: async (w) => ({ path: p(`/chain/properties/${(await draft(w)).id}/cap-table`) }),
  },
  {
    route: "GET /chain/properties/:id/offering",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/chain/properties/${(await draft(w)).id}/offering`) }),
  },
  {
    route: "GET /chain/properties/:id/distributions",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/chain/properties/${(await draft(w)).id}/distributions`) }),
  },
  {
    route: "GET /chain/properties/:id/proposals",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/chain/properties/${(await draft(w)).id}/proposals`) }),
  },
  {
    route: "GET /chain/properties/:id/exit",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/chain/properties/${(await draft(w)).id}/exit`) }),
  },
  {
    route: "GET /chain/properties/:id/activity",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: p(`/chain/properties/${(await draft(w)).id}/activity`) }),
  },
  { route: "GET /chain/portfolio", allow: SIGNED_IN, request: async () => ({ path: p("/chain/portfolio") }) },
  {
    route: "GET /chain/portfolio/:wallet",
    allow: ["owner", "officer", "admin"],
    request: async (w) => ({ path: p(`/chain/portfolio/${w.owner.address}`) }),
  },
];
