import { useConnection, useSwitchChain } from "wagmi";
import { useAppConfig } from "../app/AppConfigContext";
import { describeWalletError } from "../contracts/walletFailure";
import { chainName } from "./chain";

/** Shown while the wallet is on another chain than the platform's: explains and offers the switch. */
export function NetworkBanner() {
  const { chainId: expected } = useAppConfig();
  const { chainId, status } = useConnection();
  const { mutate: switchChain, isPending, error, reset } = useSwitchChain();
  if (status !== "connected" || chainId === undefined || chainId === expected) return null;
  const failure = error ? describeWalletError(error) : undefined;
  return (
    <div className="alert alert--warn banner" role="alert" data-testid="wrong-network">
      <div className="row" style={{ justifyContent: "center" }}>
        <span>
          <strong>Wrong network.</strong> Your wallet is on {chainName(chainId)}; Freehold runs on {chainName(expected)}
          . Nothing can be signed until you switch.
        </span>
        <button
          type="button"
          className="btn btn--primary btn--small"
          disabled={isPending}
          onClick={() => {
            reset();
            switchChain({ chainId: expected });
          }}
        >
          {isPending ? "Check your wallet…" : `Switch to ${chainName(expected)}`}
        </button>
        {failure ? (
          <span className="small">{failure.kind === "rejected" ? "You declined the switch." : failure.title}</span>
        ) : null}
      </div>
    </div>
  );
}
