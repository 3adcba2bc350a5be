/**
 * A year of books and rent payouts, done the way the manager does it each month: on the 5th the month before is
 * drafted (its RENT line taken by the backend from the lease payments), its other lines and reserve entered and the
 * period closed; on the 6th its distributable cash is deposited on chain naming the closed statement's SHA-256
 * (`RentDistributor.deposit(token, amount, statementHash)`); on the 8th Bob claims his share, Alice every third
 * month (the last month's days are moved into the part of this month that has passed, timeline.ts payoutTimes). The chain's clock is moved to each of those days (a first start's chain begins in the past, timeline.ts);
 * on a chain that did not (hardhat node, a test's fresh anvil) the moves are skipped and it all happens now.
 */
import { DEMO, type DemoAccount } from "@freehold/dev-kit/accounts";
import { USD, type DemoChain } from "@freehold/dev-kit/demo-chain";
import type { ApiSession } from "./api.js";
import { monthlyReserve, monthLines, type BookKey } from "./books.js";
import { payoutTimes, unixSeconds, type Month } from "./timeline.js";

export interface ClosedPeriod {
  id: string;
  month: Month;
  /** Lowercase hex, no 0x (as the API gives it). */
  statementSha256: string;
  /** Cents of the property's currency. */
  distributable: bigint;
}

interface PeriodDetail {
  id: string;
  status: string;
  statementSha256: string | null;
  totals: { distributable: string };
  lines: { category: string; amount: string }[];
}

/** Drafts `m` for the property with its reserve, enters its lines (books.ts) and closes it: the statement's facts. */
export async function closeMonth(
  manager: ApiSession,
  propertyId: string,
  book: BookKey,
  m: Month,
): Promise<ClosedPeriod> {
  const draft = await manager.create<PeriodDetail>(`/properties/${propertyId}/financial-periods`, {
    year: m.year,
    month: m.month,
    reserveContribution: monthlyReserve(book).toString(),
  });
  const rent = draft.lines.filter((l) => l.category === "RENT").reduce((sum, l) => sum + BigInt(l.amount), 0n);
  for (const l of monthLines(book, m, rent))
    await manager.create(`/financial-periods/${draft.id}/lines`, { ...l, amount: l.amount.toString() });
  const path = `/financial-periods/${draft.id}`;
  const closed = await manager.versioned<PeriodDetail>(path, "POST", `${path}/close`);
  if (closed.status !== "CLOSED" || !closed.statementSha256)
    throw new Error(`period ${m.year}-${m.month} of ${propertyId} did not close: ${JSON.stringify(closed)}`);
  return {
    id: closed.id,
    month: m,
    statementSha256: closed.statementSha256,
    distributable: BigInt(closed.totals.distributable),
  };
}

/** The 6-decimal stablecoin amount of `cents` (the property's currency and its stablecoin at par). */
export const paymentUnitsOf = (cents: bigint): bigint => (cents * USD) / 100n;

/** Each month closed and paid out in turn (see the module comment); returns the periods and whether time moved. */
export async function payOutYear(
  chain: DemoChain,
  manager: { session: ApiSession; account: DemoAccount },
  property: { id: string; token: string; book: BookKey },
  months: readonly Month[],
  now: Date,
): Promise<{ periods: ClosedPeriod[]; inThePast: boolean }> {
  const periods: ClosedPeriod[] = [];
  let inThePast = true;
  for (const [i, m] of months.entries()) {
    const when = payoutTimes(m, now);
    const moved = await chain.moveClockTo(unixSeconds(when.close));
    inThePast &&= moved;
    const period = await closeMonth(manager.session, property.id, property.book, m);
    periods.push(period);
    await chain.moveClockTo(unixSeconds(when.deposit));
    // A month whose costs ate its income has nothing to pay out (the books here never do, but the rule is the rule).
    if (period.distributable === 0n) continue;
    await chain.depositRent(
      manager.account,
      property.token,
      paymentUnitsOf(period.distributable),
      `0x${period.statementSha256}`,
    );
    await chain.moveClockTo(unixSeconds(when.claim));
    await chain.claimRent(DEMO.bob, property.token);
    // Alice lets rent accumulate and claims quarterly; the last two months stay claimable (the investors guide).
    if (i % 3 === 0) await chain.claimRent(DEMO.alice, property.token);
  }
  return { periods, inThePast };
}
