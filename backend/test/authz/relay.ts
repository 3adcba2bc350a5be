/**
 * Matrix rows for the relay routes (src/relayer/routes.ts). Any signed-in user reads the relay's settings; a
 * request signed by someone else's wallet is refused (403) to every caller, and a relay request is visible to its
 * sender only (404 to anyone else; the sender's own reads and submissions run on a real chain in
 * src/relayer/relayer.test.ts).
 */
import { randomUUID } from "node:crypto";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { API } from "../support/fixtures.ts";
import { SIGNED_IN, type MatrixRow } from "./types.ts";

const stranger = privateKeyToAccount(generatePrivateKey()).address;

export const rows: MatrixRow[] = [
  { route: "GET /relay", allow: SIGNED_IN, request: async () => ({ path: `${API}/relay` }) },
  {
    route: "POST /relay",
    allow: [],
    request: async () => ({
      path: `${API}/relay`,
      body: {
        request: {
          from: stranger,
          to: stranger,
          value: "0",
          gas: "100000",
          nonce: "0",
          deadline: "4000000000",
          data: "0x4e71d92d",
          signature: "0x" + "11".repeat(65),
        },
      },
    }),
  },
  { route: "GET /relay/:id", allow: [], request: async () => ({ path: `${API}/relay/${randomUUID()}` }) },
];
