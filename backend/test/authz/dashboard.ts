/** Matrix row for the manager dashboard: the property's managers, compliance officers and admins; others 404. */
import { API, createProperty } from "../support/fixtures.ts";
import { SEES_DRAFT, type MatrixRow } from "./types.ts";

export const rows: MatrixRow[] = [
  {
    route: "GET /properties/:id/dashboard",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: `${API}/properties/${(await createProperty(w.t, w.owner)).id}/dashboard` }),
  },
];
