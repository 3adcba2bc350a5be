/**
 * Overdue rent reaches the property's manager (its owner when it has none): one RENT_OVERDUE notification per
 * unpaid instalment (dedupe key `rent-overdue:<schedule entry>`), sent by a periodic job. Only a user who still holds
 * the PROPERTY_MANAGER role is told (rights follow roles, src/users/README.md). No tenant data is in it.
 */
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { startPeriodicJob, type PeriodicJob } from "../jobs/periodic.ts";
import { notify } from "../notifications/notify.ts";
import { overdueEntries } from "./service.ts";

/** Notifies what became overdue as of `asOf`; returns how many notifications were new. */
export async function notifyOverdueRent(db: Db, asOf: Date): Promise<number> {
  const entries = await overdueEntries(db, {}, asOf);
  if (entries.length === 0) return 0;
  const leases = await db.lease.findMany({
    where: { id: { in: [...new Set(entries.map((e) => e.leaseId))] } },
    select: {
      id: true,
      property: {
        select: {
          id: true,
          name: true,
          currency: true,
          owner: { select: { id: true, roles: true } },
          manager: { select: { id: true, roles: true } },
        },
      },
    },
  });
  const byId = new Map(leases.map((l) => [l.id, l.property]));
  return db.$transaction(
    async (tx) => {
      let created = 0;
      for (const entry of entries) {
        const property = byId.get(entry.leaseId);
        const recipient = property?.manager ?? property?.owner;
        if (!property || !recipient?.roles.includes("PROPERTY_MANAGER")) continue;
        const notified = await notify(tx, {
          userId: recipient.id,
          event: "RENT_OVERDUE",
          data: {
            propertyId: property.id,
            propertyName: property.name,
            leaseId: entry.leaseId,
            dueDate: entry.dueDate,
            outstanding: entry.outstanding,
            currency: property.currency,
          },
          dedupeKey: `rent-overdue:${entry.id}`,
        });
        if (notified) created += 1;
      }
      return created;
    },
    { timeout: 60_000 },
  );
}

export function startOverdueRentJob(options: {
  db: Db;
  logger: Pick<Logger, "info" | "error">;
  intervalMs: number;
}): PeriodicJob<number> {
  const { db, logger } = options;
  return startPeriodicJob(
    async () => {
      const created = await notifyOverdueRent(db, new Date());
      if (created > 0) logger.info({ notified: created }, "overdue rent notified");
      return created;
    },
    {
      intervalMs: options.intervalMs,
      fallback: 0,
      atStart: true,
      onError: (error) => logger.error({ err: error }, "overdue rent scan failed"),
    },
  );
}
