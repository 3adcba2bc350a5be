/**
 * An explainable AML risk score (0-100) for an investor, combining:
 * - sanctions: an exact wallet hit is decisive (100); a name match at or above the screening threshold
 *   scores 60-100 by similarity; a near miss (0.75 up to the threshold) scores up to 20;
 * - PEP (politically exposed person): +25, as enhanced due diligence is required;
 * - country of residence: low 0, medium (FATF grey list) +10, high (FATF call for action) +30,
 *   prohibited (comprehensive embargo) +60;
 * - manual flags raised by an officer (adverse media, unclear source of funds, ...): +15 each, at most +30.
 * The total is capped at 100. Every contribution is returned, so a reviewer sees why.
 */
import { countryRisk, DEFAULT_COUNTRY_RISK, type CountryRiskLevel, type CountryRiskTable } from "./country-risk.ts";

export type RiskLevel = "low" | "medium" | "high" | "critical";

export interface RiskInput {
  /** Best name similarity against the list (0 when nothing came close). */
  bestNameScore: number;
  walletHit: boolean;
  pep: boolean;
  /** ISO 3166-1 numeric country of residence. */
  country: number;
  manualFlags: readonly string[];
  /** The screening threshold the name score is judged against. */
  nameThreshold: number;
}

export interface RiskFactor {
  factor: "sanctions_wallet" | "sanctions_name" | "sanctions_near_miss" | "pep" | "country" | "manual_flags";
  points: number;
  detail: string;
}

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  countryRisk: CountryRiskLevel;
  factors: RiskFactor[];
}

const NEAR_MISS_FLOOR = 0.75;
const COUNTRY_POINTS: Record<CountryRiskLevel, number> = { low: 0, medium: 10, high: 30, prohibited: 60 };

function level(score: number): RiskLevel {
  if (score >= 75) return "critical";
  if (score >= 50) return "high";
  if (score >= 25) return "medium";
  return "low";
}

export function assessRisk(input: RiskInput, table: CountryRiskTable = DEFAULT_COUNTRY_RISK): RiskAssessment {
  const { bestNameScore: s, nameThreshold: t } = input;
  if (!(s >= 0 && s <= 1)) throw new RangeError("bestNameScore must be in [0, 1]");
  if (!(t > NEAR_MISS_FLOOR && t <= 1)) throw new RangeError(`nameThreshold must be in (${NEAR_MISS_FLOOR}, 1]`);
  const factors: RiskFactor[] = [];
  if (input.walletHit)
    factors.push({ factor: "sanctions_wallet", points: 100, detail: "wallet address is on the sanctions list" });
  if (s >= t) {
    const points = t === 1 ? 100 : Math.round(60 + (40 * (s - t)) / (1 - t));
    factors.push({ factor: "sanctions_name", points, detail: `name similarity ${s.toFixed(3)} >= threshold ${t}` });
  } else if (s >= NEAR_MISS_FLOOR) {
    const points = Math.round((20 * (s - NEAR_MISS_FLOOR)) / (t - NEAR_MISS_FLOOR));
    if (points > 0)
      factors.push({
        factor: "sanctions_near_miss",
        points,
        detail: `name similarity ${s.toFixed(3)} below threshold ${t}`,
      });
  }
  if (input.pep) factors.push({ factor: "pep", points: 25, detail: "politically exposed person" });
  const cr = countryRisk(input.country, table);
  if (COUNTRY_POINTS[cr] > 0)
    factors.push({ factor: "country", points: COUNTRY_POINTS[cr], detail: `country ${input.country} risk ${cr}` });
  const flags = [...new Set(input.manualFlags)];
  if (flags.length > 0)
    factors.push({ factor: "manual_flags", points: Math.min(30, 15 * flags.length), detail: flags.join(", ") });
  const score = Math.min(
    100,
    factors.reduce((sum, f) => sum + f.points, 0),
  );
  return { score, level: level(score), countryRisk: cr, factors };
}
