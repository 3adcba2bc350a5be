/**
 * Structured facts inside the free-text Remarks column of SDN.CSV: digital currency addresses
 * ("Digital Currency Address - ETH 0x..."), alias names ("a.k.a. 'HIDDEN COBRA'"), dates of birth,
 * nationalities and citizenships. Items are separated by "; ".
 *
 * The legacy Remarks column is cut at 1,000 characters (the rest goes to OFAC's comments file), so the
 * last item of a full-length remark may be a fragment: it is dropped rather than recorded as, say, a
 * shortened wallet address that would never match anything.
 */

export const LEGACY_REMARKS_LIMIT = 1000;

export interface DigitalCurrencyAddress {
  /** OFAC's currency code: ETH, XBT, USDT, TRX, ... */
  currency: string;
  address: string;
}

export interface RemarkAlias {
  kind: "aka" | "fka" | "nka";
  name: string;
}

export interface RemarkFacts {
  digitalCurrencyAddresses: DigitalCurrencyAddress[];
  aliases: RemarkAlias[];
  datesOfBirth: string[];
  nationalities: string[];
  truncated: boolean;
}

/** Splits remarks into items on "; " (never inside a quoted alias such as 'ABU-'UMAR'). */
function items(remarks: string): string[] {
  return remarks
    .replace(/\.$/, "")
    .split(/;\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function parseRemarks(remarks: string | null): RemarkFacts {
  const facts: RemarkFacts = {
    digitalCurrencyAddresses: [],
    aliases: [],
    datesOfBirth: [],
    nationalities: [],
    truncated: false,
  };
  if (remarks === null) return facts;
  let parts = items(remarks);
  if (remarks.length >= LEGACY_REMARKS_LIMIT) {
    facts.truncated = true;
    parts = parts.slice(0, -1);
  }
  for (const raw of parts) {
    const item = raw.replace(/^alt\.\s+/, "");
    const dca = /^Digital Currency Address - ([A-Z0-9]+) (\S+)$/.exec(item);
    if (dca) {
      facts.digitalCurrencyAddresses.push({ currency: dca[1]!, address: dca[2]!.replace(/\.$/, "") });
      continue;
    }
    const alias = /^([afn])\.k\.a\.\s+'(.+)'\.?$/.exec(item);
    if (alias) {
      facts.aliases.push({ kind: `${alias[1]}ka` as RemarkAlias["kind"], name: alias[2]! });
      continue;
    }
    const dob = /^DOB (.+)$/.exec(item);
    if (dob) {
      facts.datesOfBirth.push(dob[1]!);
      continue;
    }
    const nationality = /^(?:nationality|citizen) (.+)$/.exec(item);
    if (nationality) facts.nationalities.push(nationality[1]!);
  }
  return facts;
}
