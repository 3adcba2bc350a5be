/**
 * Investor statements: generated once per investor, kind and period after the period ended (idempotent: the
 * unique (user, kind, period start) row decides, and regenerating gives the same bytes), stored in the document
 * storage under their SHA-256, announced with a STATEMENT_READY notification in the same transaction as the row,
 * and served to their owner, compliance officers and admins (others: 404).
 */
import type { Actor } from "../auth/actor.ts";
import { hasRole } from "../auth/actor.ts";
import { afterCreatedAtId, decodeCursor, pageByCreatedAtId } from "../core/cursor.ts";
import { NotFoundError } from "../core/errors.ts";
import type { Db } from "../db/client.ts";
import type { InvestorStatement } from "../generated/prisma/client.ts";
import { notify } from "../notifications/notify.ts";
import { walletLedger } from "../portfolio/ledger.ts";
import type { BlobStorage } from "../storage/storage.ts";
import { buildStatement, isActive } from "./content.ts";
import { renderCsv } from "./csv.ts";
import { endedPeriods, periodStartingAt, type StatementPeriod } from "./periods.ts";
import { renderPdf } from "./pdf.ts";

export interface Investor {
  id: string;
  address: string;
}

/** The statement's two files, rendered from the chain and the valuations as of the period's end. */
export async function renderStatement(db: Db, chainId: number, investor: Investor, period: StatementPeriod) {
  const content = await buildStatement(db, chainId, investor, period);
  return { content, pdf: await renderPdf(content), csv: renderCsv(content) };
}

/** The files of a stored statement rendered again (for the check that regenerating gives the same bytes). */
export async function regenerate(db: Db, chainId: number, statement: InvestorStatement) {
  const period = periodStartingAt(statement.kind, statement.periodStart);
  if (!period) throw new Error(`statement ${statement.id} has no valid period`);
  return renderStatement(db, chainId, { id: statement.userId, address: statement.wallet }, period);
}

/**
 * Generates the statement of `investor` for `period` unless it exists: files stored first (content-addressed, so
 * a retry stores nothing twice), then the row and its notification in one transaction. Returns the row when it
 * was new, null when it already existed.
 */
export async function generateStatement(
  db: Db,
  storage: BlobStorage,
  chainId: number,
  investor: Investor,
  period: StatementPeriod,
): Promise<InvestorStatement | null> {
  const where = { userId_kind_periodStart: { userId: investor.id, kind: period.kind, periodStart: period.start } };
  if (await db.investorStatement.findUnique({ where })) return null;
  const { pdf, csv } = await renderStatement(db, chainId, investor, period);
  const [storedPdf, storedCsv] = [await storage.put(pdf), await storage.put(csv)];
  return db.$transaction(async (tx) => {
    const { count } = await tx.investorStatement.createMany({
      data: {
        userId: investor.id,
        kind: period.kind,
        periodStart: period.start,
        periodEnd: period.end,
        label: period.label,
        wallet: investor.address,
        pdfSha256: storedPdf.sha256,
        pdfSize: storedPdf.size,
        csvSha256: storedCsv.sha256,
        csvSize: storedCsv.size,
      },
      skipDuplicates: true,
    });
    if (count === 0) return null; // a concurrent run wrote it first
    const row = await tx.investorStatement.findUniqueOrThrow({ where });
    await notify(tx, {
      userId: investor.id,
      event: "STATEMENT_READY",
      data: { statementId: row.id, period: row.label, kind: row.kind },
      dedupeKey: `statement:${row.id}`,
    });
    return row;
  });
}

/** Users whose wallet ever received units or subscribed to an offering on this chain. */
async function investorsOnChain(db: Db, chainId: number): Promise<Investor[]> {
  return db.$queryRaw<Investor[]>`
    SELECT u.id::text AS id, u.address FROM users u
    WHERE EXISTS (SELECT 1 FROM chain_events e WHERE e."chainId" = ${chainId} AND e.contract = 'PropertyToken'
                    AND e.name = 'Transfer' AND e."toAddr" = u.address)
       OR EXISTS (SELECT 1 FROM chain_events e WHERE e."chainId" = ${chainId} AND e.contract = 'PropertyOffering'
                    AND e.name = 'Subscribed' AND e.args->>'investor' = u.address)
    ORDER BY u.id`;
}

/**
 * Every statement due by `asOf` and not yet generated: for each investor, each month, quarter and year that ended
 * by then in which they held units at the start or transacted (and the year's tax summary). Returns the new rows.
 */
export async function generateDueStatements(
  db: Db,
  storage: BlobStorage,
  chainId: number,
  asOf: Date,
): Promise<InvestorStatement[]> {
  const created: InvestorStatement[] = [];
  for (const investor of await investorsOnChain(db, chainId)) {
    const ledger = await walletLedger(db, chainId, investor.address);
    const first = ledger[0];
    if (!first) continue;
    const existing = new Set(
      (
        await db.investorStatement.findMany({
          where: { userId: investor.id },
          select: { kind: true, periodStart: true },
        })
      ).map((s) => `${s.kind}|${s.periodStart.toISOString()}`),
    );
    for (const period of endedPeriods(first.at, asOf)) {
      if (existing.has(`${period.kind}|${period.start.toISOString()}`) || !isActive(ledger, period)) continue;
      const row = await generateStatement(db, storage, chainId, investor, period);
      if (row) created.push(row);
    }
  }
  return created;
}

export async function listStatements(db: Db, actor: Actor, page: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(page.cursor, ["timestamp", "uuid"]);
  const rows = await db.investorStatement.findMany({
    where: { userId: actor.id, ...afterCreatedAtId(after, "desc") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  return pageByCreatedAtId(rows, page.limit);
}

/** A statement's file for its owner, a compliance officer or an admin; a 404 for anyone else (as for no statement). */
export async function statementFile(
  db: Db,
  storage: BlobStorage,
  actor: Actor,
  id: string,
  format: "pdf" | "csv",
): Promise<{ statement: InvestorStatement; bytes: Buffer; sha256: string }> {
  const statement = await db.investorStatement.findUnique({ where: { id } });
  if (!statement || (statement.userId !== actor.id && !hasRole(actor, "COMPLIANCE_OFFICER", "ADMIN")))
    throw new NotFoundError("statement", id);
  const sha256 = format === "pdf" ? statement.pdfSha256 : statement.csvSha256;
  const bytes = await storage.get(sha256);
  if (!bytes) throw new NotFoundError("statement file", id);
  return { statement, bytes, sha256 };
}

/** For the public document check: the statement kind and period a PDF hash belongs to, nothing about whose. */
export async function statementByPdfHash(db: Db, sha256: string) {
  return db.investorStatement.findFirst({
    where: { pdfSha256: sha256 },
    select: { kind: true, label: true, periodStart: true, periodEnd: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}
