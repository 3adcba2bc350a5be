/** The sentence a person reads for each figure; the web shows them verbatim next to the number. */
export const METRICS = {
  grossYield: {
    label: "Gross yield",
    definition: "The rent the current leases contract for a year, divided by the property's latest approved valuation.",
  },
  netYield: {
    label: "Net yield",
    definition:
      "The net operating income of the last twelve months (income less operating expenses), divided by the property's latest approved valuation.",
  },
  capRate: {
    label: "Cap rate",
    definition: "The net operating income of the last twelve months, divided by the price the property was bought for.",
  },
  occupancy: {
    label: "Occupancy",
    definition: "The share of the property's units under a lease today.",
  },
  navPerUnit: {
    label: "NAV per unit",
    definition:
      "Net asset value per token: the latest approved valuation plus cash reserves, less liabilities, divided by the tokens outstanding, rounded down to the cent.",
  },
  noi: {
    label: "Net operating income",
    definition:
      "What the property earned in the period less what it cost to run (management, maintenance, utilities, insurance, tax, fees); capital expenditure is not included.",
  },
  distributable: {
    label: "Distributable cash",
    definition:
      "Net operating income less capital expenditure and the contribution to reserves: what the period can pay to holders (never below zero).",
  },
  costBasis: {
    label: "Cost basis",
    definition:
      "What you paid for the tokens you still hold, at their average cost, less capital returned to you: a sale removes cost in proportion to the tokens sold.",
  },
  capitalReturned: {
    label: "Capital returned",
    definition:
      "Capital the property paid back to you (a refinance's), counted when you claimed it: it lowers your cost basis, down to zero, and any amount beyond that is a realized gain. It is not income.",
  },
  unrealizedGain: {
    label: "Unrealized gain",
    definition: "What your tokens are worth at the latest NAV per unit, less their cost basis.",
  },
  irr: {
    label: "IRR",
    definition:
      "Your annual return, counting when each payment, sale and rent payment happened, with your tokens valued at the latest NAV per unit today.",
  },
} as const satisfies Record<string, { label: string; definition: string }>;

export type MetricName = keyof typeof METRICS;
