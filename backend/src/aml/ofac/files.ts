/**
 * Reads an OFAC legacy list from a directory holding SDN.CSV and, optionally, ALT.CSV and ADD.CSV
 * (file names matched case-insensitively, as OFAC has published both spellings).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOfacLegacyList, type OfacLegacyFiles, type SanctionsList } from "./sanctions-list.ts";

/** The small real sample shipped with the repository (see backend/data/sanctions/README.md). */
export const SAMPLE_LIST_DIR = fileURLToPath(new URL("../../../data/sanctions/ofac-sample", import.meta.url));

export async function readOfacLegacyFiles(dir: string): Promise<OfacLegacyFiles> {
  const names = await readdir(dir);
  const find = (wanted: string): string | undefined => names.find((n) => n.toLowerCase() === wanted);
  const read = async (wanted: string): Promise<string | undefined> => {
    const name = find(wanted);
    return name === undefined ? undefined : readFile(join(dir, name), "utf8");
  };
  const sdn = await read("sdn.csv");
  if (sdn === undefined) throw new Error(`no SDN.CSV in ${dir}`);
  const files: OfacLegacyFiles = { sdn };
  const alt = await read("alt.csv");
  const add = await read("add.csv");
  if (alt !== undefined) files.alt = alt;
  if (add !== undefined) files.add = add;
  return files;
}

export async function loadOfacLegacyDirectory(dir: string): Promise<SanctionsList> {
  return loadOfacLegacyList(await readOfacLegacyFiles(dir));
}
