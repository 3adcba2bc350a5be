/**
 * Holder votes and a sale (issue 19), done the way the manager and the holders do them on chain:
 * - Quayside Warehouses, bought by Alice and Bob with Harbour View's offering, is sold by their vote three months
 *   before today: the manager launches its governor (a one-day vote, the shortest the factory allows, so the seed's
 *   moved clock lets it end) and proposes the sale; both vote for; the vote is finalized; the manager launches the
 *   exit and deposits the buyer's price (the token closes for good); Bob redeems his units, Alice has not yet.
 * - Harbour View has a vote open now: a capital expenditure (roof and lift) proposed by the manager for a week, Bob has
 *   voted for, Alice has not voted yet.
 * On a chain that started now (its clock cannot go back to the sale's dates), the sale's vote would end ahead of the
 * wall clock, which the chain's clock never passes: the vote is left open, and the seed says so.
 */
import { DEMO } from "@freehold/dev-kit/accounts";
import { demoStatementHash, PROPOSAL_KIND, USD, VOTE, type DemoChain } from "@freehold/dev-kit/demo-chain";
import { SALE_VOTE_SECONDS, saleTimes, unixSeconds, type Month } from "./timeline.js";

const DAY = 86_400;

export interface SaleSummary {
  governor: string;
  proposalId: string;
  /** Absent when the vote could not end before now (a chain that started now: the vote stays open). */
  exit?: string;
  /** The holders who redeemed (Bob); the others (Alice) still can. */
  redeemed: string[];
}

export interface OpenVoteSummary {
  governor: string;
  proposalId: string;
  endsAt: string;
}

/** The sale's minimum price and the buyer's (test USD): bought at 600,000, the building sells for more. */
export const QUAYSIDE_SALE = { minimum: 700_000n * USD, price: 720_000n * USD };

/** Quayside's sale at its dates (timeline.ts saleTimes): vote, finalization, exit, deposit, Bob's redemption. */
export async function sellByVote(chain: DemoChain, token: string, month: Month): Promise<SaleSummary> {
  const when = saleTimes(month);
  await chain.moveClockTo(unixSeconds(when.propose));
  const governor = await chain.launchGovernor(DEMO.manager, token, {
    votingPeriod: SALE_VOTE_SECONDS,
    quorumBps: 5_000,
    approvalBps: 6_000,
    proposerThreshold: 0n,
  });
  const proposalId = await chain.propose(DEMO.manager, governor, {
    kind: PROPOSAL_KIND.sale,
    amount: QUAYSIDE_SALE.minimum,
    documentHash: demoStatementHash("Quayside Warehouses: offer to purchase and sale memorandum"),
  });
  await chain.castVote(DEMO.alice, governor, proposalId, VOTE.for);
  await chain.moveClockTo(unixSeconds(when.secondVote));
  await chain.castVote(DEMO.bob, governor, proposalId, VOTE.for);
  const sale: SaleSummary = { governor, proposalId: proposalId.toString(), redeemed: [] };
  // Finalized an hour after the vote ended. On a chain that started now the vote began now too, and its end lies
  // ahead of the wall clock, where the chain's clock must never go (timeline.ts): the vote then stays open.
  const finalizeAt = (await chain.proposalEnd(governor, proposalId)) + 3_600n;
  if (finalizeAt > unixSeconds(new Date()) || !(await chain.moveClockTo(finalizeAt))) return sale;
  if (!(await chain.finalizeProposal(DEMO.manager, governor, proposalId)))
    throw new Error(`the holders' vote on Quayside's sale (proposal ${proposalId}) was not approved`);
  const exit = await chain.launchExit(DEMO.manager, token);
  await chain.depositProceeds(DEMO.manager, exit, proposalId, QUAYSIDE_SALE.price);
  await chain.moveClockTo(unixSeconds(when.redeem));
  await chain.redeem(DEMO.bob, exit);
  return { ...sale, exit, redeemed: [DEMO.bob.address] };
}

/** Harbour View's open vote (now, for a week): the manager proposes a capital expenditure, Bob votes for. */
export async function openVote(chain: DemoChain, token: string): Promise<OpenVoteSummary> {
  const governor = await chain.launchGovernor(DEMO.manager, token, {
    votingPeriod: 7 * DAY,
    quorumBps: 3_000,
    approvalBps: 6_000,
    proposerThreshold: 100n,
  });
  const proposalId = await chain.propose(DEMO.manager, governor, {
    kind: PROPOSAL_KIND.capitalExpenditure,
    amount: 45_000n * USD,
    documentHash: demoStatementHash("Harbour View Residences: roof and lift renewal, contractor's quote"),
  });
  await chain.castVote(DEMO.bob, governor, proposalId, VOTE.for);
  const endsAt = new Date(Number(await chain.proposalEnd(governor, proposalId)) * 1000).toISOString();
  return { governor, proposalId: proposalId.toString(), endsAt };
}
