import type { Address } from "viem";
import { useAppConfig } from "../../app/AppConfigContext";
import { isDeployed } from "../../contracts/addresses";
import { useContractRead } from "../../contracts/hooks";
import { Badge } from "../../ui/Badge";
import { registryState } from "./registryState";

/** The registry's word on `wallet` for officers: frozen, verified, registered but expired, or not in it. */
export function RegistryState({ wallet }: { wallet: Address }) {
  const { chainId } = useAppConfig();
  const deployed = isDeployed(chainId, "IdentityRegistry");
  const query = { args: [wallet] as const, enabled: deployed, refetchInterval: 4_000 };
  const registered = useContractRead({ contractName: "IdentityRegistry", functionName: "contains", ...query });
  const frozen = useContractRead({ contractName: "IdentityRegistry", functionName: "isFrozen", ...query });
  const verified = useContractRead({ contractName: "IdentityRegistry", functionName: "isVerified", ...query });
  if (!deployed) return <span className="muted small">The identity registry is not deployed on this network.</span>;
  const reads = [registered, frozen, verified];
  if (reads.some((r) => r.isError)) return <span className="small">Could not read the identity registry.</span>;
  if (reads.some((r) => r.data === undefined)) return <span className="muted small">Checking the chain…</span>;
  const state = registryState({
    registered: registered.data === true,
    frozen: frozen.data === true,
    verified: verified.data === true,
  });
  return (
    <span className="row small" data-testid="registry-state">
      <Badge tone={state.tone}>{state.label}</Badge> {state.text}
    </span>
  );
}
