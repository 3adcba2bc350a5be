/** Matrix row for the public rent summary: everyone who can see the property (a draft: its owner, officers, admins). */
import { API, createProperty, unit } from "../support/fixtures.ts";
import { SEES_DRAFT, type MatrixRow } from "./types.ts";

export const rows: MatrixRow[] = [
  {
    route: "GET /properties/:id/rent-summary",
    allow: SEES_DRAFT,
    request: async (w) => {
      const property = await createProperty(w.t, w.owner);
      await unit(w.t, w.owner, property.id, "S-1");
      return { path: `${API}/properties/${property.id}/rent-summary` };
    },
  },
];
