/**
 * Countries with their ISO 3166-1 numeric code (what KYC stores and the IdentityRegistry keeps on chain as uint16)
 * and alpha-2 code (for names through Intl). A selection of the jurisdictions the platform serves.
 */
export interface Country {
  alpha2: string;
  numeric: number;
  name: string;
}

const CODES: [string, number][] = [
  ["AR", 32],
  ["AU", 36],
  ["AT", 40],
  ["BE", 56],
  ["BR", 76],
  ["BG", 100],
  ["CA", 124],
  ["CL", 152],
  ["CN", 156],
  ["CO", 170],
  ["HR", 191],
  ["CY", 196],
  ["CZ", 203],
  ["DK", 208],
  ["EE", 233],
  ["FI", 246],
  ["FR", 250],
  ["DE", 276],
  ["GR", 300],
  ["HK", 344],
  ["HU", 348],
  ["IS", 352],
  ["IN", 356],
  ["ID", 360],
  ["IE", 372],
  ["IL", 376],
  ["IT", 380],
  ["JP", 392],
  ["KE", 404],
  ["KR", 410],
  ["LV", 428],
  ["LT", 440],
  ["LU", 442],
  ["MY", 458],
  ["MT", 470],
  ["MX", 484],
  ["NL", 528],
  ["NZ", 554],
  ["NG", 566],
  ["NO", 578],
  ["PE", 604],
  ["PH", 608],
  ["PL", 616],
  ["PT", 620],
  ["RO", 642],
  ["SA", 682],
  ["SG", 702],
  ["SK", 703],
  ["SI", 705],
  ["ZA", 710],
  ["ES", 724],
  ["SE", 752],
  ["CH", 756],
  ["TH", 764],
  ["AE", 784],
  ["TR", 792],
  ["UA", 804],
  ["GB", 826],
  ["US", 840],
  ["UY", 858],
  ["VN", 704],
];

const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : undefined;

export const COUNTRIES: Country[] = CODES.map(([alpha2, numeric]) => ({
  alpha2,
  numeric,
  name: names?.of(alpha2) ?? alpha2,
})).sort((a, b) => a.name.localeCompare(b.name));

export function countryByNumeric(numeric: number | null | undefined): Country | undefined {
  return COUNTRIES.find((c) => c.numeric === numeric);
}

export function countryNameByNumeric(numeric: number | null | undefined): string {
  return countryByNumeric(numeric)?.name ?? (numeric ? `country ${numeric}` : "—");
}
