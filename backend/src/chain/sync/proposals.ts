/**
 * Holder votes (issue 19) as the sync stored them: a token's governor (the chain_contracts row its GovernorLaunched
 * event added) with its launch terms, and its proposals read from its stored events. Nothing is kept beside the
 * events, so a rollback (which deletes the events and the discovery past the fork) leaves nothing to correct.
 *
 * Tallies: the latest VoteCast of each identity on the proposal counts. The governor emits VoteWithdrawn for the
 * earlier vote right before the VoteCast that replaces it, so this equals the sum of VoteCast minus VoteWithdrawn,
 * and the contract's own tally (`proposal(id)`); votes end at the end time, so it is also the tally finalize records.
 */
import { getAddress } from "viem";
import type { Db } from "../../db/client.ts";

/** `ProposalKind` of IPropertyGovernor.sol, in its order (the event carries the index). */
export const PROPOSAL_KINDS = ["sale", "refinance", "managerChange", "capitalExpenditure", "decision"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export interface GovernorTerms {
  /** Seconds a vote stays open. */
  votingPeriod: number;
  quorumBps: number;
  approvalBps: number;
  /** Voting power a holder needs to propose (0: only the manager). */
  proposerThreshold: string;
}

export interface StoredProposal {
  id: string;
  kind: ProposalKind | "unknown";
  proposer: string;
  amount: string;
  account: string | null;
  documentHash: string;
  snapshotId: string;
  supplyAtSnapshot: string;
  startTime: Date;
  endTime: Date;
  votes: { for: string; against: string; abstain: string };
  /** Identities whose vote counts. */
  voters: number;
  /** Null until a ProposalFinalized event is stored. */
  finalized: { approved: boolean } | null;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The governor the factory made for `token` (one per token), with its launch terms; null when none is synced. */
export async function governorOf(
  db: Db,
  chainId: number,
  token: string,
): Promise<{ address: string; terms: GovernorTerms } | null> {
  const t = getAddress(token);
  const [row] = await db.$queryRaw<
    { address: string; votingPeriod: string; quorumBps: string; approvalBps: string; proposerThreshold: string }[]
  >`
    SELECT c.address, e.args->>'votingPeriod' AS "votingPeriod", e.args->>'quorumBps' AS "quorumBps",
           e.args->>'approvalBps' AS "approvalBps", e.args->>'proposerThreshold' AS "proposerThreshold"
    FROM chain_contracts c
    JOIN chain_events e ON e."chainId" = c."chainId" AND e.token = c.token AND e."blockNumber" = c."discoveredBlock"
                       AND e.name = 'GovernorLaunched' AND e.args->>'governor' = c.address
    WHERE c."chainId" = ${chainId} AND c.kind = 'PropertyGovernor' AND c.token = ${t}
    ORDER BY c."discoveredBlock" DESC LIMIT 1`;
  if (!row) return null;
  return {
    address: row.address,
    terms: {
      votingPeriod: Number(row.votingPeriod),
      quorumBps: Number(row.quorumBps),
      approvalBps: Number(row.approvalBps),
      proposerThreshold: row.proposerThreshold,
    },
  };
}

/** The governor's proposals, newest first, with their tallies and recorded outcome. */
export async function proposalsOf(db: Db, chainId: number, governor: string): Promise<StoredProposal[]> {
  const g = getAddress(governor);
  const rows = await db.$queryRaw<
    {
      args: Record<string, string | number>;
      for: string;
      against: string;
      abstain: string;
      voters: number;
      approved: boolean | null;
    }[]
  >`
    WITH created AS (
      SELECT args FROM chain_events WHERE "chainId" = ${chainId} AND address = ${g} AND name = 'ProposalCreated'
    ), latest AS (
      SELECT DISTINCT ON (args->>'proposalId', args->>'identity') args->>'proposalId' AS id, args->>'choice' AS choice,
             (args->>'weight')::numeric AS weight
      FROM chain_events WHERE "chainId" = ${chainId} AND address = ${g} AND name = 'VoteCast'
      ORDER BY args->>'proposalId', args->>'identity', "blockNumber" DESC, "logIndex" DESC
    ), tally AS (
      SELECT id, COALESCE(SUM(weight) FILTER (WHERE choice = '1'), 0)::text AS for,
             COALESCE(SUM(weight) FILTER (WHERE choice = '0'), 0)::text AS against,
             COALESCE(SUM(weight) FILTER (WHERE choice = '2'), 0)::text AS abstain, COUNT(*)::int AS voters
      FROM latest GROUP BY id
    ), finalized AS (
      SELECT args->>'proposalId' AS id, (args->>'approved')::boolean AS approved
      FROM chain_events WHERE "chainId" = ${chainId} AND address = ${g} AND name = 'ProposalFinalized'
    )
    SELECT c.args, COALESCE(t.for, '0') AS for, COALESCE(t.against, '0') AS against,
           COALESCE(t.abstain, '0') AS abstain, COALESCE(t.voters, 0) AS voters, f.approved
    FROM created c
    LEFT JOIN tally t ON t.id = c.args->>'proposalId'
    LEFT JOIN finalized f ON f.id = c.args->>'proposalId'
    ORDER BY (c.args->>'proposalId')::numeric DESC`;
  return rows.map((r) => {
    const a = r.args;
    const account = String(a["account"]);
    return {
      id: String(a["proposalId"]),
      kind: PROPOSAL_KINDS[Number(a["kind"])] ?? "unknown",
      proposer: getAddress(String(a["proposer"])),
      amount: String(a["amount"]),
      account: account === ZERO_ADDRESS ? null : getAddress(account),
      documentHash: String(a["documentHash"]),
      snapshotId: String(a["snapshotId"]),
      supplyAtSnapshot: String(a["supplyAtSnapshot"]),
      startTime: new Date(Number(a["startTime"]) * 1000),
      endTime: new Date(Number(a["endTime"]) * 1000),
      votes: { for: r.for, against: r.against, abstain: r.abstain },
      voters: r.voters,
      finalized: r.approved === null ? null : { approved: r.approved },
    };
  });
}
