/**
 * The demo data's calendar (UTC): a year of history before today, so the books, the rent paid out and the demo
 * investors' statements have ended months to show. A first start begins its chain at `historyStart` (anvil's
 * genesis time); the seed then moves the chain's clock forward through the year (offering, then each month's
 * payout) and ends at the wall clock's now, so everything after the seed happens in the present.
 * No imports: `npm start` reads it before the contracts are compiled.
 */

/** A calendar month; `month` is 1 to 12. */
export interface Month {
  year: number;
  month: number;
}

/** The first day of the month thirteen months before `now`'s: the Harbour View offering runs in that month. */
export function historyStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 13, 1));
}

/** The twelve months before `now`'s month, oldest first: the periods the manager has closed. */
export function closedMonths(now: Date): Month[] {
  return Array.from({ length: 12 }, (_, i) => {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12 + i, 1));
    return { year: first.getUTCFullYear(), month: first.getUTCMonth() + 1 };
  });
}

/** `day` of the month `start` is in, at `hour` UTC (the offering's days). */
export function dayOf(start: Date, day: number, hour = 10): Date {
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), day, hour));
}

/** `day` of the month after `m`, at `hour` UTC. */
export function dayAfter(m: Month, day: number, hour = 10): Date {
  return new Date(Date.UTC(m.year, m.month, day, hour));
}

export interface PayoutTimes {
  /** The manager closes `m`'s books. */
  close: Date;
  /** Its distributable cash is deposited on chain. */
  deposit: Date;
  /** The holders claim. */
  claim: Date;
}

/**
 * When month `m` is closed, paid out and claimed: the 5th, 6th and 8th of the next month. For the month before
 * today's, when those days have not all come yet, the three are spread over the part of this month that has
 * passed: the chain's clock must never run ahead of the wall clock (the present begins where the seed ends).
 */
export function payoutTimes(m: Month, now: Date): PayoutTimes {
  const usual = { close: dayAfter(m, 5, 9), deposit: dayAfter(m, 6), claim: dayAfter(m, 8, 18) };
  if (usual.claim <= now) return usual;
  const start = dayAfter(m, 1, 0).getTime();
  const at = (quarter: number) => new Date(start + Math.floor(((now.getTime() - start) * quarter) / 4));
  return { close: at(1), deposit: at(2), claim: at(3) };
}

/** Unix seconds, as the chain counts time. */
export const unixSeconds = (date: Date): bigint => BigInt(Math.floor(date.getTime() / 1000));

/** A one-day vote (the shortest a governor allows), in seconds. */
export const SALE_VOTE_SECONDS = 86_400;

/**
 * When Quayside is sold (seed/votes.ts), in the month after `m` (the seed passes the ninth closed month): the sale is
 * proposed on the 12th (Alice votes at once), Bob votes on the 13th before the one-day vote ends, the vote is finalized
 * and the price deposited an hour after its end, and Bob redeems on the 16th; all between `m`'s payout (the 8th) and
 * the close of the month after (the 5th of the next).
 */
export function saleTimes(m: Month): { propose: Date; secondVote: Date; redeem: Date } {
  return { propose: dayAfter(m, 12, 10), secondVote: dayAfter(m, 13, 9), redeem: dayAfter(m, 16, 10) };
}
