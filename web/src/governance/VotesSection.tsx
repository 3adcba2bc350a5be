import { useState } from "react";
import type { Address } from "viem";
import { useContractRead } from "../contracts/hooks";
import { useStablecoin } from "../contracts/useStablecoin";
import { formatDateTime } from "../format/dates";
import { Badge } from "../ui/Badge";
import { Loading } from "../ui/Skeleton";
import { Cell, Table } from "../ui/Table";
import { useSignedIn } from "../wallet/session";
import { usePropertyProposals, type ApiProposal } from "./api";
import { ProposalDetail } from "./ProposalDetail";
import { KIND_LABELS, STATUS_LABELS, statusOf, summaryOf, timeLeftText } from "./proposals";
import { useChainNow } from "./useChainNow";
import { useChainProposals, useGovernor } from "./useGovernor";

/** The API's status as the outcome recorded on chain (0 while none), for `statusOf` on the chain's clock. */
const OUTCOME = { approved: 1, rejected: 2, active: 0, awaitingFinalization: 0 } as const;

/**
 * The property page's "Votes" section (issue 19): the holders' proposals, listed from the backend's sync (signed-in
 * users), and the chosen one read from its governor, where a holder votes. Nothing shows before a governor exists.
 */
export function VotesSection({ propertyId, token }: { propertyId: string; token: Address }) {
  const governor = useGovernor(token).data;
  const { session } = useSignedIn();
  const listed = usePropertyProposals(propertyId, Boolean(session && governor?.address));
  const onChain = useChainProposals(governor?.address ?? null, governor?.latestProposalId);
  const now = useChainNow();
  const payment = useContractRead({ contractName: "RentDistributor", functionName: "paymentTokenOf", args: [token] });
  const coin = useStablecoin(payment.data);
  const [chosen, choose] = useState<string | null>(null);
  if (!governor?.address || !governor.named) return null;
  const proposals: ApiProposal[] = listed.data?.proposals ?? [];
  const status = (p: ApiProposal) =>
    now === undefined ? p.status : statusOf({ endTime: Date.parse(p.endTime) / 1000, outcome: OUTCOME[p.status] }, now);
  const selectedId = chosen ?? proposals[0]?.id ?? null;
  const selected = onChain.data?.find((p) => p.id.toString() === selectedId);
  return (
    <section className="panel stack" aria-labelledby="votes" data-testid="votes-section">
      <h2 id="votes">Votes</h2>
      <p className="small muted" style={{ margin: 0 }}>
        Holders decide a sale, a refinance, a change of manager or a large expense by vote: one vote per unit held when
        the vote opened, per investor.
      </p>
      {!session ? (
        <p className="muted">Sign in to follow the holders&apos; votes and to vote.</p>
      ) : listed.isPending ? (
        <Loading label="Loading the votes" />
      ) : proposals.length === 0 ? (
        <p className="muted">No proposal yet.</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">Proposal</th>
              <th scope="col">Status</th>
              <th scope="col">Ends</th>
            </tr>
          </thead>
          <tbody>
            {proposals.map((p) => {
              const s = status(p);
              return (
                <tr key={p.id} data-testid="proposal-row" data-selected={p.id === selectedId}>
                  <Cell label="Proposal">
                    <button
                      type="button"
                      className="btn btn--ghost btn--small"
                      aria-pressed={p.id === selectedId}
                      onClick={() => choose(p.id)}
                    >
                      {KIND_LABELS[p.kind]} #{p.id}
                    </button>
                    <div className="small">
                      {coin ? summaryOf({ kind: p.kind, amount: BigInt(p.amount), account: p.account }, coin) : null}
                    </div>
                  </Cell>
                  <Cell label="Status">
                    <Badge tone={STATUS_LABELS[s].tone}>{STATUS_LABELS[s].label}</Badge>
                  </Cell>
                  <Cell label="Ends">
                    {s === "active" && now !== undefined
                      ? timeLeftText(Date.parse(p.endTime) / 1000, now)
                      : formatDateTime(p.endTime)}
                  </Cell>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {session && selected && governor.terms && coin && now !== undefined ? (
        <ProposalDetail
          governor={governor.address}
          token={token}
          proposal={selected}
          terms={governor.terms}
          coin={coin}
          now={now}
          onVoted={() => void onChain.refetch()}
        />
      ) : null}
    </section>
  );
}
