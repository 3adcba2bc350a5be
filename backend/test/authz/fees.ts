/** Matrix rows for the fee routes (src/fees/routes.ts): the schedule is public, the revenue is the admins'. */
import { API } from "../support/fixtures.ts";
import { EVERYONE, type MatrixRow } from "./types.ts";

export const rows: MatrixRow[] = [
  { route: "GET /fees", allow: EVERYONE, request: async () => ({ path: `${API}/fees` }) },
  {
    route: "GET /admin/fees/revenue",
    allow: ["admin"],
    request: async () => ({ path: `${API}/admin/fees/revenue?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z` }),
  },
];
