/**
 * The demo's money terms, in one place so a test can hold them to account (local.test.ts, "the demo's offerings and
 * fees"): each tokenized property's offering (its units at their price are the building at the valuation in force when
 * it launched: the holders own all of it, so NAV per unit and the price mean the same thing), and the platform's fees
 * the demo's admin sets (seed/fees.ts), which the web app shows wherever money moves.
 * The property's currency (EUR) and the test USD are taken at par, as everywhere in the demo (history.ts).
 */
import { USD, type LaunchTerms } from "@freehold/dev-kit/demo-chain";

export interface DemoOffering {
  /** The key of the property (scenario.ts PROPERTIES). */
  property: string;
  /**
   * When it launched: "history" in the first month of the demo's year (after the appraisal on the 3rd, so the
   * appraisal is in force), "now" at the end of the seed (the newer valuation, 40 days old, is in force).
   */
  launched: "history" | "now";
  terms: LaunchTerms;
}

export const DEMO_OFFERINGS = {
  harbour: {
    property: "harbour",
    launched: "history",
    // The whole building in 1,000 units at its appraisal (1.55 M).
    terms: {
      name: "Harbour View Residences",
      symbol: "HRBV",
      pricePerUnit: 1_550n * USD,
      softCap: 500n,
      hardCap: 1_000n,
      minTicket: 10n,
      maxTicket: 800n,
      days: 14,
    },
  },
  quay: {
    property: "quay",
    launched: "history",
    // 600 units at its appraisal (600,000), like Harbour View's.
    terms: {
      name: "Quayside Warehouses",
      symbol: "QUAY",
      pricePerUnit: 1_000n * USD,
      softCap: 300n,
      hardCap: 600n,
      minTicket: 10n,
      maxTicket: 400n,
      days: 14,
    },
  },
  canal: {
    property: "canal",
    launched: "now",
    // The building at its newer valuation (3.6 M) in 36,000 units of 100: small tickets for many investors. The
    // offering succeeds at 30 % (10,800 units); one investor takes at most 2,000 units (200,000).
    terms: {
      name: "Canal Street Lofts",
      symbol: "CANAL",
      pricePerUnit: 100n * USD,
      softCap: 10_800n,
      hardCap: 36_000n,
      minTicket: 5n,
      maxTicket: 2_000n,
      days: 30,
    },
  },
} as const satisfies Record<string, DemoOffering>;
