/** zod schemas of the performance view (they also produce its OpenAPI description). */
import { z } from "zod";
import { EthAddress } from "../core/schemas.ts";

/** An integer amount of payment-token base units, as a string (may be negative for gains). */
const BaseUnits = z.string().regex(/^-?\d+$/, "an integer amount of payment-token base units");
const CapitalReturned = BaseUnits.meta({
  description:
    "capital returned by approved refinances, counted when claimed (with the rent): it lowered the cost basis, any excess over the basis is in realizedGain; not income",
});
/** A payment coin, as the chain sync read it (symbol and decimals null when it did not answer, or was never read). */
const Coin = z.object({ address: EthAddress, symbol: z.string().nullable(), decimals: z.number().int().nullable() });
/** The one coin a line's amounts are in; null when they are in several (see coins), or unknown. */
const PaymentCoin = Coin.nullable().meta({
  description:
    "The coin the amounts are in: the token's offering coin, or the coin of the settlement orders it traded in. Null when they are in several coins (coins lists them: the amounts are then in the property's currency, one unit of each coin counted as one unit of the currency, no exchange rate), or when the token's offering terms are unknown",
});
const Coins = z.array(Coin).meta({
  description:
    "Every coin the amounts were paid in (a settlement order names its own coin, which may differ from the token's offering coin). One: the figures are that coin's (paymentToken). Several: the figures add amounts of these coins, each converted with its own decimals and counted 1:1 as the property's currency",
});
/** Which property token a line is about. */
const TokenOf = {
  propertyId: z.uuid().nullable(),
  propertyName: z.string().nullable(),
  currency: z.string().nullable(),
  token: EthAddress,
  symbol: z.string().nullable(),
};
const Rate = z.number().nullable().meta({ description: "annual rate as a fraction (0.08 = 8 %), null when undefined" });

export const PerformanceView = z
  .object({
    wallet: EthAddress,
    asOf: z.iso.datetime(),
    amountUnit: z.object({ description: z.string(), decimals: z.number().int() }).meta({
      description:
        "The unit of every amount of the reply: 10^-decimals of the position's currency. Each position's payment-coin base units are converted with that coin's own decimals (decimals is the most of any coin's, at least 2, so the conversion is exact)",
    }),
    positions: z.array(
      z.object({
        ...TokenOf,
        partition: z.string(),
        units: BaseUnits,
        ownershipPercent: z.string().nullable(),
        costBasis: BaseUnits.meta({
          description: "what the units held cost (average cost), less capital returned to the holder, down to zero",
        }),
        incomeReceived: BaseUnits.meta({ description: "rent claimed; capital returned is not income" }),
        realizedGain: BaseUnits.meta({
          description: "sales' proceeds less the cost basis they removed, plus capital returned beyond the cost basis",
        }),
        capitalReturned: CapitalReturned,
        pendingSubscription: BaseUnits,
        supply: BaseUnits.meta({
          description:
            "the token's units outstanding; after the property's sale the units outstanding at the close (ownershipPercent is of those)",
        }),
        navBasis: z.enum(["valuation", "sale"]).nullable().meta({
          description:
            "valuation: navPerUnit and valueAtNav are in the property's currency (latest approved valuation plus reserves less liabilities over the units outstanding, as GET /properties/{id}/nav); sale: the property's exit closed a sale, they are in the payment coin (what a unit and the units held redeem for); null: no NAV",
        }),
        navPerUnit: BaseUnits.nullable(),
        navValuedOn: z.iso.date().nullable().meta({ description: "the valuation's date, or the day the sale closed" }),
        valueAtNav: BaseUnits.nullable(),
        unrealizedGain: BaseUnits.nullable().meta({
          description:
            "valueAtNav less the cost basis; with navBasis valuation a property-currency value less a cost in the coin, one coin unit counted as one unit of the currency (the platform applies no exchange rate)",
        }),
        irr: Rate.meta({
          description:
            "annual rate as a fraction, null when undefined; after a sale the units still held count at what they redeem for (the final return once all are redeemed)",
        }),
        realizedProceeds: BaseUnits.meta({ description: "paid by the property's exit for the units redeemed" }),
        unredeemed: BaseUnits.nullable().meta({
          description:
            "after the property's sale: what the units still held redeem for (units x proceeds / supply at the close, rounded down); null before",
        }),
        paymentToken: PaymentCoin,
        coins: Coins,
      }),
    ),
    unpriced: z
      .array(
        z.object({
          ...TokenOf,
          units: BaseUnits,
          paymentToken: PaymentCoin.meta({
            description:
              "The coin whose decimals are unknown: the token's offering coin, or a coin one of its settlement orders was paid in",
          }),
        }),
      )
      .meta({
        description:
          "Tokens the wallet held or paid for with an amount in a coin of unknown decimals (it did not answer decimals(), or no stored offering pays in it): no amount of theirs can be stated, so they are not in positions, and are in no totals",
      }),
    totals: z
      .array(
        z.object({
          currency: z.string().nullable(),
          paymentToken: PaymentCoin,
          coins: Coins,
          costBasis: BaseUnits,
          incomeReceived: BaseUnits,
          realizedGain: BaseUnits,
          capitalReturned: CapitalReturned,
          valueAtNav: BaseUnits.nullable().meta({
            description:
              "the positions valued at NAV (navBasis valuation or none), in the property's currency; sold positions are in unredeemed",
          }),
          unredeemed: BaseUnits.nullable().meta({
            description: "what the units of sold properties still redeem for, in the coin; null when none is sold",
          }),
          unrealizedGain: BaseUnits.nullable(),
          irr: Rate,
        }),
      )
      .meta({
        description:
          "Per currency and payment coin: the positions whose amounts are in one coin, per coin (amounts of different coins are never added up under a coin's name); the positions whose amounts are in several coins, one total per currency with paymentToken null (in the currency, each coin counted 1:1); unpriced positions are in none",
      }),
  })
  .meta({ id: "Performance" });
