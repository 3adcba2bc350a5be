/**
 * Property financials rules (issue 16.1). A period covers one month of one property: it is drafted, its lines are
 * entered, then it is closed, which freezes it and writes its canonical statement and that statement's SHA-256.
 * - Only the property's manager (owner or manager of record holding the role) or an admin edits and closes.
 * - Lines change only while the period is DRAFT (a trigger refuses it in the database too).
 * - The RENT line is never typed: it is the rent collected (net of fees withheld) from the lease payments recorded
 *   for the month, taken when the period is drafted and again when it is closed (so an adjustment picks up a payment
 *   recorded late for the month).
 * - A closed period never changes; a correction is an ADJUSTMENT period of the same month linked to it: a
 *   restatement of the month that starts from the corrected period's lines (amounts stay positive, as
 *   @freehold/finance requires), is edited as a draft and closed the same way with its own statement, which names
 *   the corrected statement's hash. The month's latest closed statement is the one that counts.
 * - A month that has not begun cannot be drafted; a period is closed only once its month has ended, and never empty.
 */
import type { z } from "zod";
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import type { Tx } from "../db/client.ts";
import type { FinancialLine, FinancialPeriod, Prisma, Property } from "../generated/prisma/client.ts";
import {
  DuplicateError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionMismatchError,
} from "../core/errors.ts";
import { canManage, loadManaged, lockProperty } from "../properties/access.ts";
import { collectedByMonth } from "../leases/service.ts";
import { canViewPeriod } from "./read.ts";
import {
  MAX_LINE_MINOR_UNITS,
  toMinor,
  type CreateAdjustmentBody,
  type CreatePeriodBody,
  type LineBody,
  type UpdateLineBody,
  type UpdatePeriodBody,
} from "./schemas.ts";
import { monthBounds, renderStatement } from "./statement.ts";

/** Enough for any real month; keeps a statement a few hundred kilobytes at most. */
export const MAX_LINES_PER_PERIOD = 500;

const DAY_MS = 86_400_000;
const monthLabel = (p: Pick<FinancialPeriod, "year" | "month">) => `${p.year}-${String(p.month).padStart(2, "0")}`;

type PeriodWithLines = FinancialPeriod & { lines: FinancialLine[] };

/** The period and its property locked for a change by someone who may make it (404 when invisible, 403 otherwise). */
async function loadForChange(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<{ period: PeriodWithLines; property: Property }> {
  const first = await tx.financialPeriod.findUnique({ where: { id }, select: { propertyId: true } });
  if (!first) throw new NotFoundError("financial period", id);
  const property = await lockProperty(tx, first.propertyId);
  const period = await tx.financialPeriod.findUnique({ where: { id }, include: { lines: true } });
  if (!property || !period) throw new NotFoundError("financial period", id);
  if (!canViewPeriod(actor, property, period)) throw new NotFoundError("financial period", id);
  if (!canManage(actor, property))
    throw new ForbiddenError("only the property's manager or an admin may change its financials");
  return { period, property };
}

function ensureDraft(period: FinancialPeriod): void {
  if (period.status !== "DRAFT")
    throw new RuleViolationError(
      "period_closed",
      `the ${monthLabel(period)} period is closed: correct it with an adjustment period`,
    );
}

/**
 * Writes the period's RENT line from the lease payments recorded for its month (none when nothing is due it).
 * The rent collected is held to the bound of any line (15 digits of minor units, so the period's sums stay inside a
 * bigint): each payment passes the lease's amount rule, but their month's sum may not (ten payments of
 * 9999999999999999.99 overflowed the column, and drafting or closing the month answered 500). A 422 says so.
 */
async function refreshRentLine(tx: Tx, actor: Actor, period: FinancialPeriod): Promise<void> {
  const { start, end } = monthBounds(period.year, period.month);
  const amount = toMinor((await collectedByMonth(tx, period.propertyId, start, end)).totals.net);
  if (amount > MAX_LINE_MINOR_UNITS)
    throw new RuleViolationError(
      "rent_too_large",
      `the rent collected in ${monthLabel(period)} (${amount} minor units) is more than a line of a period holds (at most ${MAX_LINE_MINOR_UNITS}); nothing was changed`,
    );
  await tx.financialLine.deleteMany({ where: { periodId: period.id, source: "LEASE_PAYMENTS" } });
  if (amount === 0n) return;
  await tx.financialLine.create({
    data: {
      periodId: period.id,
      type: "INCOME",
      category: "RENT",
      description: `Rent collected in ${monthLabel(period)} (lease payments, net of fees withheld)`,
      amount,
      source: "LEASE_PAYMENTS",
      createdById: actor.id,
    },
  });
}

async function supportingDocument(tx: Tx, propertyId: string, documentId: string | null | undefined) {
  if (documentId === undefined) return {};
  if (documentId === null) return { supportingDocumentId: null, supportingDocumentSha256: null };
  const doc = await tx.propertyDocument.findUnique({ where: { id: documentId } });
  if (!doc || doc.propertyId !== propertyId)
    throw new ValidationError("supportingDocumentId must name a document of this property", [
      { path: "body.supportingDocumentId", message: "unknown document" },
    ]);
  return { supportingDocumentId: doc.id, supportingDocumentSha256: doc.sha256 };
}

function refuseTypedRent(category: string | undefined): void {
  if (category === "RENT")
    throw new RuleViolationError(
      "rent_from_leases",
      "rent is taken from the lease payments recorded for the month, not entered: record the payment on the lease",
    );
}

/** Every change to a draft moves its version, so closing what one read refuses a draft changed since. */
async function touch(tx: Tx, period: FinancialPeriod): Promise<void> {
  await tx.financialPeriod.update({ where: { id: period.id }, data: { version: { increment: 1 } } });
}

const reload = (tx: Tx, id: string) =>
  tx.financialPeriod.findUniqueOrThrow({ where: { id }, include: { lines: true } });

export async function createPeriod(
  tx: Tx,
  actor: Actor,
  propertyId: string,
  input: z.infer<typeof CreatePeriodBody>,
  today: Date,
): Promise<PeriodWithLines> {
  const property = await loadManaged(tx, actor, propertyId);
  const label = monthLabel(input);
  if (monthBounds(input.year, input.month).start > today)
    throw new RuleViolationError("future_month", `${label} has not begun`);
  const existing = await tx.financialPeriod.findUnique({
    where: {
      propertyId_year_month_sequence: { propertyId, year: input.year, month: input.month, sequence: 0 },
    },
    select: { id: true },
  });
  if (existing) throw new DuplicateError(`the property already has a ${label} period (${existing.id})`);
  return openDraft(
    tx,
    actor,
    {
      propertyId,
      year: input.year,
      month: input.month,
      currency: property.currency,
      reserveContribution: BigInt(input.reserveContribution),
    },
    "financials.period_drafted",
  );
}

/** Creates a draft (a month or an adjustment), takes its rent from the lease payments and audits it. */
async function openDraft(
  tx: Tx,
  actor: Actor,
  data: Omit<Prisma.FinancialPeriodUncheckedCreateInput, "createdById">,
  action: string,
): Promise<PeriodWithLines> {
  const period = await tx.financialPeriod.create({ data: { ...data, createdById: actor.id } });
  await refreshRentLine(tx, actor, period);
  await recordAudit(tx, {
    actor,
    action,
    entityType: "financial_period",
    entityId: period.id,
    after: {
      propertyId: period.propertyId,
      period: monthLabel(period),
      kind: period.kind,
      sequence: period.sequence,
      corrects: period.correctsId,
      reserveContribution: period.reserveContribution.toString(),
    },
  });
  return reload(tx, period.id);
}

export async function updatePeriod(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof UpdatePeriodBody>,
): Promise<PeriodWithLines> {
  const { period } = await loadForChange(tx, actor, id);
  ensureDraft(period);
  const reserve = BigInt(input.reserveContribution);
  const updated = await tx.financialPeriod.updateMany({
    where: { id, version: expectedVersion, status: "DRAFT" },
    data: { reserveContribution: reserve, version: { increment: 1 } },
  });
  if (updated.count === 0) throw new VersionMismatchError(period.version);
  await recordAudit(tx, {
    actor,
    action: "financials.period_updated",
    entityType: "financial_period",
    entityId: id,
    before: { reserveContribution: period.reserveContribution.toString() },
    after: { reserveContribution: input.reserveContribution },
  });
  return reload(tx, id);
}

export async function addLine(
  tx: Tx,
  actor: Actor,
  periodId: string,
  input: z.infer<typeof LineBody>,
): Promise<FinancialLine> {
  const { period } = await loadForChange(tx, actor, periodId);
  ensureDraft(period);
  refuseTypedRent(input.category);
  const amount = BigInt(input.amount);
  if (period.lines.length >= MAX_LINES_PER_PERIOD)
    throw new RuleViolationError("too_many_lines", `a period holds at most ${MAX_LINES_PER_PERIOD} lines`);
  const line = await tx.financialLine.create({
    data: {
      periodId,
      type: input.type,
      category: input.category,
      description: input.description,
      amount,
      ...(await supportingDocument(tx, period.propertyId, input.supportingDocumentId)),
      createdById: actor.id,
    },
  });
  await touch(tx, period);
  await recordAudit(tx, {
    actor,
    action: "financials.line_added",
    entityType: "financial_period",
    entityId: periodId,
    after: line,
  });
  return line;
}

async function loadManualLine(tx: Tx, period: PeriodWithLines, lineId: string): Promise<FinancialLine> {
  const line = period.lines.find((l) => l.id === lineId);
  if (!line) throw new NotFoundError("financial line", lineId);
  if (line.source !== "MANUAL") refuseTypedRent("RENT");
  return line;
}

export async function updateLine(
  tx: Tx,
  actor: Actor,
  periodId: string,
  lineId: string,
  input: z.infer<typeof UpdateLineBody>,
): Promise<FinancialLine> {
  const { period } = await loadForChange(tx, actor, periodId);
  ensureDraft(period);
  const line = await loadManualLine(tx, period, lineId);
  refuseTypedRent(input.category);
  const amount = input.amount === undefined ? undefined : BigInt(input.amount);
  const updated = await tx.financialLine.update({
    where: { id: lineId },
    data: {
      ...(input.type ? { type: input.type, category: input.category } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(amount !== undefined ? { amount } : {}),
      ...(await supportingDocument(tx, period.propertyId, input.supportingDocumentId)),
    },
  });
  await touch(tx, period);
  await recordAudit(tx, {
    actor,
    action: "financials.line_updated",
    entityType: "financial_period",
    entityId: periodId,
    before: line,
    after: updated,
  });
  return updated;
}

export async function deleteLine(tx: Tx, actor: Actor, periodId: string, lineId: string): Promise<void> {
  const { period } = await loadForChange(tx, actor, periodId);
  ensureDraft(period);
  const line = await loadManualLine(tx, period, lineId);
  await tx.financialLine.delete({ where: { id: lineId } });
  await touch(tx, period);
  await recordAudit(tx, {
    actor,
    action: "financials.line_deleted",
    entityType: "financial_period",
    entityId: periodId,
    before: line,
  });
}

export async function closePeriod(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  today: Date,
): Promise<PeriodWithLines> {
  const { period, property } = await loadForChange(tx, actor, id);
  if (period.status !== "DRAFT") throw new InvalidTransitionError("financial period", period.status, "CLOSED");
  const lastDay = new Date(monthBounds(period.year, period.month).end.getTime() - DAY_MS);
  if (lastDay > today)
    throw new RuleViolationError(
      "period_not_ended",
      `${monthLabel(period)} ends after today: close it once it has ended`,
    );
  await refreshRentLine(tx, actor, period);
  const lines = await tx.financialLine.findMany({ where: { periodId: id } });
  if (lines.length === 0)
    throw new RuleViolationError("empty_period", `the ${monthLabel(period)} period has no lines to close`);
  const corrects = period.correctsId
    ? await tx.financialPeriod.findUniqueOrThrow({
        where: { id: period.correctsId },
        select: { id: true, statementSha256: true },
      })
    : null;
  const closedAt = new Date();
  const statement = renderStatement({ property, period, corrects, lines, closedAt, closedById: actor.id });
  const closed = await tx.financialPeriod.updateMany({
    where: { id, version: expectedVersion, status: "DRAFT" },
    data: {
      status: "CLOSED",
      closedAt,
      closedById: actor.id,
      statement: statement.text,
      statementSha256: statement.sha256,
      version: { increment: 1 },
    },
  });
  // Checked last, against the row: a stale close throws here and the whole transaction (rent line included) rolls back.
  if (closed.count === 0) throw new VersionMismatchError(period.version);
  await recordAudit(tx, {
    actor,
    action: "financials.period_closed",
    entityType: "financial_period",
    entityId: id,
    after: { period: monthLabel(period), sequence: period.sequence, statementSha256: statement.sha256 },
  });
  return reload(tx, id);
}

export async function createAdjustment(
  tx: Tx,
  actor: Actor,
  correctsId: string,
  input: z.infer<typeof CreateAdjustmentBody>,
): Promise<PeriodWithLines> {
  const { period: target } = await loadForChange(tx, actor, correctsId);
  if (target.status !== "CLOSED")
    throw new RuleViolationError(
      "period_not_closed",
      "a draft is edited, not adjusted: only a closed period is corrected",
    );
  const month = { propertyId: target.propertyId, year: target.year, month: target.month };
  const open = await tx.financialPeriod.findFirst({ where: { ...month, status: "DRAFT" }, select: { id: true } });
  if (open)
    throw new RuleViolationError(
      "adjustment_open",
      `an adjustment of ${monthLabel(target)} is already being drafted (${open.id}): close it first`,
    );
  const last = await tx.financialPeriod.aggregate({ where: month, _max: { sequence: true } });
  const adjustment = await openDraft(
    tx,
    actor,
    {
      ...month,
      kind: "ADJUSTMENT",
      sequence: (last._max.sequence ?? 0) + 1,
      correctsId: target.id,
      currency: target.currency,
      reserveContribution:
        input.reserveContribution === undefined ? target.reserveContribution : BigInt(input.reserveContribution),
    },
    "financials.adjustment_drafted",
  );
  // A restatement starts from what the corrected period said; its RENT line was taken afresh by openDraft.
  await tx.financialLine.createMany({
    data: target.lines
      .filter((l) => l.source === "MANUAL")
      .map((l) => ({
        periodId: adjustment.id,
        type: l.type,
        category: l.category,
        description: l.description,
        amount: l.amount,
        supportingDocumentId: l.supportingDocumentId,
        supportingDocumentSha256: l.supportingDocumentSha256,
        createdById: actor.id,
      })),
  });
  return reload(tx, adjustment.id);
}
