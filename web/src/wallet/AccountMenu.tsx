import { useState } from "react";
import { createPortal } from "react-dom";
import { useConnection, useDisconnect } from "wagmi";
import { describeWalletError } from "../contracts/walletFailure";
import { ShortAddress } from "../ui/Address";
import { ConnectDialog } from "./ConnectDialog";
import { useSignedIn, useSignIn, useSignOut } from "./session";

/** Header controls: connect, sign in with Ethereum, sign out, disconnect. */
export function AccountMenu() {
  const { address, status } = useConnection();
  const { mutate: disconnect } = useDisconnect();
  const [dialogOpen, setDialogOpen] = useState(false);
  const { session, isLoading } = useSignedIn();
  const signIn = useSignIn();
  const signOut = useSignOut();

  if (status !== "connected" || !address) {
    return (
      <>
        <button
          type="button"
          className="btn btn--accent"
          onClick={() => setDialogOpen(true)}
          disabled={status === "connecting" || status === "reconnecting"}
        >
          {status === "connecting" || status === "reconnecting" ? "Connecting…" : "Connect wallet"}
        </button>
        <ConnectDialog open={dialogOpen} onClose={() => setDialogOpen(false)} />
      </>
    );
  }
  const signInError = signIn.error ? describeWalletError(signIn.error) : undefined;
  return (
    <div className="account">
      <span className="account__chip" title={address}>
        <span className="dot" aria-hidden="true" />
        <span className="visually-hidden">Connected wallet </span>
        <ShortAddress value={address} />
      </span>
      {session ? (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          Sign out
        </button>
      ) : (
        <button
          type="button"
          className="btn btn--accent btn--small"
          onClick={() => signIn.mutate()}
          disabled={signIn.isPending || isLoading}
        >
          {signIn.isPending ? "Check your wallet…" : "Sign in"}
        </button>
      )}
      <button
        type="button"
        className="btn btn--ghost btn--small"
        onClick={() => {
          if (session) signOut.mutate();
          disconnect();
        }}
      >
        Disconnect
      </button>
      {signInError && document.getElementById("session-notice")
        ? createPortal(
            <div
              className={`alert alert--${signInError.kind === "rejected" ? "info" : "bad"} banner`}
              role={signInError.kind === "rejected" ? "status" : "alert"}
              data-testid="sign-in-error"
            >
              <div className="row" style={{ justifyContent: "center" }}>
                <span>
                  {signInError.kind === "rejected" ? (
                    <>
                      <strong>Sign-in cancelled.</strong> You declined the signature. Nothing was shared.
                    </>
                  ) : (
                    <>
                      <strong>Sign-in failed.</strong> {signIn.error?.message}
                    </>
                  )}
                </span>
                <button type="button" className="btn btn--secondary btn--small" onClick={() => signIn.reset()}>
                  Dismiss
                </button>
              </div>
            </div>,
            document.getElementById("session-notice")!,
          )
        : null}
    </div>
  );
}
