/**
 * Offering closing soon (issue 16.4): a periodic scan tells the subscribers and the followers of each open offering
 * whose end is less than `CLOSING_SOON_HOURS` away, once per offering and person (dedupe key
 * `offering-closing-soon:<chain>:<offering>`; a subscriber who also follows is told once). Only offerings a property's
 * owner or manager launched (as the property's status follows), with terms, still open and not sold out.
 */
import { launchedByStakeholder } from "../chain/sync/offerings.ts";
import type { Db } from "../db/client.ts";
import { notifySql, prismaSql } from "../notifications/notify.ts";

export const CLOSING_SOON_HOURS = 48;

/** Notifies what closes within the window as of `asOf`; returns how many notifications were new. */
export async function notifyOfferingsClosingSoon(db: Db, asOf: Date): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const sql = prismaSql(tx);
      const { rows } = await sql.query<{
        chainId: number;
        offering: string;
        propertyId: string;
        propertyName: string;
        closesAt: Date;
        userId: string;
      }>(
        `WITH closing AS (
           SELECT o."chainId", o.address, p.id AS "propertyId", p.name, o."endTime"
           FROM chain_offerings o JOIN properties p ON p.id = o."propertyId"
           WHERE o.outcome = 'open' AND o."pricePerUnit" IS NOT NULL AND o."unitsSold" < o."hardCap"
             AND o."startTime" <= ($1::timestamptz AT TIME ZONE 'UTC') AND o."endTime" > ($1::timestamptz AT TIME ZONE 'UTC')
             AND o."endTime" <= ($1::timestamptz AT TIME ZONE 'UTC') + make_interval(hours => $2)
             AND ${launchedByStakeholder("o", "p")}
         ),
         recipients AS (
           SELECT c.*, u.id AS "userId" FROM closing c
           JOIN chain_events s ON s."chainId" = c."chainId" AND s.address = c.address AND s.name = 'Subscribed'
           JOIN users u ON u.address = s.args->>'investor'
           UNION
           SELECT c.*, f."userId" FROM closing c JOIN property_follows f ON f."propertyId" = c."propertyId"
         )
         SELECT "chainId", address AS offering, "propertyId"::text AS "propertyId", name AS "propertyName",
                "endTime" AS "closesAt", "userId"::text AS "userId"
         FROM recipients ORDER BY "chainId", address, "userId"`,
        [asOf.toISOString(), CLOSING_SOON_HOURS],
      );
      let created = 0;
      for (const r of rows) {
        const notified = await notifySql(sql, {
          userId: r.userId,
          event: "OFFERING_CLOSING_SOON",
          data: { propertyId: r.propertyId, propertyName: r.propertyName, closesAt: utc(r.closesAt) },
          dedupeKey: `offering-closing-soon:${r.chainId}:${r.offering}`,
        });
        if (notified) created += 1;
      }
      return created;
    },
    { timeout: 60_000 },
  );
}

/** A `timestamp` (UTC, no zone) column as an ISO instant, whatever zone the driver read it in. */
function utc(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(`${value.replace(" ", "T")}Z`).toISOString();
}
