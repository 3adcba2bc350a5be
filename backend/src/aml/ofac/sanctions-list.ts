/**
 * One sanctions list in memory, built from the official OFAC legacy files: every listed party with all
 * its names (primary, ALT.CSV aliases, aliases written in the remarks), addresses, countries, digital
 * currency addresses and programs, plus a SHA-256 digest of the source files that identifies the version.
 */
import { createHash } from "node:crypto";
import { parseAddCsv, parseAltCsv, parseSdnCsv, SdnFormatError, type SdnType } from "./legacy-csv.ts";
import { parseRemarks, type DigitalCurrencyAddress } from "./remarks.ts";

export type NameKind = "primary" | "aka" | "fka" | "nka";

export interface ListedName {
  name: string;
  kind: NameKind;
  /** Where the name came from: the SDN row, ALT.CSV, or the remarks column. */
  source: "sdn" | "alt" | "remarks";
  /**
   * OFAC's "weak" (low-quality) aliases: nicknames and short forms such as 'PAT' or 'THE BASE'. They only count
   * when a name equals them exactly; fuzzy matching on them would flag half the population.
   */
  weak: boolean;
}

export interface ListedAddress {
  address: string | null;
  city: string | null;
  country: string | null;
}

export interface SanctionedParty {
  /** OFAC's unique entity number (ent_num / uid). */
  entNum: number;
  type: SdnType;
  primaryName: string;
  names: ListedName[];
  programs: string[];
  addresses: ListedAddress[];
  digitalCurrencyAddresses: DigitalCurrencyAddress[];
  datesOfBirth: string[];
  nationalities: string[];
  remarks: string | null;
}

export interface SanctionsList {
  source: "OFAC-SDN";
  /** sha256 over the source files, hex: equal digests mean the same list. */
  digest: string;
  parties: SanctionedParty[];
}

export interface OfacLegacyFiles {
  sdn: string;
  alt?: string;
  add?: string;
}

/** Builds the list; throws SdnFormatError if any file is malformed or refers to an unknown entity. */
export function loadOfacLegacyList(files: OfacLegacyFiles): SanctionsList {
  const sdn = parseSdnCsv(files.sdn);
  const alt = files.alt === undefined ? [] : parseAltCsv(files.alt);
  const add = files.add === undefined ? [] : parseAddCsv(files.add);
  if (sdn.length === 0) throw new SdnFormatError("SDN.CSV", 1, "the list has no entries");

  const parties = new Map<number, SanctionedParty>();
  for (const row of sdn) {
    const facts = parseRemarks(row.remarks);
    const names: ListedName[] = [{ name: row.name, kind: "primary", source: "sdn", weak: false }];
    // aliases quoted in the remarks are the legacy form of OFAC's weak aliases
    for (const alias of facts.aliases)
      names.push({ name: alias.name, kind: alias.kind, source: "remarks", weak: true });
    parties.set(row.entNum, {
      entNum: row.entNum,
      type: row.type,
      primaryName: row.name,
      names,
      programs: row.programs,
      addresses: [],
      digitalCurrencyAddresses: facts.digitalCurrencyAddresses,
      datesOfBirth: facts.datesOfBirth,
      nationalities: facts.nationalities,
      remarks: row.remarks,
    });
  }
  for (const row of alt) {
    const party = parties.get(row.entNum);
    if (!party) throw new SdnFormatError("ALT.CSV", 0, `alias ${row.altNum} refers to unknown ent_num ${row.entNum}`);
    if (!party.names.some((n) => n.name === row.altName))
      party.names.push({ name: row.altName, kind: row.altType, source: "alt", weak: false });
  }
  for (const row of add) {
    const party = parties.get(row.entNum);
    if (!party) throw new SdnFormatError("ADD.CSV", 0, `address ${row.addNum} refers to unknown ent_num ${row.entNum}`);
    if (row.address === null && row.cityStateProvincePostalCode === null && row.country === null) continue;
    party.addresses.push({ address: row.address, city: row.cityStateProvincePostalCode, country: row.country });
  }

  const hash = createHash("sha256");
  for (const part of [files.sdn, files.alt ?? "", files.add ?? ""]) {
    hash.update(String(Buffer.byteLength(part)));
    hash.update(":");
    hash.update(part);
  }
  return { source: "OFAC-SDN", digest: hash.digest("hex"), parties: [...parties.values()] };
}
