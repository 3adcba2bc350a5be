import { useConnect, useConnectors } from "wagmi";
import { describeWalletError } from "../contracts/walletFailure";
import { Alert } from "../ui/Alert";
import { Dialog } from "../ui/Dialog";
import { walletOptions } from "./walletOptions";

/** Lists the wallets found in the browser (EIP-6963) and connects the one the user picks. */
export function ConnectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const connectors = useConnectors();
  const { mutate: connect, isPending, error, variables } = useConnect({ mutation: { onSuccess: onClose } });
  const options = walletOptions(connectors);
  const failure = error ? describeWalletError(error) : undefined;
  return (
    <Dialog open={open} title="Connect a wallet" onClose={onClose}>
      {options.length === 0 ? (
        <Alert tone="info" title="No wallet found in this browser">
          <p>
            Install a browser wallet such as MetaMask or Rabby, then reload this page. Your wallet holds your units and
            signs every transaction; Freehold never holds your keys.
          </p>
        </Alert>
      ) : (
        <>
          <p className="muted small">Choose the wallet that holds (or will hold) your property units.</p>
          <ul className="wallet-list">
            {options.map((connector) => (
              <li key={connector.uid}>
                <button
                  type="button"
                  className="wallet-option"
                  disabled={isPending}
                  onClick={() => connect({ connector })}
                >
                  {connector.icon ? (
                    <img src={connector.icon} alt="" />
                  ) : (
                    <span className="wallet-icon" aria-hidden="true">
                      ◆
                    </span>
                  )}
                  <span className="spacer">{connector.id === "injected" ? "Browser wallet" : connector.name}</span>
                  {isPending && variables?.connector === connector ? (
                    <span className="spinner" aria-label="Connecting" />
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {failure ? (
        <div style={{ marginTop: "1rem" }}>
          <Alert
            tone={failure.kind === "rejected" ? "info" : "bad"}
            title={failure.kind === "rejected" ? "Connection cancelled" : "Could not connect"}
          >
            <p>
              {failure.kind === "rejected" ? "You closed the wallet's request. Nothing was shared." : failure.title}
            </p>
            {/* The wallet's own words are for support, folded away like the transaction tracker's. */}
            {failure.kind !== "rejected" && failure.technical ? (
              <details className="technical">
                <summary>Technical details</summary>
                <code>{failure.technical}</code>
              </details>
            ) : null}
          </Alert>
        </div>
      ) : null}
    </Dialog>
  );
}
