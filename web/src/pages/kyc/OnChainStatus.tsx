import type { Address } from "viem";
import { useAppConfig } from "../../app/AppConfigContext";
import { isDeployed } from "../../contracts/addresses";
import { useContractRead } from "../../contracts/hooks";
import { Badge } from "../../ui/Badge";
import { investorOnChainStatus } from "./labels";

/**
 * Whether the identity registry on chain lists this wallet as verified, in words shared by every state that is not
 * (no tipping-off: a frozen wallet reads as one whose approval is not written yet, or was removed).
 */
export function OnChainStatus({ wallet }: { wallet: Address }) {
  const { chainId } = useAppConfig();
  const deployed = isDeployed(chainId, "IdentityRegistry");
  const verified = useContractRead({
    contractName: "IdentityRegistry",
    functionName: "isVerified",
    args: [wallet],
    enabled: deployed,
    refetchInterval: 4_000,
  });
  if (!deployed) return <span className="muted small">The identity registry is not deployed on this network.</span>;
  if (verified.isPending) return <span className="muted small">Checking the chain…</span>;
  if (verified.isError) return <span className="small">Could not read the chain: {verified.error.message}</span>;
  const status = investorOnChainStatus(verified.data === true);
  return status.text ? (
    <span className="row small">
      <Badge tone={status.tone}>{status.label}</Badge> {status.text}
    </span>
  ) : (
    <Badge tone={status.tone}>{status.label}</Badge>
  );
}
