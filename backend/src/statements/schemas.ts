/** zod schemas of the statement routes (they also produce the OpenAPI document). */
import { z } from "zod";
import { Cursor, EthAddress, Limit, Sha256 } from "../core/schemas.ts";
import type { InvestorStatement } from "../generated/prisma/client.ts";

export const StatementKindSchema = z.enum(["MONTHLY", "QUARTERLY", "ANNUAL", "TAX_ANNUAL"]);

export const StatementView = z
  .object({
    id: z.uuid(),
    kind: StatementKindSchema,
    label: z.string(),
    periodStart: z.iso.date(),
    /** The first day after the period. */
    periodEnd: z.iso.date(),
    wallet: EthAddress,
    pdfSha256: Sha256,
    csvSha256: Sha256,
    pdfSize: z.number().int(),
    csvSize: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "InvestorStatement" });

export const StatementPage = z
  .object({ items: z.array(StatementView), nextCursor: z.string().nullable() })
  .meta({ id: "InvestorStatementPage" });

export const StatementListQuery = z.object({ limit: Limit, cursor: Cursor });

export const StatementFileParams = z.object({ id: z.uuid() });

const day = (d: Date) => d.toISOString().slice(0, 10);

export function presentStatement(s: InvestorStatement): z.infer<typeof StatementView> {
  return {
    id: s.id,
    kind: s.kind,
    label: s.label,
    periodStart: day(s.periodStart),
    periodEnd: day(s.periodEnd),
    wallet: s.wallet,
    pdfSha256: s.pdfSha256,
    csvSha256: s.csvSha256,
    pdfSize: s.pdfSize,
    csvSize: s.csvSize,
    createdAt: s.createdAt.toISOString(),
  };
}
