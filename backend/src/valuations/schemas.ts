/** Valuation API schemas (validation + OpenAPI) and presenters. */
import { z } from "zod";
import type { Valuation } from "../generated/prisma/client.ts";
import { Currency, Cursor, DateOnly, Limit, Money, PositiveMoney, Sha256, Text, toDateOnly } from "../core/schemas.ts";

/** The approach the valuer used. */
export const VALUATION_METHODS = [
  "APPRAISAL",
  "BROKER_OPINION",
  "AUTOMATED",
  "PURCHASE_PRICE",
  "INCOME_APPROACH",
] as const;
/** Who produced the value. */
export const VALUATION_KINDS = ["APPRAISAL", "BROKER_OPINION", "AUTOMATED", "INTERNAL"] as const;
export const VALUATION_STATUSES = ["RECORDED", "APPROVED", "REJECTED"] as const;

/** The kind a valuation recorded without one gets: the method's own, or INTERNAL for the platform's approaches. */
export const KIND_OF_METHOD: Record<(typeof VALUATION_METHODS)[number], (typeof VALUATION_KINDS)[number]> = {
  APPRAISAL: "APPRAISAL",
  BROKER_OPINION: "BROKER_OPINION",
  AUTOMATED: "AUTOMATED",
  PURCHASE_PRICE: "INTERNAL",
  INCOME_APPROACH: "INTERNAL",
};

export const ValuationBody = z
  .object({
    amount: PositiveMoney,
    currency: Currency,
    method: z.enum(VALUATION_METHODS),
    kind: z.enum(VALUATION_KINDS).optional().meta({
      description: "Who produced the value; by default the method's (INTERNAL for a purchase price or income approach)",
    }),
    valuer: Text(200),
    valuedOn: DateOnly,
    liabilities: Money.default("0").meta({
      description: "The property's liabilities as of the valuation date (loans, payables), subtracted in NAV",
    }),
    documentId: z.uuid().optional().meta({
      description:
        "The supporting report, uploaded first as a document of the property; its SHA-256 is anchored on the token when the valuation is approved",
    }),
    reportSha256: Sha256.optional(),
  })
  .strict();

export const ApproveBody = z.object({ reason: z.string().trim().min(1).max(2_000).optional() }).strict();
export const RejectBody = z.object({ reason: Text(2_000, "Say why the valuation is rejected.") }).strict();

export const ValuationRecordView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    kind: z.enum(VALUATION_KINDS),
    method: z.enum(VALUATION_METHODS),
    amount: z.string(),
    currency: z.string(),
    valuer: z.string(),
    valuedOn: z.string(),
    liabilities: z.string(),
    documentId: z.uuid().nullable(),
    reportSha256: z.string().nullable(),
    status: z.enum(VALUATION_STATUSES),
    recordedById: z.uuid(),
    decidedById: z.uuid().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ValuationRecord" });

export function presentValuationRecord(v: Valuation): z.infer<typeof ValuationRecordView> {
  return {
    id: v.id,
    propertyId: v.propertyId,
    kind: v.kind,
    method: v.method,
    amount: v.amount.toFixed(2),
    currency: v.currency,
    valuer: v.valuer,
    valuedOn: toDateOnly(v.valuedOn) ?? "",
    liabilities: v.liabilities.toFixed(2),
    documentId: v.documentId,
    reportSha256: v.reportSha256,
    status: v.status,
    recordedById: v.recordedById,
    decidedById: v.decidedById,
    decidedAt: v.decidedAt?.toISOString() ?? null,
    decisionReason: v.decisionReason,
    createdAt: v.createdAt.toISOString(),
  };
}

export const NavView = z
  .object({
    propertyId: z.uuid(),
    currency: z.string(),
    valuationId: z.uuid().meta({ description: "The latest approved valuation the figures are as of" }),
    valuedOn: z.string(),
    valuation: z.string(),
    cashReserves: z.string(),
    reservesSource: z.enum(["none", "period"]).meta({
      description:
        "Where the cash reserves come from: period = the reserve contributions of the property's closed financial periods (each month's latest restatement), summed up to the latest closed month; none (0) while no period is closed",
    }),
    reservesPeriodId: z
      .uuid()
      .nullable()
      .meta({ description: "The latest closed period the reserves are as of (its month's highest sequence)" }),
    reservesMonth: z.string().nullable().meta({ description: "That period's month, YYYY-MM" }),
    liabilities: z.string(),
    units: z.string().meta({ description: "Tokens outstanding (the token's total supply from the chain sync)" }),
    nav: z.string(),
    perUnit: z.string().nullable().meta({
      description:
        "NAV / units rounded down to the cent, in the property's currency; null while no token is outstanding, and once the property is sold (then `sale` says what a unit is worth)",
    }),
    sale: z
      .object({
        closedAt: z.iso.datetime(),
        proceeds: z.string().meta({ description: "What the exit shares out, base units of paymentToken" }),
        supplyAtClose: z.string().meta({ description: "The units outstanding when the sale closed" }),
        perUnit: z.string().meta({
          description:
            "What one unit redeems for: proceeds / supplyAtClose rounded down, as the exit pays (base units of paymentToken)",
        }),
        paymentToken: z
          .object({ address: z.string(), symbol: z.string().nullable(), decimals: z.number().int().nullable() })
          .nullable()
          .meta({ description: "The coin the exit pays in (the token's payment coin); decimals null when unknown" }),
      })
      .nullable()
      .meta({
        description:
          "Once the property's exit closed a sale: each unit is worth what it redeems for, no longer its valuation's NAV",
      }),
  })
  .meta({ id: "PropertyNav" });

export const ValuationQueueQuery = z.object({
  status: z.enum(VALUATION_STATUSES).optional().meta({ description: "RECORDED for the review queue; all without" }),
  limit: Limit,
  cursor: Cursor,
});

export const ValuationQueuePage = z
  .object({
    items: z.array(ValuationRecordView.extend({ propertyName: z.string() }).meta({ id: "ValuationQueueItem" })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "ValuationQueuePage" });

export function presentQueueItem(v: Valuation & { property: { name: string } }) {
  return { ...presentValuationRecord(v), propertyName: v.property.name };
}
