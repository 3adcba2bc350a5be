import type { PropertyStatus, PropertyType } from "../../api/types";
import type { BadgeTone } from "../../ui/Badge";

export const TYPE_LABELS: Record<PropertyType, string> = {
  RESIDENTIAL: "Residential",
  MULTIFAMILY: "Multifamily",
  COMMERCIAL: "Commercial",
  INDUSTRIAL: "Industrial",
  RETAIL: "Retail",
  HOSPITALITY: "Hospitality",
  MIXED_USE: "Mixed use",
  LAND: "Land",
};

export const STATUS_LABELS: Record<PropertyStatus, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "Draft", tone: "neutral" },
  SUBMITTED: { label: "In review", tone: "info" },
  VERIFIED: { label: "Verified", tone: "brand" },
  TOKENIZED: { label: "Coming soon", tone: "brand" },
  OFFERING: { label: "Open for investment", tone: "ok" },
  CLOSED: { label: "Subscriptions closed", tone: "info" },
  REFUNDING: { label: "Refunds open", tone: "warn" },
  FUNDED: { label: "Funded", tone: "info" },
  EXITED: { label: "Sold", tone: "info" },
  REJECTED: { label: "Rejected", tone: "bad" },
  ARCHIVED: { label: "Archived", tone: "neutral" },
};

const regionNames =
  typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : undefined;

/** ISO 3166-1 alpha-2 as a country name ("PT" -> "Portugal"). */
export function countryName(code: string): string {
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function locationOf(address: { city: string; region: string | null; country: string }): string {
  return [address.city, address.region, countryName(address.country)].filter(Boolean).join(", ");
}
