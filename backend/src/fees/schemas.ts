/** The fee routes' shapes (issue 20): amounts in payment-token base units as strings, fees in basis points. */
import { z } from "zod";
import { dateTime, EthAddress } from "../core/schemas.ts";
import { FEE_KINDS } from "./service.ts";

const Amount = z.string().regex(/^\d+$/).meta({ description: "an amount in base units of the payment token" });
const FeeKindView = z.enum(FEE_KINDS).meta({
  id: "FeeKind",
  description:
    "PRIMARY: offering proceeds; RENT: management fee on rent distributed; TRADE: secondary trades; EXIT: sale proceeds",
});
const Bps = z.number().int().min(0).meta({ description: "basis points (100 = 1 %)" });

export const FeeScheduleView = z
  .object({
    at: z.iso.datetime().meta({
      description: "the time the fees in effect are given for: now, or the newest synced block's time if later",
    }),
    kinds: z.array(
      z.object({
        kind: FeeKindView,
        bps: Bps.meta({ description: "the fee in effect now (an announced increase counts from its effectiveAt on)" }),
        maxBps: Bps.meta({ description: "the hard maximum written in the fee contract" }),
        collector: EthAddress,
        pending: z.object({ bps: Bps, effectiveAt: z.iso.datetime() }).nullable().meta({
          description: "an announced increase and when it takes effect (at least 12 weeks after it was announced)",
        }),
      }),
    ),
    overrides: z
      .array(z.object({ kind: FeeKindView, token: EthAddress, propertyId: z.uuid().nullable(), bps: Bps }))
      .meta({ description: "properties with a lower fee of a kind (they pay the lower of this and the platform's)" }),
  })
  .meta({ id: "FeeSchedule" });

const Revenue = {
  kind: FeeKindView,
  paymentToken: EthAddress.nullable().meta({ description: "the ERC-20 the fees were paid in" }),
  amount: Amount,
  payments: z.number().int(),
};

export const FeeRevenueView = z
  .object({
    from: z.iso.datetime().nullable(),
    to: z.iso.datetime().nullable(),
    totals: z.array(z.object(Revenue)).meta({ description: "per kind and payment token" }),
    properties: z
      .array(
        z.object({
          propertyId: z.uuid().nullable(),
          propertyName: z.string().nullable(),
          token: EthAddress.meta({ description: "the property token the fees were charged on" }),
          ...Revenue,
        }),
      )
      .meta({ description: "per property token and kind" }),
  })
  .meta({ id: "FeeRevenue" });

export const FeeRevenueQuery = z
  .object({
    from: dateTime().optional().meta({ description: "fees paid at or after this time" }),
    to: dateTime().optional().meta({ description: "fees paid before this time" }),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), {
    message: "from must not be after to",
    path: ["to"],
  });
