import { formatBps, formatPercent, formatUnits, percentOf } from "../format/amounts";
import { Progress } from "../ui/Progress";
import { quorumVotes, type ChainProposal, type VoteTerms } from "./proposals";

/**
 * A proposal's tally as the governor counts it: votes for, against and abstaining (units of voting power), the
 * quorum reached so far, and the approval threshold with the share of for among for + against.
 */
export function Tally({ proposal: p, terms }: { proposal: ChainProposal; terms: VoteTerms }) {
  const cast = p.forVotes + p.againstVotes + p.abstainVotes;
  const needed = quorumVotes(p.supplyAtSnapshot, terms.quorumBps);
  const decided = p.forVotes + p.againstVotes;
  return (
    <div className="stack" data-testid="tally">
      <dl className="facts">
        <dt>For</dt>
        <dd data-testid="votes-for">{formatUnits(p.forVotes)}</dd>
        <dt>Against</dt>
        <dd data-testid="votes-against">{formatUnits(p.againstVotes)}</dd>
        <dt>Abstain</dt>
        <dd data-testid="votes-abstain">{formatUnits(p.abstainVotes)}</dd>
      </dl>
      <div>
        <p className="small" style={{ margin: 0 }}>
          Votes cast: {formatUnits(cast)}; the quorum is {formatUnits(needed)} ({formatBps(terms.quorumBps)} of the{" "}
          {formatUnits(p.supplyAtSnapshot)} at the vote&apos;s opening).
        </p>
        <Progress value={percentOf(cast, needed)} label="Votes cast towards the quorum" />
      </div>
      <p className="small" style={{ margin: 0 }} data-testid="approval">
        Approval needs {formatBps(terms.approvalBps)} of the votes for and against
        {decided > 0n ? `; for now: ${formatPercent(percentOf(p.forVotes, decided))}` : ""}.
      </p>
    </div>
  );
}
