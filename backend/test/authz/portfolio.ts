/** Matrix rows for the investor's own performance (their wallet's positions; others' are never reachable here). */
import { API } from "../support/fixtures.ts";
import { SIGNED_IN, type MatrixRow } from "./types.ts";

export const rows: MatrixRow[] = [
  { route: "GET /me/performance", allow: SIGNED_IN, request: async () => ({ path: `${API}/me/performance` }) },
];
