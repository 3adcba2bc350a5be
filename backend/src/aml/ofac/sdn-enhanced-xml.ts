/**
 * Loader for OFAC's SDN_ENHANCED.XML (`sanctionsData` / `entities` / `entity id="..."`): names with their
 * translations (the Latin-script formattedFullName is used), alias type and low-quality flag, sanctions
 * programs, addresses made of typed parts, and features, among which "Digital Currency Address - XXX".
 * A delta file (same root, entities carrying `action`) is not a full list and is refused.
 */
import { SdnFormatError, type SdnType } from "./legacy-csv.ts";
import type { DigitalCurrencyAddress } from "./remarks.ts";
import type { ListedAddress, ListedName, NameKind, SanctionedParty, SanctionsList } from "./sanctions-list.ts";
import { childrenNamed, childText, type XmlElement } from "./xml.ts";
import { loadXmlList, streamXmlList, type XmlListFormat } from "./xml-list.ts";

const FILE = "SDN_ENHANCED.XML";
const TYPES: Record<string, SdnType> = {
  individual: "individual",
  entity: "entity",
  vessel: "vessel",
  aircraft: "aircraft",
};
const ALIAS_KINDS: Record<string, NameKind> = { "A.K.A.": "aka", "F.K.A.": "fka", "N.K.A.": "nka" };

export function looksLikeEnhancedXml(text: string): boolean {
  return /^\uFEFF?\s*(<\?xml[^>]*>\s*)?<sanctionsData[\s>]/.test(text);
}

function nested(element: XmlElement, ...path: string[]): XmlElement[] {
  let level = [element];
  for (const name of path) level = level.flatMap((e) => childrenNamed(e, name));
  return level;
}

/** The Latin-script (else primary, else first) formattedFullName of a name. */
function formattedName(name: XmlElement): string | null {
  const translations = nested(name, "translations", "translation");
  const chosen =
    translations.find((t) => childText(t, "script") === "Latin") ??
    translations.find((t) => childText(t, "isPrimary") === "true") ??
    translations[0];
  return chosen ? childText(chosen, "formattedFullName") : null;
}

function address(element: XmlElement): ListedAddress {
  const parts = nested(element, "translations", "translation", "addressParts", "addressPart").map((p) => ({
    type: (childText(p, "type") ?? "").toUpperCase(),
    value: childText(p, "value"),
  }));
  const pick = (...types: string[]) =>
    parts.filter((p) => types.includes(p.type) && p.value !== null).map((p) => p.value!);
  const lines = pick("ADDRESS1", "ADDRESS2", "ADDRESS3");
  const city = pick("CITY", "STATE/PROVINCE", "POSTAL CODE");
  return {
    address: lines.length ? lines.join(", ") : null,
    city: city.length ? city.join(" ") : null,
    country: childText(element, "country"),
  };
}

/** One `entity` as a party; throws SdnFormatError when it has no valid id, no primary name or an unknown type. */
function entityParty(entity: XmlElement, where: string): SanctionedParty {
  const id = entity.attributes["id"] ?? "";
  if (!/^\d{1,9}$/.test(id)) throw new SdnFormatError(FILE, entity.line, `${where}: id must be a positive integer`);
  const entNum = Number(id);
  const rawType = nested(entity, "generalInfo").map((g) => childText(g, "entityType"))[0] ?? "";
  const type = TYPES[rawType.toLowerCase()];
  if (!type) throw new SdnFormatError(FILE, entity.line, `${where} (id ${entNum}): unknown entityType "${rawType}"`);

  const names: ListedName[] = [];
  for (const name of nested(entity, "names", "name")) {
    const full = formattedName(name);
    if (!full || names.some((n) => n.name === full)) continue;
    const primary = childText(name, "isPrimary") === "true";
    names.push({
      name: full,
      kind: primary ? "primary" : (ALIAS_KINDS[(childText(name, "aliasType") ?? "").toUpperCase()] ?? "aka"),
      source: primary ? "sdn" : "alt",
      weak: !primary && childText(name, "isLowQuality") === "true",
    });
  }
  const primary = names.find((n) => n.kind === "primary");
  if (!primary) throw new SdnFormatError(FILE, entity.line, `${where} (id ${entNum}): no primary name`);
  names.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : 0));

  const digitalCurrencyAddresses: DigitalCurrencyAddress[] = [];
  const nationalities: string[] = [];
  for (const feature of nested(entity, "features", "feature")) {
    const featureType = childText(feature, "type") ?? "";
    const value = childText(feature, "value");
    if (value === null) continue;
    const dca = /^Digital Currency Address - ([A-Z0-9]+)$/.exec(featureType);
    if (dca) digitalCurrencyAddresses.push({ currency: dca[1]!, address: value });
    else if (/^(Nationality|Citizenship) Country$/.test(featureType)) nationalities.push(value);
  }
  return {
    entNum,
    type,
    primaryName: primary.name,
    names,
    programs: nested(entity, "sanctionsPrograms", "sanctionsProgram")
      .map((p) => p.text.trim())
      .filter((p) => p !== ""),
    addresses: nested(entity, "addresses", "address")
      .map(address)
      .filter((a) => a.address !== null || a.city !== null || a.country !== null),
    digitalCurrencyAddresses,
    datesOfBirth: [],
    nationalities,
    remarks: null,
  };
}

const DELTA = "this is a delta file (changes), not a full list";

export const SDN_ENHANCED_XML_FORMAT: XmlListFormat = {
  file: FILE,
  recordPath: ["sanctionsData", "entities", "entity"],
  idName: "id",
  refuseRoot: (root) => {
    if (root.name !== "sanctionsData") return `the root element is <${root.name}>, not <sanctionsData>`;
    return /DeltaFile/i.test(root.attributes["xmlns"] ?? "") ? DELTA : null;
  },
  refuseRecord: (entity) => (entity.attributes["action"] === undefined ? null : DELTA),
  party: entityParty,
  emptyMessage: "the list has no entities",
};

export function loadOfacEnhancedXml(text: string): SanctionsList {
  return loadXmlList(SDN_ENHANCED_XML_FORMAT, text);
}

/** The parties of an SDN_ENHANCED.XML file or upload as they are read (bounded memory); returns the digest. */
export function streamOfacEnhancedXml(
  source: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<SanctionedParty, string> {
  return streamXmlList(SDN_ENHANCED_XML_FORMAT, source);
}
