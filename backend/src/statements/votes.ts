/**
 * Holder votes in a statement (issue 19): the proposals of the governors of the properties the wallet held units of
 * in the period that were opened or decided in it, read from the synced governor events (as chain/sync/proposals.ts)
 * but only those before the period end, so a vote decided later shows as open and the statement never changes.
 * The wallet's vote is its identity's (any verified wallet of the identity votes for it): the latest VoteCast of the
 * identity the registry bound the wallet to.
 */
import { getAddress } from "viem";
import type { Db } from "../db/client.ts";
import { PROPOSAL_KINDS, type ProposalKind } from "../chain/sync/proposals.ts";
import type { StatementPeriod } from "./periods.ts";

export type OwnVote = "for" | "against" | "abstain" | "none";

export interface VoteLine {
  property: string;
  symbol: string;
  token: string;
  currency: string;
  /** The coin a proposal's amount is in (the token's payment coin). */
  coin: string;
  proposalId: string;
  kind: ProposalKind | "unknown";
  /**
   * The minimum price (sale) or the amount (refinance, capital expenditure), in base units of the token's payment
   * coin as read here (content.ts converts it to the statement's unit; null there when the coin's decimals are
   * unknown); else null.
   */
  amount: bigint | null;
  openedOn: string;
  endsOn: string;
  /** The recorded outcome with its tallies (units); null when not decided before the period end. */
  result: { approved: boolean; for: bigint; against: bigint; abstain: bigint } | null;
  ownVote: OwnVote;
  /** The weight of the identity's vote; null when it did not vote. */
  ownWeight: bigint | null;
}

const WITH_AMOUNT: ReadonlySet<string> = new Set(["sale", "refinance", "capitalExpenditure"]);
const CHOICES: Record<string, OwnVote> = { "0": "against", "1": "for", "2": "abstain" };
const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

type Args = Record<string, string | number | boolean>;

/** The identity the registry bound `wallet` to before `end` (a wallet keeps its first binding); else the wallet. */
async function identityOf(db: Db, chainId: number, wallet: string, end: Date): Promise<string> {
  const [row] = await db.$queryRaw<{ identity: string }[]>`
    SELECT args->>'identity' AS identity FROM chain_events
    WHERE "chainId" = ${chainId} AND contract = 'IdentityRegistry' AND name = 'IdentityRegistered'
      AND args->>'wallet' = ${wallet} AND "blockTime" < ${end}
    ORDER BY "blockNumber", "logIndex" LIMIT 1`;
  return row ? getAddress(row.identity) : wallet;
}

/**
 * The vote lines of `wallet` for the `tokens` it held in `period`, ordered by property, token and proposal;
 * `name` gives a token's property, symbol, currency and coin.
 */
export async function votesInPeriod(
  db: Db,
  chainId: number,
  wallet: string,
  tokens: readonly string[],
  period: StatementPeriod,
  name: (token: string) => { property: string; symbol: string; currency: string; coin: string },
): Promise<VoteLine[]> {
  if (tokens.length === 0) return [];
  const w = getAddress(wallet);
  const identity = await identityOf(db, chainId, w, period.end);
  const rows = await db.$queryRaw<
    { token: string; governor: string; created: Args; finalized: Args | null; vote: Args | null }[]
  >`
    WITH ev AS (
      SELECT e.address, e.name, e.args, e."blockTime", e."blockNumber", e."logIndex", g.token
      FROM chain_contracts g
      JOIN chain_events e ON e."chainId" = g."chainId" AND e.address = g.address
      WHERE g."chainId" = ${chainId} AND g.kind = 'PropertyGovernor' AND g.token = ANY(${[...tokens]}::text[])
        AND e.name IN ('ProposalCreated', 'ProposalFinalized', 'VoteCast') AND e."blockTime" < ${period.end}
    )
    SELECT c.token, c.address AS governor, c.args AS created, f.args AS finalized, v.args AS vote
    FROM ev c
    LEFT JOIN ev f ON f.name = 'ProposalFinalized' AND f.address = c.address
                  AND f.args->>'proposalId' = c.args->>'proposalId'
    LEFT JOIN LATERAL (
      SELECT args FROM ev x
      WHERE x.name = 'VoteCast' AND x.address = c.address AND x.args->>'proposalId' = c.args->>'proposalId'
        AND x.args->>'identity' = ${identity}
      ORDER BY x."blockNumber" DESC, x."logIndex" DESC LIMIT 1
    ) v ON true
    WHERE c.name = 'ProposalCreated' AND (c."blockTime" >= ${period.start} OR f."blockTime" >= ${period.start})
    ORDER BY c.token, c.address, (c.args->>'proposalId')::numeric`;
  const lines = rows.map((r): VoteLine => {
    const kind = PROPOSAL_KINDS[Number(r.created["kind"])] ?? "unknown";
    const f = r.finalized;
    return {
      ...name(r.token),
      token: r.token,
      proposalId: String(r.created["proposalId"]),
      kind,
      amount: WITH_AMOUNT.has(kind) ? BigInt(String(r.created["amount"])) : null,
      openedOn: day(Number(r.created["startTime"])),
      endsOn: day(Number(r.created["endTime"])),
      result: f
        ? {
            approved: f["approved"] === true || f["approved"] === "true",
            for: BigInt(String(f["forVotes"])),
            against: BigInt(String(f["againstVotes"])),
            abstain: BigInt(String(f["abstainVotes"])),
          }
        : null,
      ownVote: r.vote ? (CHOICES[String(r.vote["choice"])] ?? "none") : "none",
      ownWeight: r.vote ? BigInt(String(r.vote["weight"])) : null,
    };
  });
  // By property name; the sort is stable, so the SQL's token and proposal order stays within a property.
  return lines.sort((a, b) => (a.property < b.property ? -1 : a.property > b.property ? 1 : 0));
}
