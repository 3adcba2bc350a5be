/**
 * Country risk by ISO 3166-1 numeric code (the code the IdentityRegistry stores on chain).
 *
 * The default table is data, not logic, and is meant to be replaced from configuration when the sources
 * change. Sources as of the FATF plenary of February 2025:
 * - prohibited: jurisdictions under comprehensive US embargo programs (Cuba, Iran, North Korea);
 * - high: FATF "high-risk jurisdictions subject to a call for action" (North Korea, Iran, Myanmar);
 * - medium: FATF "jurisdictions under increased monitoring" (the grey list).
 * Everything else is low.
 */

export type CountryRiskLevel = "low" | "medium" | "high" | "prohibited";

export type CountryRiskTable = ReadonlyMap<number, CountryRiskLevel>;

const PROHIBITED = [192, 364, 408]; // Cuba, Iran, Korea (Democratic People's Republic of)
const HIGH = [104]; // Myanmar
const MEDIUM = [
  12, // Algeria
  24, // Angola
  100, // Bulgaria
  120, // Cameroon
  180, // Congo (Democratic Republic of the)
  191, // Croatia
  332, // Haiti
  384, // Côte d'Ivoire
  404, // Kenya
  418, // Lao People's Democratic Republic
  422, // Lebanon
  466, // Mali
  492, // Monaco
  508, // Mozambique
  516, // Namibia
  524, // Nepal
  566, // Nigeria
  704, // Viet Nam
  710, // South Africa
  728, // South Sudan
  760, // Syrian Arab Republic
  834, // Tanzania (United Republic of)
  854, // Burkina Faso
  862, // Venezuela (Bolivarian Republic of)
  887, // Yemen
];

export const DEFAULT_COUNTRY_RISK: CountryRiskTable = new Map<number, CountryRiskLevel>([
  ...MEDIUM.map((c) => [c, "medium"] as const),
  ...HIGH.map((c) => [c, "high"] as const),
  ...PROHIBITED.map((c) => [c, "prohibited"] as const),
]);

/** ISO 3166-1 numeric codes are 1..999 (written with leading zeros, stored as integers). */
export function isIsoNumericCountry(code: number): boolean {
  return Number.isInteger(code) && code >= 1 && code <= 999;
}

export function countryRisk(code: number, table: CountryRiskTable = DEFAULT_COUNTRY_RISK): CountryRiskLevel {
  if (!isIsoNumericCountry(code)) throw new RangeError("country must be an ISO 3166-1 numeric code (1-999)");
  return table.get(code) ?? "low";
}
