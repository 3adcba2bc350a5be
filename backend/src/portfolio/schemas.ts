/** zod schemas of the performance view (they also produce its OpenAPI description). */
import { z } from "zod";
import { EthAddress } from "../core/schemas.ts";

/** An integer amount of payment-token base units, as a string (may be negative for gains). */
const BaseUnits = z.string().regex(/^-?\d+$/, "an integer amount of payment-token base units");
const Rate = z.number().nullable().meta({ description: "annual rate as a fraction (0.08 = 8 %), null when undefined" });

export const PerformanceView = z
  .object({
    wallet: EthAddress,
    asOf: z.iso.datetime(),
    amountUnit: z.object({ description: z.string(), decimals: z.number().int() }),
    positions: z.array(
      z.object({
        propertyId: z.uuid().nullable(),
        propertyName: z.string().nullable(),
        currency: z.string().nullable(),
        token: EthAddress,
        symbol: z.string().nullable(),
        partition: z.string(),
        units: BaseUnits,
        supply: BaseUnits,
        ownershipPercent: z.string().nullable(),
        costBasis: BaseUnits,
        incomeReceived: BaseUnits,
        realizedGain: BaseUnits,
        pendingSubscription: BaseUnits,
        navPerUnit: BaseUnits.nullable(),
        navValuedOn: z.iso.date().nullable(),
        valueAtNav: BaseUnits.nullable(),
        unrealizedGain: BaseUnits.nullable(),
        irr: Rate.meta({
          description:
            "annual rate as a fraction, null when undefined; after a sale the units still held count at what they redeem for (the final return once all are redeemed)",
        }),
        realizedProceeds: BaseUnits.meta({ description: "paid by the property's exit for the units redeemed" }),
        unredeemed: BaseUnits.nullable().meta({
          description:
            "after the property's sale: what the units still held redeem for (units x proceeds / supply at the close, rounded down); null before",
        }),
      }),
    ),
    totals: z.array(
      z.object({
        currency: z.string().nullable(),
        costBasis: BaseUnits,
        incomeReceived: BaseUnits,
        realizedGain: BaseUnits,
        valueAtNav: BaseUnits.nullable(),
        unrealizedGain: BaseUnits.nullable(),
        irr: Rate,
      }),
    ),
  })
  .meta({ id: "Performance" });
