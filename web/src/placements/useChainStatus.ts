/**
 * The offering's own status of the invitations the platform's record still lists open (`invitationStatus` by the
 * digest computed here from the invitation's terms, as the contract computes it), in one multicall re-read while
 * shown: the record follows the chain a few blocks behind, and a page must not offer what the chain already settled.
 */
import { getAddress } from "viem";
import { useReadContracts } from "wagmi";
import { useAppConfig } from "../app/AppConfigContext";
import { abis } from "../contracts/abi";
import { POLL, type Invitation } from "./api";
import { chainStatusOf, type ChainInvitationStatus } from "./standing";
import { invitationDigest, messageOf } from "./typedData";

export interface ChainStatuses {
  /** The offering's word on `invitation`; `undefined` when not asked (not open in the record), not read yet, or failed. */
  of: (invitation: Pick<Invitation, "hash">) => ChainInvitationStatus | undefined;
  /** A read failed: the page says so rather than offering an action it cannot check. */
  failed: boolean;
  refetch: () => Promise<unknown>;
}

export function useChainStatuses(invitations: readonly Invitation[]): ChainStatuses {
  const { chainId } = useAppConfig();
  const asked = invitations.filter((inv) => inv.status === "open");
  const reads = useReadContracts({
    contracts: asked.map((inv) => ({
      abi: abis.PropertyOffering,
      address: getAddress(inv.offering),
      functionName: "invitationStatus" as const,
      args: [invitationDigest(chainId, getAddress(inv.offering), messageOf(inv))] as const,
      chainId,
    })),
    query: { enabled: asked.length > 0, refetchInterval: POLL },
  });
  const byHash = new Map<string, ChainInvitationStatus | undefined>();
  asked.forEach((inv, k) => {
    const read = reads.data?.[k];
    byHash.set(inv.hash, read?.status === "success" ? chainStatusOf(Number(read.result)) : undefined);
  });
  return {
    of: (invitation) => byHash.get(invitation.hash),
    failed: reads.isError || Boolean(reads.data?.some((read) => read.status === "failure")),
    refetch: reads.refetch,
  };
}
