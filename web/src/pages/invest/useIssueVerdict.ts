/**
 * The token's verdict on issuing `units` more to `me`, asked on the identity's whole subscription including them, as
 * the offering asks it at subscription (finding 4): the invest page and an invitation's page show it before paying.
 */
import type { Address, Hex } from "viem";
import { explainVerdict, unitsToIssue } from "../../compliance/eligibility";
import { useContractRead } from "../../contracts/hooks";
import type { useInvestData } from "./useInvestData";

type InvestData = Pick<
  ReturnType<typeof useInvestData>,
  "partition" | "identitySubscribed" | "identitySubscribedKnown"
>;

export function useIssueVerdict(token: Address, me: Address, data: InvestData, units: bigint) {
  const read = useContractRead({
    contractName: "PropertyToken",
    address: token,
    functionName: "canIssueByPartition",
    args: [me, (data.partition ?? `0x${"0".repeat(64)}`) as Hex, unitsToIssue(data.identitySubscribed, units)],
    enabled: Boolean(data.partition) && data.identitySubscribedKnown,
  });
  return {
    verdict: read.data ? explainVerdict({ code: read.data[0], reason: read.data[1] }, "receiver") : undefined,
    isPending: read.isPending,
    refetch: read.refetch,
  };
}
