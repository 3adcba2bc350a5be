/**
 * Loading an updated sanctions list at run time: the new version is stored with its source files, becomes the
 * active one, and every investor with a live application (approved, or still in review) is screened again
 * against it, all in one transaction: either the new list is active and everyone was re-screened, or nothing
 * changed. New hits go to review (and approved wallets are frozen on chain through the outbox).
 */
import { recordAudit } from "../audit/service.ts";
import type { Actor } from "../auth/actor.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Db } from "../db/client.ts";
import { DuplicateError } from "../core/errors.ts";
import { LIVE_STATUSES } from "../kyc/workflow.ts";
import {
  cacheScreener,
  lockListsExclusive,
  LIST_VERSION_SELECT,
  OFAC_SOURCE,
  parseListFiles,
  type ListVersionRow,
} from "./lists.ts";
import type { OfacLegacyFiles } from "./ofac/sanctions-list.ts";
import { screenApplication } from "./screening-service.ts";
import { Screener } from "./screening/screener.ts";

export interface ListLoadReport {
  version: ListVersionRow;
  previousVersionId: string | null;
  rescreened: number;
  newHits: number;
}

const RESCREEN_BATCH = 200;

export async function loadListVersion(
  db: Db,
  ring: KeyRing,
  actor: Actor | null,
  files: OfacLegacyFiles,
): Promise<ListLoadReport> {
  const { list, format } = parseListFiles(files);
  const screener = new Screener(list);
  const existing = await db.sanctionsListVersion.findUnique({
    where: { source_digest: { source: OFAC_SOURCE, digest: list.digest } },
    select: { id: true },
  });
  if (existing)
    throw new DuplicateError(`this list was already loaded as version ${existing.id}`, { versionId: existing.id });

  const report = await db.$transaction(
    async (tx) => {
      await lockListsExclusive(tx);
      const previous = await tx.sanctionsListVersion.findFirst({
        where: { source: OFAC_SOURCE, active: true },
        select: { id: true },
      });
      if (previous) await tx.sanctionsListVersion.update({ where: { id: previous.id }, data: { active: false } });
      const version = await tx.sanctionsListVersion.create({
        data: {
          source: OFAC_SOURCE,
          format,
          digest: list.digest,
          entryCount: list.parties.length,
          walletCount: screener.walletCount,
          active: true,
          activatedAt: new Date(),
          sdnText: files.sdn,
          altText: files.alt ?? null,
          addText: files.add ?? null,
          loadedById: actor?.id ?? null,
        },
        select: LIST_VERSION_SELECT,
      });
      await recordAudit(tx, {
        actor,
        action: "aml.list_loaded",
        entityType: "sanctions_list_version",
        entityId: version.id,
        before: previous ? { activeVersionId: previous.id } : null,
        after: {
          activeVersionId: version.id,
          digest: version.digest,
          entryCount: version.entryCount,
          walletCount: version.walletCount,
        },
      });

      let rescreened = 0;
      let newHits = 0;
      let cursor: string | undefined;
      for (;;) {
        const apps = await tx.kycApplication.findMany({
          where: { status: { in: [...LIVE_STATUSES] } },
          orderBy: { id: "asc" },
          take: RESCREEN_BATCH,
          ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
        });
        if (apps.length === 0) break;
        for (const app of apps) {
          const screening = await screenApplication(tx, app, {
            ring,
            list: { version, screener },
            trigger: "list_update",
            actor,
          });
          rescreened += 1;
          if (screening.status === "PENDING_REVIEW") newHits += 1;
        }
        cursor = apps.at(-1)!.id;
      }
      return { version, previousVersionId: previous?.id ?? null, rescreened, newHits };
    },
    { timeout: 15 * 60_000, maxWait: 30_000 },
  );
  cacheScreener(report.version.id, screener);
  return report;
}
