import type { Address } from "viem";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { useContractRead, useContractWrite } from "../../contracts/hooks";
import { useStablecoin } from "../../contracts/useStablecoin";
import { formatBps, formatUnits } from "../../format/amounts";
import { useLaunchedContracts } from "../../pages/invest/useOfferingAddress";
import { TransactionTracker } from "../../tx/TransactionTracker";
import { isInFlight } from "../../tx/tracker";
import { useTransaction } from "../../tx/useTransaction";
import { Badge } from "../../ui/Badge";
import { Loading } from "../../ui/Skeleton";
import { KIND_LABELS, STATUS_LABELS, kindName, statusOf, summaryOf, timeLeftText } from "../proposals";
import { Tally } from "../Tally";
import { useExit } from "../exitFacts";
import { votingPeriodText } from "../governorTerms";
import { salesOf } from "../saleWindow";
import { useChainNow } from "../useChainNow";
import { useChainProposals, useGovernor } from "../useGovernor";
import { ExitPanel } from "./ExitPanel";
import { LaunchGovernor } from "./LaunchGovernor";
import { ProposeForm } from "./ProposeForm";

/**
 * The manager's "Votes & exit" tab (issue 19): launch the governor, open votes, finalize them once ended, and after
 * an approved sale launch the exit, deposit the proceeds and follow the redemptions. Everything is read from the
 * chain, so a finalize or a deposit is offered exactly when the contracts accept it.
 */
export function GovernancePanel({ property }: { property: PropertyDetail }) {
  const token = useLaunchedContracts(property).data?.token;
  if (!token) return <p className="muted">Launch the property&apos;s token first (Tokenization).</p>;
  return <Governance property={property} token={token} />;
}

function Governance({ property, token }: { property: PropertyDetail; token: Address }) {
  const { explorerUrl } = useAppConfig();
  const governor = useGovernor(token);
  const g = governor.data;
  const proposals = useChainProposals(g?.address ?? null, g?.latestProposalId);
  const now = useChainNow();
  const payment = useContractRead({ contractName: "RentDistributor", functionName: "paymentTokenOf", args: [token] });
  const coin = useStablecoin(payment.data);
  const write = useContractWrite();
  const tx = useTransaction();
  // A sold property's token is closed for good: no further vote.
  const sold = Boolean(useExit(token).data?.sale);
  if (!g || !coin || now === undefined) return <Loading label="Reading the governor" />;
  if (!g.address || !g.named)
    return (
      <section className="stack" aria-labelledby="governance">
        <h3 id="governance">Holder votes</h3>
        <LaunchGovernor token={token} launched={g.address} onDone={governor.refetch} />
      </section>
    );
  const list = proposals.data ?? [];
  const open = list.some((p) => statusOf(p, now) === "active");
  // The latest approved sale, and a later sale vote not decided yet (the manager proposed it again).
  const { approved: approvedSale, revote } = salesOf(list, now);

  async function finalize(id: bigint) {
    const done = await tx.run({ label: `Finalize proposal ${id.toString()}` }, () =>
      write({ contractName: "PropertyGovernor", address: g!.address!, functionName: "finalize", args: [id] }),
    );
    if (done) await proposals.refetch();
  }

  return (
    <div className="stack">
      <section className="stack" aria-labelledby="governance">
        <h3 id="governance">Holder votes</h3>
        {g.terms ? (
          <p className="small muted" style={{ margin: 0 }}>
            Votes last {votingPeriodText(g.terms.votingPeriod)}; quorum {formatBps(g.terms.quorumBps)} of the units,
            approval {formatBps(g.terms.approvalBps)} of the votes for and against;{" "}
            {g.terms.proposerThreshold === 0n
              ? "only you propose."
              : `holders with ${formatUnits(g.terms.proposerThreshold)} may propose too.`}
          </p>
        ) : null}
        {sold ? null : open ? (
          <p className="small">One vote runs at a time: the next can open once this one ends.</p>
        ) : (
          <ProposeForm governor={g.address} property={property} coin={coin} onDone={() => void proposals.refetch()} />
        )}
        {list.map((p) => {
          const status = statusOf(p, now);
          return (
            <article key={p.id.toString()} className="panel stack" data-testid="managed-proposal">
              <div className="row">
                <strong>
                  #{p.id.toString()} {KIND_LABELS[kindName(p.kind)]}
                </strong>
                <Badge tone={STATUS_LABELS[status].tone}>
                  <span data-testid="proposal-status">{STATUS_LABELS[status].label}</span>
                </Badge>
                <span className="spacer" />
                <span className="small muted">{status === "active" ? timeLeftText(p.endTime, now) : null}</span>
              </div>
              <p style={{ margin: 0 }}>
                {summaryOf({ kind: kindName(p.kind), amount: p.amount, account: p.account }, coin)}
              </p>
              {g.terms ? <Tally proposal={p} terms={g.terms} /> : null}
              {status === "awaitingFinalization" ? (
                <div>
                  <button
                    type="button"
                    className="btn btn--primary"
                    disabled={isInFlight(tx.state)}
                    onClick={() => void finalize(p.id)}
                  >
                    Finalize
                  </button>
                </div>
              ) : null}
            </article>
          );
        })}
        <TransactionTracker state={tx.state} explorerUrl={explorerUrl} onDismiss={tx.reset} />
      </section>
      <section className="stack" aria-labelledby="exit">
        <h3 id="exit">Sale and redemptions</h3>
        <ExitPanel
          token={token}
          sale={approvedSale}
          coin={coin}
          now={now}
          // The exit takes an approved sale until one voting period after its vote (PropertyExit.depositProceeds).
          saleDeadline={approvedSale && g.terms ? approvedSale.endTime + g.terms.votingPeriod : undefined}
          revote={revote}
        />
      </section>
    </div>
  );
}
