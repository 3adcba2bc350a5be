/**
 * Whether a property is sold (issue 19): the backend's status `EXITED` once its sync follows exits, or, until then
 * and whatever the sync's lag, the chain's own fact that the sale's proceeds were deposited (the token closed).
 */
export function isSold(status: string, proceedsDeposited: boolean): boolean {
  return status === "EXITED" || proceedsDeposited;
}

export const SOLD_BADGE = { label: "Sold", tone: "neutral" } as const;
