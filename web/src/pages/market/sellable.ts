/**
 * What the Sell form offers: every partition of every holding whose token still trades. A sold property's token is
 * closed for good by its exit (units are redeemed, never traded): it is named apart, with where to redeem (review
 * 2026-12-06 M2: its units were offered and the order refused as "paused... try again once trading resumes").
 */
import type { Holding } from "../portfolio/usePortfolio";

type Sellable = Pick<Holding, "token" | "closed" | "units" | "partitions">;

export function sellable<H extends Sellable>(holdings: readonly H[]) {
  return {
    options: holdings
      .filter((h) => !h.closed)
      .flatMap((h) => h.partitions.map((p) => ({ key: `${h.token}:${p.partition}`, h, p }))),
    sold: holdings.filter((h) => h.closed && h.units > 0n),
  };
}
