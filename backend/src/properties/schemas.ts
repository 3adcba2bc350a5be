/** Property API schemas (validation + OpenAPI) and presenters. */
import { z } from "zod";
import type {
  Property,
  PropertyDocument,
  PropertyStatusChange,
  PropertyUnit,
  Valuation,
} from "../generated/prisma/client.ts";
import {
  Area,
  CountryCode,
  Currency,
  Cursor,
  EthAddress,
  Limit,
  Money,
  SmallCount,
  Text,
  toDateOnly,
} from "../core/schemas.ts";

export const PROPERTY_TYPES = [
  "RESIDENTIAL",
  "MULTIFAMILY",
  "COMMERCIAL",
  "INDUSTRIAL",
  "RETAIL",
  "HOSPITALITY",
  "MIXED_USE",
  "LAND",
] as const;
export const PROPERTY_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "VERIFIED",
  "TOKENIZED",
  "OFFERING",
  "CLOSED",
  "REFUNDING",
  "FUNDED",
  "EXITED",
  "REJECTED",
  "ARCHIVED",
] as const;
export const DOCUMENT_KINDS = [
  "IMAGE",
  "TITLE_DEED",
  "SURVEY",
  "INSPECTION",
  "VALUATION_REPORT",
  "INSURANCE",
  "PERMIT",
  "TAX",
  "OTHER",
] as const;

export const PropertyType = z.enum(PROPERTY_TYPES).meta({ id: "PropertyType" });
export const PropertyStatus = z.enum(PROPERTY_STATUSES).meta({ id: "PropertyStatus" });

const PropertyFields = {
  name: Text(200),
  description: z.string().trim().max(5_000).nullable().optional(),
  type: PropertyType,
  addressLine1: Text(200),
  addressLine2: z.string().trim().max(200).nullable().optional(),
  city: Text(120),
  region: z.string().trim().max(120).nullable().optional(),
  postalCode: z.string().trim().max(20).nullable().optional(),
  country: CountryCode,
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  landAreaSqm: Area.nullable().optional(),
  floorAreaSqm: Area.nullable().optional(),
  yearBuilt: z.number().int().min(1000).max(2100).nullable().optional(),
  floors: z.number().int().min(0).max(300).nullable().optional(),
  bedrooms: SmallCount.nullable().optional(),
  bathrooms: SmallCount.nullable().optional(),
  parkingSpaces: SmallCount.nullable().optional(),
  amenities: z.array(Text(60)).max(50).optional(),
};

const coordinatesTogether = (v: { latitude?: number | null | undefined; longitude?: number | null | undefined }) =>
  (v.latitude === undefined) === (v.longitude === undefined) && (v.latitude === null) === (v.longitude === null);

export const CreatePropertyBody = z
  .object({
    ...PropertyFields,
    currency: Currency,
    /** Defaults to the caller. Only admins may name another owner or manager. */
    ownerId: z.uuid().optional(),
    managerId: z.uuid().optional(),
  })
  .strict()
  .refine(coordinatesTogether, { message: "latitude and longitude go together", path: ["latitude"] });

export const UpdatePropertyBody = z
  .object(
    Object.fromEntries(Object.entries(PropertyFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof PropertyFields]: z.ZodOptional<(typeof PropertyFields)[K]>;
    },
  )
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to update")
  .refine(coordinatesTogether, { message: "latitude and longitude go together", path: ["latitude"] });

export const TransitionBody = z
  .object({ to: PropertyStatus, reason: z.string().trim().min(1).max(2_000).optional() })
  .strict();

/** A unit (what leases attach to): the manager's units form checks the same schema (@freehold/rules). */
export { UnitBody } from "@freehold/rules/leases";

export const DocumentUploadBody = z.object({ kind: z.enum(DOCUMENT_KINDS) }).strict();

export const SORTS = ["createdAt", "name", "valuation"] as const;

export const ListPropertiesQuery = z
  .object({
    status: PropertyStatus.optional(),
    type: PropertyType.optional(),
    country: CountryCode.optional(),
    city: z.string().trim().min(1).max(120).optional(),
    minValuation: Money.optional(),
    maxValuation: Money.optional(),
    q: z.string().trim().min(1).max(100).optional().meta({
      description:
        'Words in the name, city or description (full-text, case-insensitive): every word must occur as a whole word, the last one also as the start of a word ("lisb" finds Lisbon). Punctuation separates words; a text without letters or digits finds nothing.',
    }),
    ownerId: z.uuid().optional(),
    managerId: z.uuid().optional(),
    scope: z.enum(["public", "mine", "all"]).default("public").meta({
      description:
        "public (default): public properties only (verified onward, not archived), the same for everyone, signed in or not: the marketplace. mine: the caller's own properties (owner or manager) in every status (sign-in required). all: every property the caller may see (compliance officers and admins: all of them; others: public ones and their own).",
    }),
    sort: z.enum(SORTS).default("createdAt"),
    order: z.enum(["asc", "desc"]).default("desc"),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();

export const PropertyView = z
  .object({
    id: z.uuid(),
    ownerId: z.uuid(),
    managerId: z.uuid().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    type: PropertyType,
    status: PropertyStatus,
    address: z.object({
      line1: z.string(),
      line2: z.string().nullable(),
      city: z.string(),
      region: z.string().nullable(),
      postalCode: z.string().nullable(),
      country: z.string(),
    }),
    coordinates: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    specifications: z.object({
      landAreaSqm: z.string().nullable(),
      floorAreaSqm: z.string().nullable(),
      yearBuilt: z.number().nullable(),
      floors: z.number().nullable(),
      bedrooms: z.number().nullable(),
      bathrooms: z.number().nullable(),
      parkingSpaces: z.number().nullable(),
      amenities: z.array(z.string()),
    }),
    currency: z.string(),
    currentValuation: z.string().nullable(),
    statusChangedAt: z.iso.datetime(),
    statusChangedById: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Property" });

/** A launched property's token and offering as the chain sync saw them (chain_offerings). */
export const PropertyMarketChain = z
  .object({
    tokenAddress: EthAddress,
    tokenSymbol: z.string(),
    offeringAddress: EthAddress,
    pricePerUnit: z
      .string()
      .nullable()
      .meta({ description: "Base units of `paymentToken` per unit (null if the terms could not be read)" }),
    softCap: z.string().nullable(),
    hardCap: z.string().nullable(),
    unitsSold: z.string(),
    startTime: z.number().int().nullable().meta({ description: "Unix seconds" }),
    endTime: z.number().int().nullable().meta({ description: "Unix seconds" }),
    outcome: z.enum(["open", "finalized", "cancelled"]),
    paymentToken: z.object({ address: EthAddress, symbol: z.string(), decimals: z.number().int() }).nullable().meta({
      description:
        "The coin the offering was launched with (its prices and caps are its base units), symbol and decimals read on chain; null when they are unknown (the coin did not answer, or the terms could not be read)",
    }),
  })
  .meta({ id: "PropertyMarketChain" });

/** What a search result carries (the detail route has everything). */
export const PropertySummaryView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: PropertyType,
    status: PropertyStatus,
    address: z.object({ city: z.string(), region: z.string().nullable(), country: z.string() }),
    coordinates: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    floorAreaSqm: z.string().nullable(),
    bedrooms: z.number().nullable(),
    currency: z.string(),
    currentValuation: z.string().nullable(),
    ownerId: z.uuid(),
    managerId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int(),
    coverImageUrl: z.string().nullable().meta({ description: "Content URL of the property's first IMAGE document" }),
    yieldBps: z.number().int().nullable().meta({
      description:
        "Gross yield: annual contracted rent of ACTIVE leases in the property currency / current valuation x 10,000, rounded down (as in the rent summary); null without a valuation",
    }),
    chain: PropertyMarketChain.nullable().meta({
      description: "The property's latest offering on the configured chain, from the chain sync; null before launch",
    }),
  })
  .meta({ id: "PropertySummary" });

export const PropertyPage = z
  .object({ items: z.array(PropertySummaryView), nextCursor: z.string().nullable() })
  .meta({ id: "PropertyPage" });

/** The columns a summary needs; numerics as text (no Decimal objects on the hot path). */
export interface PropertySummaryRow {
  id: string;
  name: string;
  type: z.infer<typeof PropertyType>;
  status: z.infer<typeof PropertyStatus>;
  city: string;
  region: string | null;
  country: string;
  latitude: string | null;
  longitude: string | null;
  floorAreaSqm: string | null;
  bedrooms: number | null;
  currency: string;
  currentValuation: string | null;
  ownerId: string;
  managerId: string | null;
  createdAt: Date;
  version: number;
  coverImageUrl: string | null;
  yieldBps: number | null;
  chain: z.infer<typeof PropertyMarketChain> | null;
}

export function presentSummary(p: PropertySummaryRow): z.infer<typeof PropertySummaryView> {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    status: p.status,
    address: { city: p.city, region: p.region, country: p.country },
    coordinates:
      p.latitude !== null && p.longitude !== null
        ? { latitude: Number(p.latitude), longitude: Number(p.longitude) }
        : null,
    floorAreaSqm: p.floorAreaSqm,
    bedrooms: p.bedrooms,
    currency: p.currency,
    currentValuation: p.currentValuation,
    ownerId: p.ownerId,
    managerId: p.managerId,
    createdAt: p.createdAt.toISOString(),
    version: p.version,
    coverImageUrl: p.coverImageUrl,
    yieldBps: p.yieldBps,
    chain: p.chain,
  };
}

export const ValuationView = z
  .object({
    id: z.uuid(),
    amount: z.string(),
    currency: z.string(),
    method: z.string(),
    valuer: z.string(),
    valuedOn: z.string(),
    reportSha256: z.string().nullable(),
    recordedById: z.uuid(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Valuation" });

export const DocumentView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    kind: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedById: z.uuid(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "PropertyDocument" });

export const UnitView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    label: z.string(),
    floorAreaSqm: z.string().nullable(),
    bedrooms: z.number().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "PropertyUnit" });

export const StatusChangeView = z
  .object({
    id: z.uuid(),
    from: PropertyStatus,
    to: PropertyStatus,
    actorId: z.uuid().nullable().meta({
      description:
        "who moved it; null when the chain sync moved it from the synced events (the reason names the chain fact)",
    }),
    reason: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: "PropertyStatusChange" });

const dec = (v: { toString(): string } | null): string | null => (v === null ? null : v.toString());

export function presentProperty(p: Property): z.infer<typeof PropertyView> {
  return {
    id: p.id,
    ownerId: p.ownerId,
    managerId: p.managerId,
    name: p.name,
    description: p.description,
    type: p.type,
    status: p.status,
    address: {
      line1: p.addressLine1,
      line2: p.addressLine2,
      city: p.city,
      region: p.region,
      postalCode: p.postalCode,
      country: p.country,
    },
    coordinates:
      p.latitude !== null && p.longitude !== null
        ? { latitude: Number(p.latitude), longitude: Number(p.longitude) }
        : null,
    specifications: {
      landAreaSqm: dec(p.landAreaSqm),
      floorAreaSqm: dec(p.floorAreaSqm),
      yearBuilt: p.yearBuilt,
      floors: p.floors,
      bedrooms: p.bedrooms,
      bathrooms: p.bathrooms,
      parkingSpaces: p.parkingSpaces,
      amenities: p.amenities,
    },
    currency: p.currency,
    currentValuation: dec(p.currentValuation),
    statusChangedAt: p.statusChangedAt.toISOString(),
    statusChangedById: p.statusChangedById,
    rejectionReason: p.rejectionReason,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentValuation(v: Valuation): z.infer<typeof ValuationView> {
  return {
    id: v.id,
    amount: v.amount.toString(),
    currency: v.currency,
    method: v.method,
    valuer: v.valuer,
    valuedOn: toDateOnly(v.valuedOn) ?? "",
    reportSha256: v.reportSha256,
    recordedById: v.recordedById,
    createdAt: v.createdAt.toISOString(),
  };
}

export function presentDocument(d: PropertyDocument): z.infer<typeof DocumentView> {
  return {
    id: d.id,
    propertyId: d.propertyId,
    kind: d.kind,
    fileName: d.fileName,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    uploadedById: d.uploadedById,
    createdAt: d.createdAt.toISOString(),
  };
}

export function presentUnit(u: PropertyUnit): z.infer<typeof UnitView> {
  return {
    id: u.id,
    propertyId: u.propertyId,
    label: u.label,
    floorAreaSqm: dec(u.floorAreaSqm),
    bedrooms: u.bedrooms,
    createdAt: u.createdAt.toISOString(),
  };
}

export function presentStatusChange(c: PropertyStatusChange): z.infer<typeof StatusChangeView> {
  return { id: c.id, from: c.from, to: c.to, actorId: c.actorId, reason: c.reason, at: c.at.toISOString() };
}
