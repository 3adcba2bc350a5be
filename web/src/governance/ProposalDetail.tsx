import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../app/AppConfigContext";
import { useContractRead, useContractWrite } from "../contracts/hooks";
import type { Coin } from "../format/amounts";
import { formatUnits } from "../format/amounts";
import { formatDateTime } from "../format/dates";
import { GaslessNotice } from "../gasless/GaslessNotice";
import { TYPICAL_GAS } from "../gasless/decision";
import { TransactionTracker } from "../tx/TransactionTracker";
import { isInFlight } from "../tx/tracker";
import { Address as AddressText } from "../ui/Address";
import { Badge } from "../ui/Badge";
import { KIND_LABELS, STATUS_LABELS, kindName, statusOf, summaryOf, timeLeftText, type VoteTerms } from "./proposals";
import { Tally } from "./Tally";
import type { ProposalOnChain } from "./useGovernor";
import { useRelayableAction } from "./useRelayableAction";

/** `VoteChoice` of IPropertyGovernor.sol. */
const CHOICES = [
  { choice: 1, label: "For" },
  { choice: 0, label: "Against" },
  { choice: 2, label: "Abstain" },
] as const;
const CHOICE_LABEL = ["against", "for", "abstain"] as const;

/**
 * One proposal, read from its governor: the tally, the quorum reached, the approval threshold, the time left on the
 * chain's clock, and for the connected investor their voting power and vote, with the buttons to cast or change it.
 */
export function ProposalDetail({
  governor,
  token,
  proposal: p,
  terms,
  coin,
  now,
  onVoted,
}: {
  governor: Address;
  token: Address;
  proposal: ProposalOnChain;
  terms: VoteTerms;
  coin: Coin;
  now: number;
  onVoted: () => void;
}) {
  const { explorerUrl } = useAppConfig();
  const { address: me } = useConnection();
  const write = useContractWrite();
  const action = useRelayableAction(me, "castVote");
  const status = statusOf(p, now);
  const open = status === "active";
  // votingPowerOf reads the open snapshot (this proposal's while it runs): units then, less units frozen now.
  const power = useContractRead({
    contractName: "PropertyToken",
    functionName: "votingPowerOf",
    address: token,
    args: me ? [me] : undefined,
    enabled: Boolean(me) && open,
    refetchInterval: 5_000,
  });
  const identity = power.data?.[0];
  const mine = useContractRead({
    contractName: "PropertyGovernor",
    functionName: "voteOf",
    address: governor,
    args: identity ? [p.id, identity] : undefined,
    enabled: Boolean(identity),
    refetchInterval: 5_000,
  });
  const voted = mine.data?.[0] ? { choice: mine.data[1], weight: mine.data[2] } : null;
  const votes = power.data?.[1] ?? 0n;

  async function vote(choice: 0 | 1 | 2) {
    const label = `${voted ? "Change your vote to" : "Vote"} ${CHOICE_LABEL[choice]} with ${formatUnits(votes)}`;
    const done = await action.run(
      label,
      { to: governor, contract: "PropertyGovernor", functionName: "castVote", args: [p.id, choice] },
      () =>
        write({ contractName: "PropertyGovernor", address: governor, functionName: "castVote", args: [p.id, choice] }),
    );
    if (done) {
      await Promise.all([power.refetch(), mine.refetch()]);
      onVoted();
    }
  }

  return (
    <div className="stack" data-testid="proposal-detail" data-proposal={p.id.toString()}>
      <div className="row">
        <h3 style={{ margin: 0 }}>
          Proposal {p.id.toString()}: {KIND_LABELS[kindName(p.kind)]}
        </h3>
        <span className="spacer" />
        <Badge tone={STATUS_LABELS[status].tone}>
          <span data-testid="proposal-status">{STATUS_LABELS[status].label}</span>
        </Badge>
      </div>
      <p style={{ margin: 0 }}>
        {summaryOf({ kind: kindName(p.kind), amount: p.amount, account: p.account }, coin)}
        {kindName(p.kind) === "managerChange" ? (
          <>
            : <AddressText value={p.account} />
          </>
        ) : null}
      </p>
      <p className="small muted" style={{ margin: 0 }}>
        {open ? (
          <span data-testid="time-left">{timeLeftText(p.endTime, now)}</span>
        ) : (
          <>Voting ended {formatDateTime(p.endTime)}</>
        )}
        . Document SHA-256 <code className="hash">{p.documentHash.slice(2)}</code>
      </p>
      <Tally proposal={p} terms={terms} />
      {me && open && power.data === undefined ? (
        // Not "0 units" while the read is on its way: a holder would think they may not vote.
        <p className="small muted" style={{ margin: 0 }} data-testid="voting-power-loading">
          Reading your voting power…
        </p>
      ) : null}
      {me && open && power.data !== undefined ? (
        <div className="stack" data-testid="your-vote">
          <p style={{ margin: 0 }}>
            Your voting power: <strong data-testid="voting-power">{formatUnits(votes)}</strong>
            {voted ? (
              <>
                {" "}
                · you voted <strong data-testid="my-vote">{CHOICE_LABEL[voted.choice]}</strong> with{" "}
                {formatUnits(voted.weight)}
              </>
            ) : null}
          </p>
          {votes === 0n ? (
            <p className="small muted" style={{ margin: 0 }}>
              Only verified holders with units when the vote opened may vote: one vote per unit, one vote per investor
              whichever of their wallets casts it.
            </p>
          ) : (
            <>
              {action.viaRelayer && action.gasless.relay ? (
                <GaslessNotice relay={action.gasless.relay} gas={TYPICAL_GAS.castVote} />
              ) : null}
              <div className="row">
                {CHOICES.map(({ choice, label }) => (
                  <button
                    key={choice}
                    type="button"
                    className={`btn ${voted?.choice === choice ? "btn--secondary" : "btn--primary"}`}
                    disabled={isInFlight(action.tx.state) || voted?.choice === choice}
                    onClick={() => void vote(choice)}
                  >
                    {voted
                      ? voted.choice === choice
                        ? `Voted ${label.toLowerCase()}`
                        : `Change to ${label.toLowerCase()}`
                      : `Vote ${label.toLowerCase()}`}
                  </button>
                ))}
              </div>
            </>
          )}
        </div>
      ) : null}
      <TransactionTracker state={action.tx.state} explorerUrl={explorerUrl} onDismiss={action.tx.reset} />
    </div>
  );
}
