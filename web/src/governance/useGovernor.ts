/**
 * A token's governor as the chain names it (issue 19): the factory's record, trusted only when the token names the
 * same governor (docs/design/contracts.md, "Trust"), its terms, and its proposals read from the governor itself, so
 * a tally or an end is never older than the latest block.
 */
import { isAddressEqual, zeroAddress, type Address } from "viem";
import { useReadContracts } from "wagmi";
import { useAppConfig } from "../app/AppConfigContext";
import { abis } from "../contracts/abi";
import { useContractRead } from "../contracts/hooks";
import type { ChainProposal, VoteTerms } from "./proposals";

export interface GovernorView {
  /** The factory's governor of the token; null: none launched. */
  address: Address | null;
  /** Whether the token names it too (the manager's second step after launching it). */
  named: boolean;
  terms: (VoteTerms & { votingPeriod: number; proposerThreshold: bigint }) | undefined;
  latestProposalId: bigint | undefined;
}

const REFRESH = 4_000;

export function useGovernor(token: Address | undefined): { data: GovernorView | undefined; refetch: () => void } {
  const factoryRecord = useContractRead({
    contractName: "PropertyTokenFactory",
    functionName: "governorOf",
    args: token ? [token] : undefined,
    enabled: Boolean(token),
    refetchInterval: REFRESH,
  });
  const onToken = useContractRead({
    contractName: "PropertyToken",
    functionName: "governor",
    address: token,
    enabled: Boolean(token),
    refetchInterval: REFRESH,
  });
  const launched = factoryRecord.data && !isAddressEqual(factoryRecord.data, zeroAddress) ? factoryRecord.data : null;
  const terms = useContractRead({
    contractName: "PropertyGovernor",
    functionName: "terms",
    address: launched ?? undefined,
    enabled: Boolean(launched),
  });
  const latest = useContractRead({
    contractName: "PropertyGovernor",
    functionName: "latestProposalId",
    address: launched ?? undefined,
    enabled: Boolean(launched),
    refetchInterval: REFRESH,
  });
  const refetch = () => {
    void factoryRecord.refetch();
    void onToken.refetch();
    void latest.refetch();
  };
  if (factoryRecord.data === undefined || onToken.data === undefined) return { data: undefined, refetch };
  return {
    refetch,
    data: {
      address: launched,
      named: Boolean(launched && isAddressEqual(onToken.data, launched)),
      terms: terms.data
        ? {
            votingPeriod: terms.data.votingPeriod,
            quorumBps: terms.data.quorumBps,
            approvalBps: terms.data.approvalBps,
            proposerThreshold: terms.data.proposerThreshold,
          }
        : undefined,
      latestProposalId: latest.data,
    },
  };
}

export type ProposalOnChain = ChainProposal & { id: bigint; documentHash: `0x${string}`; startTime: number };

/** `governor.proposal(id)` as viem decodes it (uint40 times as numbers), with its id. */
function fromStored(id: bigint, p: Omit<ProposalOnChain, "id">): ProposalOnChain {
  return { ...p, id, endTime: Number(p.endTime), startTime: Number(p.startTime) };
}

/** Every proposal of `governor` (ids 1..latest), newest first, re-read every few seconds. */
export function useChainProposals(governor: Address | null, latest: bigint | undefined) {
  const { chainId } = useAppConfig();
  const ids = latest ? Array.from({ length: Number(latest) }, (_, i) => BigInt(Number(latest) - i)) : [];
  const reads = useReadContracts({
    allowFailure: false,
    contracts: ids.map((id) => ({
      abi: abis.PropertyGovernor,
      address: governor ?? undefined,
      functionName: "proposal",
      args: [id],
      chainId,
    })),
    query: { enabled: Boolean(governor) && ids.length > 0, refetchInterval: REFRESH },
  });
  const data = reads.data
    ? (reads.data as Omit<ProposalOnChain, "id">[]).map((p, i) => fromStored(ids[i]!, p))
    : undefined;
  return { data: ids.length === 0 ? [] : data, refetch: reads.refetch };
}
