/** Financial period API schemas and presenters. Amounts are integer minor units of the period's currency, as strings. */
import { z } from "zod";
import { EXPENSE_CATEGORIES, INCOME_CATEGORIES } from "@freehold/finance";
import type { FinancialLine, FinancialPeriod } from "../generated/prisma/client.ts";
import { Sha256 } from "../core/schemas.ts";
import type { PeriodDistribution } from "./distributions.ts";

export const LINE_TYPES = ["INCOME", "EXPENSE"] as const;
export const CATEGORIES = [...INCOME_CATEGORIES, ...EXPENSE_CATEGORIES] as const;
export const PERIOD_KINDS = ["MONTH", "ADJUSTMENT"] as const;
export const PERIOD_STATUSES = ["DRAFT", "CLOSED"] as const;
export const LINE_SOURCES = ["MANUAL", "LEASE_PAYMENTS"] as const;

/** Whole minor units (cents for EUR), at most 15 digits so any period's sums stay far inside a bigint column. */
export const MAX_LINE_MINOR_UNITS = 10n ** 15n - 1n;

/** A decimal string with two decimals ("1234.50") as minor units (123450n). */
export function toMinor(amount: string): bigint {
  const [whole = "0", cents = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, "0").slice(0, 2));
}
export const MinorUnits = z
  .string()
  .regex(/^\d{1,15}$/, "A whole number of minor units (cents), for example 125000.")
  .meta({ example: "125000" });

const PositiveMinorUnits = MinorUnits.refine((v) => BigInt(v) > 0n, {
  message: "The amount must be more than zero.",
  when: (payload) => payload.issues.length === 0,
});

export const PeriodParams = z.object({ id: z.uuid() });
export const LineParams = z.object({ id: z.uuid(), lineId: z.uuid() });

export const CreatePeriodBody = z
  .object({
    year: z.number().int().min(2000).max(9999),
    month: z.number().int().min(1).max(12),
    reserveContribution: MinorUnits.default("0"),
  })
  .strict();

export const UpdatePeriodBody = z.object({ reserveContribution: MinorUnits }).strict();

/** The adjustment starts from the corrected period's lines and reserve unless a new reserve is given. */
export const CreateAdjustmentBody = z.object({ reserveContribution: MinorUnits.optional() }).strict();

const lineFields = {
  type: z.enum(LINE_TYPES),
  category: z.enum(CATEGORIES),
  description: z.string().trim().min(1, "Describe the line.").max(500, "At most 500 characters."),
  amount: PositiveMinorUnits,
  supportingDocumentId: z.uuid().nullable().optional(),
};

/** A category must belong to its type's list (RENT is INCOME, MAINTENANCE is EXPENSE...). */
function categoryOfType(line: { type?: string; category?: string }): boolean {
  if (!line.type || !line.category) return true;
  const list: readonly string[] = line.type === "INCOME" ? INCOME_CATEGORIES : EXPENSE_CATEGORIES;
  return list.includes(line.category);
}

const categoryIssue = { message: "The category is not one of this type's categories.", path: ["category"] };

export const LineBody = z.object(lineFields).strict().refine(categoryOfType, categoryIssue);

export const UpdateLineBody = z
  .object({
    type: lineFields.type.optional(),
    category: lineFields.category.optional(),
    description: lineFields.description.optional(),
    amount: lineFields.amount.optional(),
    supportingDocumentId: lineFields.supportingDocumentId,
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one field." })
  .refine((v) => (v.type === undefined) === (v.category === undefined), {
    message: "Send type and category together.",
    path: ["category"],
  })
  .refine(categoryOfType, categoryIssue);

export const TotalsView = z
  .object({
    totalIncome: z.string(),
    operatingExpenses: z.string(),
    capitalExpenditure: z.string(),
    noi: z.string(),
    reserveContribution: z.string(),
    distributable: z.string(),
    shortfall: z.string(),
  })
  .meta({ id: "FinancialTotals", description: "periodResult of @freehold/finance, in minor units" });

export const LineView = z
  .object({
    id: z.uuid(),
    periodId: z.uuid(),
    type: z.enum(LINE_TYPES),
    category: z.enum(CATEGORIES),
    description: z.string(),
    amount: z.string(),
    source: z.enum(LINE_SOURCES),
    supportingDocumentId: z.uuid().nullable(),
    supportingDocumentSha256: Sha256.nullable(),
  })
  .meta({ id: "FinancialLine" });

export const DistributionView = z
  .object({
    amount: z.string().meta({
      description: "Base units deposited, of the coin the property token's rent book pays in (its offering's)",
    }),
    decimals: z.number().int().nullable().meta({
      description: "That coin's decimals, read on chain; null when it did not answer (amount's unit unknown)",
    }),
    txHash: z.string(),
    blockTime: z.iso.datetime(),
    distributedMinor: z.string().nullable().meta({
      description:
        "The amount in the property currency's minor units, rounded down, converted with the coin's own decimals; null when they are unknown",
    }),
  })
  .meta({ id: "PeriodDistribution" });

export const PeriodView = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    kind: z.enum(PERIOD_KINDS),
    year: z.number().int(),
    month: z.number().int(),
    sequence: z.number().int(),
    correctsId: z.uuid().nullable(),
    currency: z.string(),
    status: z.enum(PERIOD_STATUSES),
    reserveContribution: z.string(),
    totals: TotalsView,
    closedAt: z.iso.datetime().nullable(),
    statementSha256: Sha256.nullable(),
    version: z.number().int(),
    distribution: DistributionView.nullable().meta({
      description: "The on-chain rent deposit that paid out this closed period's statement; null while unpaid",
    }),
    distributedMinor: z.string().nullable().meta({
      description:
        "What was distributed, in the property currency's minor units (compare with totals.distributable); null while unpaid or when the coin's decimals are unknown (see distribution)",
    }),
  })
  .meta({ id: "FinancialPeriod" });

export const PeriodDetailView = PeriodView.extend({
  closedById: z.uuid().nullable(),
  lines: z.array(LineView),
}).meta({ id: "FinancialPeriodDetail" });

export type Totals = z.infer<typeof TotalsView>;

export function presentLine(l: FinancialLine): z.infer<typeof LineView> {
  return {
    id: l.id,
    periodId: l.periodId,
    type: l.type,
    category: l.category,
    description: l.description,
    amount: l.amount.toString(),
    source: l.source,
    supportingDocumentId: l.supportingDocumentId,
    supportingDocumentSha256: l.supportingDocumentSha256,
  };
}

export function presentPeriod(
  p: FinancialPeriod,
  totals: Totals,
  distribution: PeriodDistribution | null = null,
): z.infer<typeof PeriodView> {
  return {
    id: p.id,
    propertyId: p.propertyId,
    kind: p.kind,
    year: p.year,
    month: p.month,
    sequence: p.sequence,
    correctsId: p.correctsId,
    currency: p.currency,
    status: p.status,
    reserveContribution: p.reserveContribution.toString(),
    totals,
    closedAt: p.closedAt?.toISOString() ?? null,
    statementSha256: p.statementSha256,
    version: p.version,
    distribution,
    distributedMinor: distribution?.distributedMinor ?? null,
  };
}

export function presentPeriodDetail(
  p: FinancialPeriod & { lines: FinancialLine[] },
  totals: Totals,
  distribution: PeriodDistribution | null = null,
): z.infer<typeof PeriodDetailView> {
  return { ...presentPeriod(p, totals, distribution), closedById: p.closedById, lines: p.lines.map(presentLine) };
}
