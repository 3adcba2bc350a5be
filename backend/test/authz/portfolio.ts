/**
 * Matrix rows for the investor's own performance and statements: `/me/...` acts on the caller's own data; a
 * statement's files reach its owner (here the matrix's investor), compliance officers and admins, anyone else 404.
 */
import { randomUUID } from "node:crypto";
import { createStorage } from "../../src/storage/storage-factory.ts";
import { API } from "../support/fixtures.ts";
import { SIGNED_IN, type MatrixRow, type World } from "./types.ts";

let year = 2000;

/** A stored statement of the matrix's investor (its files are small stand-ins: the rows test access, not content). */
async function investorStatement(w: World): Promise<string> {
  const storage = createStorage(w.t.config);
  const pdf = await storage.put(Buffer.from(`%PDF-1.7 stand-in ${randomUUID()}`));
  const csv = await storage.put(Buffer.from(`section,key\r\nmeta,${randomUUID()}\r\n`));
  const y = year++;
  const row = await w.t.db.investorStatement.create({
    data: {
      userId: w.users.investor.id,
      kind: "ANNUAL",
      periodStart: new Date(Date.UTC(y, 0, 1)),
      periodEnd: new Date(Date.UTC(y + 1, 0, 1)),
      label: String(y),
      wallet: w.users.investor.address,
      pdfSha256: pdf.sha256,
      pdfSize: pdf.size,
      csvSha256: csv.sha256,
      csvSize: csv.size,
    },
  });
  return row.id;
}

const OWNER_OFFICER_ADMIN = ["investor", "officer", "admin"] as const;

export const rows: MatrixRow[] = [
  { route: "GET /me/performance", allow: SIGNED_IN, request: async () => ({ path: `${API}/me/performance` }) },
  { route: "GET /me/statements", allow: SIGNED_IN, request: async () => ({ path: `${API}/me/statements` }) },
  {
    route: "GET /statements/:id.pdf",
    allow: OWNER_OFFICER_ADMIN,
    request: async (w) => ({ path: `${API}/statements/${await investorStatement(w)}.pdf` }),
  },
  {
    route: "GET /statements/:id.csv",
    allow: OWNER_OFFICER_ADMIN,
    request: async (w) => ({ path: `${API}/statements/${await investorStatement(w)}.csv` }),
  },
];
