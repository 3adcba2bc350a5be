/** The manager dashboard's reply: fiat in the property currency's minor units, proceeds in payment-token base units. */
import { z } from "zod";
import { EthAddress } from "../core/schemas.ts";

const Minor = z.string().meta({ description: "Minor units (cents) of the property's currency" });
const Month = z.string().meta({ description: "YYYY-MM" });

export const DashboardView = z
  .object({
    propertyId: z.uuid(),
    asOf: z.string().meta({ description: "The day the figures are computed for (UTC)" }),
    currency: z.string(),
    offering: z.object({
      raised: z.string().nullable().meta({
        description:
          "What subscribers paid (each at its own price, an invitation's or the public one) less refunds, in base units of the offering's own coin (paymentToken); null before a launch",
      }),
      decimals: z.number().int().nullable().meta({
        description:
          "The offering's coin's decimals, read on chain; null before a launch or when the coin did not answer",
      }),
      paymentToken: z
        .object({ address: EthAddress, symbol: z.string().nullable(), decimals: z.number().int().nullable() })
        .nullable()
        .meta({ description: "The coin the offering was launched with (its rent book's too)" }),
      unitsSold: z.string().nullable(),
      holders: z.number().int().meta({ description: "Wallets holding units of the governing token now" }),
    }),
    unitsTotal: z.number().int(),
    unitsLeased: z.number().int(),
    occupancyBps: z.number().int().nullable(),
    rentByMonth: z
      .array(z.object({ month: Month, contractedMinor: Minor, collectedMinor: Minor }))
      .meta({ description: "The last 12 months, oldest first: rent due (by due date) and net rent collected" }),
    noiTrend: z
      .array(
        z.object({
          periodId: z.uuid(),
          month: Month,
          noi: Minor,
          distributable: Minor,
          distributedMinor: Minor.nullable().meta({
            description:
              "What the deposit paid out, in minor units; null while unpaid or when its coin's decimals are unknown",
          }),
        }),
      )
      .meta({ description: "The latest 12 closed months (each month's latest restatement), oldest first" }),
    overdue: z.object({ entries: z.number().int(), outstandingMinor: Minor }),
    nextDistribution: z
      .object({ periodId: z.uuid(), month: Month, distributable: Minor })
      .nullable()
      .meta({ description: "The oldest closed month with cash to distribute that no deposit has paid out" }),
  })
  .meta({ id: "PropertyDashboard" });
