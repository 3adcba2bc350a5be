/** Land title API schemas and presenters. */
import { z } from "zod";
import type { Encumbrance, LandTitle, TitleOwnershipRecord } from "../generated/prisma/client.ts";
import { Currency, DateOnly, Money, PositiveMoney, Sha256, Text, toDateOnly } from "../core/schemas.ts";

export const TENURES = ["FREEHOLD", "LEASEHOLD", "COMMONHOLD", "STRATA", "CUSTOMARY", "OTHER"] as const;
export const ENCUMBRANCE_KINDS = ["MORTGAGE", "LIEN", "EASEMENT", "COVENANT", "LEASE", "CAVEAT", "OTHER"] as const;

const Jurisdiction = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "ISO 3166-1 alpha-2, optionally with a subdivision (US-NY)");
const Area = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, "square metres as a decimal string")
  .refine((v) => Number(v) > 0, "must be greater than zero");

const TitleFields = {
  jurisdiction: Jurisdiction,
  titleNumber: Text(64),
  parcelId: Text(64),
  registryOffice: Text(200),
  tenure: z.enum(TENURES),
  leaseholdExpiresOn: DateOnly.nullable().optional(),
  areaSqm: Area,
  /** A TITLE_DEED document already uploaded to the property. */
  documentId: z.uuid(),
};

const leaseholdRule = (v: { tenure?: string | undefined; leaseholdExpiresOn?: string | null | undefined }) =>
  v.tenure !== "LEASEHOLD" || !!v.leaseholdExpiresOn;

export const CreateTitleBody = z
  .object({ ...TitleFields, ownerOfRecord: Text(200), acquiredOn: DateOnly, instrument: Text(120) })
  .strict()
  .refine(leaseholdRule, { message: "a leasehold title needs leaseholdExpiresOn", path: ["leaseholdExpiresOn"] });

export const UpdateTitleBody = z
  .object(
    Object.fromEntries(Object.entries(TitleFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof TitleFields]: z.ZodOptional<(typeof TitleFields)[K]>;
    },
  )
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to update");

export const RejectBody = z.object({ reason: Text(2_000) }).strict();

export const EncumbranceBody = z
  .object({
    kind: z.enum(ENCUMBRANCE_KINDS),
    holder: Text(200),
    description: Text(2_000),
    amount: PositiveMoney.optional(),
    currency: Currency.optional(),
    reference: z.string().trim().min(1).max(120).optional(),
    registeredOn: DateOnly,
  })
  .strict()
  .refine((v) => (v.amount === undefined) === (v.currency === undefined), {
    message: "amount and currency go together",
    path: ["currency"],
  });

export const ReleaseBody = z.object({ releasedOn: DateOnly }).strict();

export const TransferBody = z
  .object({ newOwner: Text(200), acquiredOn: DateOnly, instrument: Text(120), consideration: Money.optional() })
  .strict();

export const EncumbranceParams = z.object({ id: z.uuid(), encumbranceId: z.uuid() });

export const CheckQuery = z.object({ sha256: Sha256 }).strict();

export const EncumbranceView = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    holder: z.string(),
    description: z.string(),
    amount: z.string().nullable(),
    currency: z.string().nullable(),
    reference: z.string().nullable(),
    registeredOn: z.string(),
    releasedOn: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: "Encumbrance" });

export const OwnershipView = z
  .object({
    id: z.uuid(),
    owner: z.string(),
    acquiredOn: z.string(),
    disposedOn: z.string().nullable(),
    instrument: z.string(),
    consideration: z.string().nullable(),
  })
  .meta({ id: "TitleOwnershipRecord" });

export const TitleView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    jurisdiction: z.string(),
    titleNumber: z.string(),
    parcelId: z.string(),
    registryOffice: z.string(),
    ownerOfRecord: z.string(),
    tenure: z.string(),
    leaseholdExpiresOn: z.string().nullable(),
    areaSqm: z.string(),
    documentId: z.uuid(),
    documentSha256: z.string(),
    status: z.enum(["PENDING", "VERIFIED", "REJECTED"]),
    verifiedById: z.string().nullable(),
    verifiedAt: z.iso.datetime().nullable(),
    rejectionReason: z.string().nullable(),
    anchor: z.object({ chainId: z.number().int(), txHash: z.string(), anchoredAt: z.iso.datetime() }).nullable(),
    encumbrances: z.array(EncumbranceView).optional(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "LandTitle" });

export const DocumentMatch = z
  .object({
    kind: z.enum(["land_title", "property_document", "financial_statement", "investor_statement"]),
    propertyId: z.uuid().nullable(),
    recordedAt: z.iso.datetime(),
    jurisdiction: z.string().optional(),
    titleNumber: z.string().optional(),
    titleStatus: z.string().optional(),
    documentKind: z.string().optional(),
    /** An investor statement's period ("2026-03", "2026-Q1", "2026"): never whose it is nor any figure. */
    period: z.string().optional(),
    issuer: z.string().optional(),
    anchoredOnChain: z.boolean(),
    anchor: z.object({ chainId: z.number().int(), txHash: z.string(), anchoredAt: z.iso.datetime() }).nullable(),
  })
  .meta({ id: "DocumentMatch" });

export const DocumentCheckView = z
  .object({ sha256: z.string(), recorded: z.boolean(), matches: z.array(DocumentMatch) })
  .meta({ id: "DocumentCheck" });

export function presentEncumbrance(e: Encumbrance): z.infer<typeof EncumbranceView> {
  return {
    id: e.id,
    kind: e.kind,
    holder: e.holder,
    description: e.description,
    amount: e.amount?.toString() ?? null,
    currency: e.currency,
    reference: e.reference,
    registeredOn: toDateOnly(e.registeredOn) ?? "",
    releasedOn: toDateOnly(e.releasedOn),
    active: e.releasedOn === null,
  };
}

export function presentOwnership(o: TitleOwnershipRecord): z.infer<typeof OwnershipView> {
  return {
    id: o.id,
    owner: o.owner,
    acquiredOn: toDateOnly(o.acquiredOn) ?? "",
    disposedOn: toDateOnly(o.disposedOn),
    instrument: o.instrument,
    consideration: o.consideration?.toString() ?? null,
  };
}

export function anchorOf(t: Pick<LandTitle, "anchorChainId" | "anchorTxHash" | "anchoredAt">) {
  return t.anchorChainId !== null && t.anchorTxHash && t.anchoredAt
    ? { chainId: t.anchorChainId, txHash: t.anchorTxHash, anchoredAt: t.anchoredAt.toISOString() }
    : null;
}

export function presentTitle(t: LandTitle & { encumbrances?: Encumbrance[] }): z.infer<typeof TitleView> {
  return {
    id: t.id,
    propertyId: t.propertyId,
    jurisdiction: t.jurisdiction,
    titleNumber: t.titleNumber,
    parcelId: t.parcelId,
    registryOffice: t.registryOffice,
    ownerOfRecord: t.ownerOfRecord,
    tenure: t.tenure,
    leaseholdExpiresOn: toDateOnly(t.leaseholdExpiresOn),
    areaSqm: t.areaSqm.toString(),
    documentId: t.documentId,
    documentSha256: t.documentSha256,
    status: t.status,
    verifiedById: t.verifiedById,
    verifiedAt: t.verifiedAt?.toISOString() ?? null,
    rejectionReason: t.rejectionReason,
    anchor: anchorOf(t),
    ...(t.encumbrances ? { encumbrances: t.encumbrances.map(presentEncumbrance) } : {}),
    version: t.version,
    createdAt: t.createdAt.toISOString(),
  };
}
