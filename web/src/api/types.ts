/**
 * The shapes the web app reads from the backend. Written by hand from the backend's Prisma models until its
 * OpenAPI document is published; then these become generated types. Amounts on chain are strings of base units
 * (JSON has no bigint); fiat amounts from the registry are decimal strings.
 */
export type Role = "ADMIN" | "COMPLIANCE_OFFICER" | "PROPERTY_MANAGER" | "INVESTOR";

/** `User` in the backend's OpenAPI document (`GET /auth/me`, `POST /auth/verify`). */
export interface SessionUser {
  id: string;
  address: `0x${string}`;
  email: string | null;
  displayName: string | null;
  roles: Role[];
  version: number;
  createdAt: string;
}

export type PropertyType =
  "RESIDENTIAL" | "MULTIFAMILY" | "COMMERCIAL" | "INDUSTRIAL" | "RETAIL" | "HOSPITALITY" | "MIXED_USE" | "LAND";
/** The registry's property state machine (backend/src/properties/workflow.ts): TOKENIZED to FUNDED follow the chain. */
export type PropertyStatus =
  | "DRAFT"
  | "SUBMITTED"
  | "VERIFIED"
  | "TOKENIZED"
  | "OFFERING"
  | "CLOSED"
  | "REFUNDING"
  | "FUNDED"
  | "REJECTED"
  | "ARCHIVED";

/** `PropertyMarketChain` in the backend's OpenAPI document: the latest offering the chain sync recorded. */
export interface PropertyChainInfo {
  tokenAddress: `0x${string}`;
  tokenSymbol: string;
  offeringAddress: `0x${string}`;
  /** Stablecoin base units per unit (decimal string); null when the terms could not be read. */
  pricePerUnit: string | null;
  hardCap: string | null;
  softCap: string | null;
  unitsSold: string;
  /** Unix seconds. */
  startTime: number | null;
  endTime: number | null;
  outcome: "open" | "finalized" | "cancelled";
}

/** `Property` in the backend's OpenAPI document. */
export interface PropertyView {
  id: string;
  ownerId: string;
  managerId: string | null;
  name: string;
  description: string | null;
  type: PropertyType;
  status: PropertyStatus;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    region: string | null;
    postalCode: string | null;
    country: string;
  };
  coordinates: { latitude: number; longitude: number } | null;
  specifications: {
    landAreaSqm: string | null;
    floorAreaSqm: string | null;
    yearBuilt: number | null;
    floors: number | null;
    bedrooms: number | null;
    bathrooms: number | null;
    parkingSpaces: number | null;
    amenities: string[];
  };
  currency: string;
  currentValuation: string | null;
  statusChangedAt: string;
  rejectionReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Marketplace fields of a search result: the cover image (first IMAGE document), the gross yield from active
 * leases (as in the rent summary), and the token/offering once launched.
 */
export interface PropertyMarketFields {
  coverImageUrl: string | null;
  yieldBps: number | null;
  chain: PropertyChainInfo | null;
}

/** `PropertySummary` in the backend's OpenAPI document: what a search result carries. */
export interface PropertySummaryView {
  id: string;
  name: string;
  type: PropertyType;
  status: PropertyStatus;
  address: { city: string; region: string | null; country: string };
  coordinates: { latitude: number; longitude: number } | null;
  floorAreaSqm: string | null;
  bedrooms: number | null;
  currency: string;
  currentValuation: string | null;
  ownerId: string;
  managerId: string | null;
  createdAt: string;
  version: number;
}

export type PropertySummary = PropertySummaryView & PropertyMarketFields;

/** `PropertyDocument` in the backend's OpenAPI document. */
export interface PropertyDocument {
  id: string;
  propertyId: string;
  kind: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  anchoredOnChain?: boolean;
}

export interface LandTitle {
  id: string;
  propertyId: string;
  jurisdiction: string;
  titleNumber: string;
  parcelId: string;
  registryOffice: string;
  ownerOfRecord: string;
  tenure: string;
  leaseholdExpiresOn: string | null;
  areaSqm: string;
  documentId: string;
  documentSha256: string;
  status: "PENDING" | "VERIFIED" | "REJECTED";
  verifiedAt: string | null;
  rejectionReason: string | null;
  anchor: { chainId: number; txHash: string; anchoredAt: string } | null;
}

export interface Valuation {
  id: string;
  amount: string;
  currency: string;
  method: string;
  valuer: string;
  valuedOn: string;
}

export interface PropertyUnit {
  id: string;
  label: string;
  floorAreaSqm: string | null;
  bedrooms: number | null;
}

/** `PropertyDetail` in the backend's OpenAPI document. */
export interface PropertyDetail extends PropertyView, PropertyMarketFields {
  title: LandTitle | null;
  documents: PropertyDocument[];
  units: PropertyUnit[];
  recentValuations: Valuation[];
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
  /** public (the marketplace, the default), mine (the caller's own, every status), all (what the caller may see). */
  scope?: "public" | "mine" | "all";
  sort?: "createdAt" | "name" | "valuation";
  order?: "asc" | "desc";
  cursor?: string;
}

export interface DocumentMatch {
  kind: "land_title" | "property_document";
  propertyId: string | null;
  recordedAt: string;
  jurisdiction?: string;
  titleNumber?: string;
  titleStatus?: string;
  documentKind?: string;
  anchoredOnChain: boolean;
  anchor: { chainId: number; txHash: string; anchoredAt: string } | null;
}

/** `DocumentCheck` in the backend's OpenAPI document. */
export interface DocumentCheck {
  sha256: string;
  recorded: boolean;
  matches: DocumentMatch[];
}
