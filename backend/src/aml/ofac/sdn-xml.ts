/**
 * Loader for OFAC's SDN.XML (the `sdnList` document: one `sdnEntry` per listed party with programList, akaList
 * with strong/weak categories, addressList, idList, dateOfBirthList, nationalityList, citizenshipList). Digital
 * currency addresses are `id` items whose idType is "Digital Currency Address - <CODE>".
 * Produces the same SanctionsList as the legacy CSV loader, so screening does not care which format was loaded.
 */
import { SdnFormatError, type SdnType } from "./legacy-csv.ts";
import type { ListedAddress, ListedName, NameKind, SanctionedParty, SanctionsList } from "./sanctions-list.ts";
import type { DigitalCurrencyAddress } from "./remarks.ts";
import { childrenNamed, childText, type XmlElement } from "./xml.ts";
import { loadXmlList, streamXmlList, type XmlListFormat } from "./xml-list.ts";

const FILE = "SDN.XML";
const TYPES: Record<string, SdnType> = {
  individual: "individual",
  entity: "entity",
  vessel: "vessel",
  aircraft: "aircraft",
};
const ALIAS_KINDS: Record<string, NameKind> = { "a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka" };

/** "LAST, First" for people (the order the CSV files use), the last name alone otherwise. */
function fullName(element: XmlElement): string | null {
  const last = childText(element, "lastName");
  const first = childText(element, "firstName");
  if (last && first) return `${last}, ${first}`;
  return last ?? first;
}

function list(element: XmlElement, listName: string, itemName: string): XmlElement[] {
  return childrenNamed(element, listName).flatMap((l) => childrenNamed(l, itemName));
}

export function looksLikeSdnXml(text: string): boolean {
  return /^\uFEFF?\s*<(\?xml|sdnList)/.test(text);
}

/** One `sdnEntry` as a party; throws SdnFormatError when it has no valid uid, no name or an unknown type. */
function sdnEntryParty(entry: XmlElement, where: string): SanctionedParty {
  const uid = childText(entry, "uid");
  if (uid === null || !/^\d{1,9}$/.test(uid))
    throw new SdnFormatError(FILE, entry.line, `${where}: uid must be a positive integer`);
  const entNum = Number(uid);
  const primaryName = fullName(entry);
  if (!primaryName) throw new SdnFormatError(FILE, entry.line, `${where} (uid ${entNum}): no name`);
  const type = TYPES[(childText(entry, "sdnType") ?? "").toLowerCase()];
  if (!type)
    throw new SdnFormatError(
      FILE,
      entry.line,
      `${where} (uid ${entNum}): unknown sdnType "${childText(entry, "sdnType") ?? ""}"`,
    );

  const names: ListedName[] = [{ name: primaryName, kind: "primary", source: "sdn", weak: false }];
  for (const aka of list(entry, "akaList", "aka")) {
    const name = fullName(aka);
    if (!name || names.some((n) => n.name === name)) continue;
    names.push({
      name,
      kind: ALIAS_KINDS[childText(aka, "type") ?? ""] ?? "aka",
      source: "alt",
      weak: childText(aka, "category") === "weak",
    });
  }
  const addresses: ListedAddress[] = list(entry, "addressList", "address")
    .map((a) => {
      const lines = ["address1", "address2", "address3"]
        .map((n) => childText(a, n))
        .filter((v): v is string => v !== null);
      const city = [childText(a, "city"), childText(a, "stateOrProvince"), childText(a, "postalCode")].filter(
        (v): v is string => v !== null,
      );
      return {
        address: lines.length ? lines.join(", ") : null,
        city: city.length ? city.join(" ") : null,
        country: childText(a, "country"),
      };
    })
    .filter((a) => a.address !== null || a.city !== null || a.country !== null);
  const digitalCurrencyAddresses: DigitalCurrencyAddress[] = [];
  for (const id of list(entry, "idList", "id")) {
    const match = /^Digital Currency Address - ([A-Z0-9]+)$/.exec(childText(id, "idType") ?? "");
    const number = childText(id, "idNumber");
    if (match && number) digitalCurrencyAddresses.push({ currency: match[1]!, address: number });
  }
  return {
    entNum,
    type,
    primaryName,
    names,
    programs: list(entry, "programList", "program")
      .map((p) => p.text.trim())
      .filter((p) => p !== ""),
    addresses,
    digitalCurrencyAddresses,
    datesOfBirth: list(entry, "dateOfBirthList", "dateOfBirthItem")
      .map((d) => childText(d, "dateOfBirth"))
      .filter((v): v is string => v !== null),
    nationalities: [...list(entry, "nationalityList", "nationality"), ...list(entry, "citizenshipList", "citizenship")]
      .map((n) => childText(n, "country"))
      .filter((v): v is string => v !== null),
    remarks: childText(entry, "remarks"),
  };
}

export const SDN_XML_FORMAT: XmlListFormat = {
  file: FILE,
  recordPath: ["sdnList", "sdnEntry"],
  idName: "uid",
  refuseRoot: (root) => (root.name === "sdnList" ? null : `the root element is <${root.name}>, not <sdnList>`),
  party: sdnEntryParty,
  emptyMessage: "the list has no entries",
};

export function loadOfacSdnXml(text: string): SanctionsList {
  return loadXmlList(SDN_XML_FORMAT, text);
}

/** The parties of an SDN.XML file or upload as they are read (bounded memory); returns the digest. */
export function streamOfacSdnXml(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<SanctionedParty, string> {
  return streamXmlList(SDN_XML_FORMAT, source);
}
