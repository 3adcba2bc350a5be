/**
 * Sanctions list versions in the database: loading a new version (kept with its source files, made the active
 * one) and the screener of the active version, built once per version and cached in memory.
 */
import type { Db, Tx } from "../db/client.ts";
import { NotFoundError, ValidationError } from "../core/errors.ts";
import { SdnFormatError } from "./ofac/legacy-csv.ts";
import { loadOfacLegacyList, type OfacLegacyFiles, type SanctionsList } from "./ofac/sanctions-list.ts";
import { loadOfacEnhancedXml, looksLikeEnhancedXml } from "./ofac/sdn-enhanced-xml.ts";
import { loadOfacSdnXml, looksLikeSdnXml } from "./ofac/sdn-xml.ts";
import { Screener } from "./screening/screener.ts";

export const OFAC_SOURCE = "OFAC-SDN";

export interface ListVersionRow {
  id: string;
  source: string;
  format: string;
  digest: string;
  entryCount: number;
  walletCount: number;
  active: boolean;
  loadedAt: Date;
  activatedAt: Date | null;
  loadedById: string | null;
}

export const LIST_VERSION_SELECT = {
  id: true,
  source: true,
  format: true,
  digest: true,
  entryCount: true,
  walletCount: true,
  active: true,
  loadedAt: true,
  activatedAt: true,
  loadedById: true,
} as const;

const screeners = new Map<string, Screener>();

export type ListFormat = "legacy-csv" | "sdn-xml" | "sdn-enhanced-xml";

/** SDN_ENHANCED.XML or SDN.XML when the main file is XML (by its root element), the legacy CSV set otherwise. */
export function detectFormat(files: OfacLegacyFiles): ListFormat {
  if (looksLikeEnhancedXml(files.sdn)) return "sdn-enhanced-xml";
  return looksLikeSdnXml(files.sdn) ? "sdn-xml" : "legacy-csv";
}

function build(format: ListFormat, files: OfacLegacyFiles): SanctionsList {
  if (format === "legacy-csv") return loadOfacLegacyList(files);
  if (files.alt !== undefined || files.add !== undefined) {
    throw new SdnFormatError(
      "SDN.XML",
      1,
      "ALT.CSV and ADD.CSV belong to the CSV format: the XML formats already hold aliases and addresses",
    );
  }
  return format === "sdn-xml" ? loadOfacSdnXml(files.sdn) : loadOfacEnhancedXml(files.sdn);
}

/** Parses the files into a list; a malformed file is the client's error (400), naming the line. */
export function parseListFiles(files: OfacLegacyFiles): { list: SanctionsList; format: ListFormat } {
  const format = detectFormat(files);
  try {
    return { list: build(format, files), format };
  } catch (error) {
    if (error instanceof SdnFormatError) {
      throw new ValidationError(`the sanctions list is malformed: ${error.message}`, [
        { path: error.file, message: error.message },
      ]);
    }
    throw error;
  }
}

/** The screener of a stored version (parsed from its files the first time, then cached). */
export async function screenerForVersion(db: Db | Tx, versionId: string): Promise<Screener> {
  const cached = screeners.get(versionId);
  if (cached) return cached;
  const row = await db.sanctionsListVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { format: true, sdnText: true, altText: true, addText: true },
  });
  const files: OfacLegacyFiles = { sdn: row.sdnText };
  if (row.altText !== null) files.alt = row.altText;
  if (row.addText !== null) files.add = row.addText;
  const screener = new Screener(build(row.format as ListFormat, files));
  screeners.set(versionId, screener);
  return screener;
}

/** Remembers the screener of a version just built from its files (saves parsing them again). */
export function cacheScreener(versionId: string, screener: Screener): void {
  screeners.set(versionId, screener);
}

export async function activeListVersion(db: Db | Tx): Promise<ListVersionRow | null> {
  return db.sanctionsListVersion.findFirst({
    where: { source: OFAC_SOURCE, active: true },
    select: LIST_VERSION_SELECT,
  });
}

/** The most recent list versions, newest first. */
export async function recentListVersions(db: Db): Promise<ListVersionRow[]> {
  return db.sanctionsListVersion.findMany({ orderBy: { loadedAt: "desc" }, select: LIST_VERSION_SELECT, take: 100 });
}

/** The active version; 404 while no list has been loaded. */
export async function requireActiveListVersion(db: Db): Promise<ListVersionRow> {
  const version = await activeListVersion(db);
  if (!version) throw new NotFoundError("active sanctions list");
  return version;
}

/** The active version and its screener, or null when no list has been loaded yet. */
export async function activeScreener(db: Db | Tx): Promise<{ version: ListVersionRow; screener: Screener } | null> {
  const version = await activeListVersion(db);
  if (!version) return null;
  return { version, screener: await screenerForVersion(db, version.id) };
}

/** Drops the cached screeners (they are rebuilt from the stored files on next use). */
export function clearScreenerCache(): void {
  screeners.clear();
}

const LIST_LOCK_KEY = 72_616_201;

/**
 * Loading a list takes this lock exclusively; approvals and screenings take it shared. So a screening or an
 * approval never interleaves with a list switch: it sees the previous list and commits before the switch, or
 * waits and sees the new list (and the re-screening the switch made).
 */
export async function lockListsExclusive(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LIST_LOCK_KEY})`;
}

export async function lockListsShared(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${LIST_LOCK_KEY})`;
}
