import type { Address } from "viem";
import { useAppConfig } from "../../app/AppConfigContext";
import { isDeployed } from "../../contracts/addresses";
import { useContractRead } from "../../contracts/hooks";
import { Badge } from "../../ui/Badge";

/** Whether the identity registry on chain already lists this wallet as verified (the compliance agent's write). */
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
  return verified.data ? (
    <Badge tone="ok">Whitelisted on chain</Badge>
  ) : (
    <span className="row small">
      <Badge tone="warn">Not yet on chain</Badge> The compliance agent writes your approval to the identity registry;
      this updates by itself.
    </span>
  );
}
