/**
 * The manager's dashboard of one property (issue 16.1): what it raised and who holds it, occupancy, collected vs
 * contracted rent per month, the NOI trend of the closed periods, overdue rent and the next distribution. For the
 * property's managers, compliance officers and admins (others: 404, like the period drafts). Figures come from
 * the domains that own them: leases (rent), financials (periods, distributions), the chain sync (offering, holders).
 */
import type { Actor } from "../auth/actor.ts";
import { launched } from "../chain/service.ts";
import { NotFoundError } from "../core/errors.ts";
import type { Db } from "../db/client.ts";
import { distributionsByStatement } from "../financials/distributions.ts";
import { canReadDrafts, countingClosedPeriods } from "../financials/read.ts";
import { periodTotals } from "../financials/statement.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { overdueEntries } from "../leases/service.ts";
import { lastMonths, rentSummary } from "../leases/summary.ts";
import { loadVisible } from "../properties/access.ts";

const TREND_MONTHS = 12;

/** A decimal amount of the currency ("1500.00") as minor units ("150000"). */
const minor = (amount: Prisma.Decimal | string) => new Prisma.Decimal(amount).times(100).toFixed(0);

/** Rent due per month (by due date) on the property's leases that owe rent, in [from, to), as minor units. */
async function contractedByMonth(db: Db, propertyId: string, from: Date, to: Date): Promise<Map<string, bigint>> {
  const rows = await db.$queryRaw<{ month: string; due: string }[]>`
    SELECT to_char(e."dueDate", 'YYYY-MM') AS month, (SUM(e."amountDue") * 100)::numeric(20, 0)::text AS due
    FROM rent_schedule_entries e JOIN leases l ON l.id = e."leaseId"
    WHERE l."propertyId" = ${propertyId}::uuid AND l.status IN ('ACTIVE', 'TERMINATED', 'EXPIRED')
      AND e."dueDate" >= ${from} AND e."dueDate" < ${to}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.month, BigInt(r.due)]));
}

/**
 * The governing offering's proceeds and its current holders. Raised is what subscribers paid and have not taken back
 * (base units of the offering's own coin, whose decimals come with it): each subscription at the price it paid, an
 * invitation's or the public one, so never units sold x price.
 */
async function offeringFigures(db: Db, chainId: number, propertyId: string) {
  const { token, offering, coin } = await launched(db, chainId, propertyId);
  if (!token || !offering) return { token: null, raised: null, unitsSold: null, holders: 0, coin: null };
  const [row] = await db.$queryRaw<{ raised: string | null; unitsSold: string; holders: number }[]>`
    SELECT (o.paid - o.refunded)::text AS raised, o."unitsSold"::text AS "unitsSold",
      (SELECT COUNT(DISTINCT holder)::int FROM chain_holder_balances b
        WHERE b."chainId" = ${chainId} AND b.token = ${token} AND b.balance > 0) AS holders
    FROM chain_offerings o WHERE o."chainId" = ${chainId} AND o.address = ${offering}`;
  return { token, raised: row?.raised ?? null, unitsSold: row?.unitsSold ?? "0", holders: row?.holders ?? 0, coin };
}

export async function propertyDashboard(db: Db, actor: Actor, propertyId: string, chainId: number, today: Date) {
  const property = await loadVisible(db, actor, propertyId);
  if (!canReadDrafts(actor, property)) throw new NotFoundError("property", propertyId);
  const window = lastMonths(today, TREND_MONTHS);
  const [rent, contracted, overdue, offering, counting] = await Promise.all([
    rentSummary(db, actor, propertyId, today),
    contractedByMonth(db, propertyId, window.from, window.to),
    overdueEntries(db, { propertyId }, today),
    offeringFigures(db, chainId, propertyId),
    countingClosedPeriods(db, propertyId),
  ]);
  const withLines = await db.financialPeriod.findMany({
    where: { id: { in: counting.slice(0, TREND_MONTHS).map((p) => p.id) } },
    include: { lines: true },
  });
  const paid = await distributionsByStatement(
    db,
    chainId,
    propertyId,
    withLines.flatMap((p) => (p.statementSha256 ? [p.statementSha256] : [])),
  );
  const trend = withLines
    .map((p) => {
      const totals = periodTotals(p.lines, p.reserveContribution);
      const distribution = (p.statementSha256 && paid.get(p.statementSha256)) || null;
      return {
        periodId: p.id,
        month: `${p.year}-${String(p.month).padStart(2, "0")}`,
        noi: totals.noi,
        distributable: totals.distributable,
        distributedMinor: distribution?.distributedMinor ?? null,
        paid: distribution !== null,
      };
    })
    .sort((a, b) => a.month.localeCompare(b.month));
  // The oldest closed month with cash to distribute that no deposit has paid out yet.
  const next = trend.find((p) => !p.paid && BigInt(p.distributable) > 0n) ?? null;
  const collected = new Map(rent.collected.months.map((m) => [m.month, minor(m.net)]));
  return {
    propertyId,
    asOf: rent.asOf,
    currency: property.currency,
    offering: {
      raised: offering.raised,
      decimals: offering.coin?.decimals ?? null,
      paymentToken: offering.coin,
      unitsSold: offering.unitsSold,
      holders: offering.holders,
    },
    unitsTotal: rent.unitsTotal,
    unitsLeased: rent.unitsLeased,
    occupancyBps: rent.occupancyBps,
    rentByMonth: window.months.map((month) => ({
      month,
      contractedMinor: (contracted.get(month) ?? 0n).toString(),
      collectedMinor: collected.get(month) ?? "0",
    })),
    noiTrend: trend.map(({ paid: _, ...p }) => p),
    overdue: {
      entries: overdue.length,
      outstandingMinor: overdue
        .reduce((sum, e) => sum.plus(e.outstanding), new Prisma.Decimal(0))
        .times(100)
        .toFixed(0),
    },
    nextDistribution: next ? { periodId: next.periodId, month: next.month, distributable: next.distributable } : null,
  };
}
