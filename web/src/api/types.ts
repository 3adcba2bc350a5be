/**
 * The shapes the web app reads from the backend. Written by hand from the backend's Prisma models until its
 * OpenAPI document is published; then these become generated types. Amounts on chain are strings of base units
 * (JSON has no bigint); fiat amounts from the registry are decimal strings.
 */
export type Role = "ADMIN" | "COMPLIANCE_OFFICER" | "PROPERTY_MANAGER" | "INVESTOR";

export interface SessionUser {
  id: string;
  address: `0x${string}`;
  roles: Role[];
  displayName?: string | null;
  email?: string | null;
}

export interface Session {
  user: SessionUser;
  expiresAt?: string;
}

export type PropertyType = "RESIDENTIAL" | "MULTIFAMILY" | "COMMERCIAL" | "INDUSTRIAL" | "RETAIL" | "HOSPITALITY" | "MIXED_USE" | "LAND";
export type PropertyStatus = "DRAFT" | "SUBMITTED" | "VERIFIED" | "TOKENIZED" | "OFFERING" | "FUNDED" | "REJECTED" | "ARCHIVED";

export interface PropertyImage {
  url: string;
  alt?: string | null;
}

/** What the chain side adds once the property is tokenized. */
export interface PropertyChainInfo {
  tokenAddress: `0x${string}`;
  tokenSymbol?: string;
  offeringAddress?: `0x${string}` | null;
  /** Stablecoin base units per unit (decimal string). */
  pricePerUnit?: string;
  hardCap?: string;
  softCap?: string;
  unitsSold?: string;
  startTime?: number;
  endTime?: number;
}

export interface PropertySummary {
  id: string;
  name: string;
  type: PropertyType;
  status: PropertyStatus;
  city: string;
  region?: string | null;
  country: string;
  currency: string;
  currentValuation?: string | null;
  /** Expected gross yield, basis points, when leases exist. */
  yieldBps?: number | null;
  coverImage?: PropertyImage | null;
  chain?: PropertyChainInfo | null;
}

export interface PropertyDocument {
  id: string;
  kind: string;
  name: string;
  sha256: string;
  url?: string | null;
  anchoredOnChain?: boolean;
}

export interface PropertyDetail extends PropertySummary {
  description?: string | null;
  addressLine1: string;
  postalCode?: string | null;
  landAreaSqm?: string | null;
  floorAreaSqm?: string | null;
  yearBuilt?: number | null;
  floors?: number | null;
  bedrooms?: number | null;
  bathrooms?: number | null;
  parkingSpaces?: number | null;
  amenities: string[];
  images?: PropertyImage[];
  documents?: PropertyDocument[];
  title?: { titleNumber: string; jurisdiction: string; tenure?: string; status: string; verifiedAt?: string | null } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface PropertyFilters {
  q?: string;
  type?: PropertyType | "";
  status?: PropertyStatus | "";
  country?: string;
  sort?: string;
  cursor?: string;
}

export interface DocumentCheck {
  matches: boolean;
  document?: PropertyDocument | null;
  anchoredOnChain?: boolean;
}
