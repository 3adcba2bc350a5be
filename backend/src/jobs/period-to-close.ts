/**
 * Period to close (issue 16.4): a periodic scan tells a property's manager (its owner without one, as for overdue
 * rent; only while that person holds the PROPERTY_MANAGER role) of each month that ended at least
 * `PERIOD_GRACE_DAYS` ago while the property had a lease running, and whose financial period is still a draft or
 * missing: once per property and month (dedupe key `period-to-close:<property>:<YYYY-MM>`). It looks back
 * `PERIOD_LOOKBACK_MONTHS` months, so a property's old history does not flood its manager on the first run.
 */
import type { Db } from "../db/client.ts";
import { notifySql, prismaSql } from "../notifications/notify.ts";

export const PERIOD_GRACE_DAYS = 5;
export const PERIOD_LOOKBACK_MONTHS = 12;

/** Notifies the months to close as of `asOf`; returns how many notifications were new. */
export async function notifyPeriodsToClose(db: Db, asOf: Date): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const sql = prismaSql(tx);
      const { rows } = await sql.query<{ propertyId: string; propertyName: string; period: string; userId: string }>(
        `WITH months AS (
           SELECT m::date AS first, (m + interval '1 month')::date AS next
           FROM generate_series(
             date_trunc('month', ($1::timestamptz AT TIME ZONE 'UTC')) - make_interval(months => $3),
             ($1::timestamptz AT TIME ZONE 'UTC') - make_interval(days => $2) - interval '1 month',
             interval '1 month') AS m
         )
         SELECT p.id::text AS "propertyId", p.name AS "propertyName", to_char(m.first, 'YYYY-MM') AS period,
                u.id::text AS "userId"
         FROM properties p
         JOIN users u ON u.id = COALESCE(p."managerId", p."ownerId") AND 'PROPERTY_MANAGER' = ANY(u.roles)
         JOIN months m ON EXISTS (
           SELECT 1 FROM leases l
           WHERE l."propertyId" = p.id AND l.status IN ('ACTIVE', 'TERMINATED', 'EXPIRED')
             AND l."startDate" < m.next AND COALESCE(l."terminatedOn", l."endDate") >= m.first)
         WHERE NOT EXISTS (
           SELECT 1 FROM financial_periods f
           WHERE f."propertyId" = p.id AND f.kind = 'MONTH' AND f.status = 'CLOSED'
             AND f.year = extract(year FROM m.first) AND f.month = extract(month FROM m.first))
         ORDER BY p.id, m.first`,
        [asOf.toISOString(), PERIOD_GRACE_DAYS, PERIOD_LOOKBACK_MONTHS],
      );
      let created = 0;
      for (const r of rows) {
        const notified = await notifySql(sql, {
          userId: r.userId,
          event: "PERIOD_TO_CLOSE",
          data: { propertyId: r.propertyId, propertyName: r.propertyName, period: r.period },
          dedupeKey: `period-to-close:${r.propertyId}:${r.period}`,
        });
        if (notified) created += 1;
      }
      return created;
    },
    { timeout: 60_000 },
  );
}
