import type { ReactNode } from "react";
import { useConnection } from "wagmi";
import type { Role } from "../api/types";
import { Alert } from "../ui/Alert";
import { Loading } from "../ui/Skeleton";
import { useSignedIn, useSignIn } from "./session";

/**
 * Renders `children` only for a signed-in user (with one of `roles`, when given); otherwise says what is missing.
 * The backend enforces the same rules; this only spares the user a page of refusals.
 */
export function RequireSignIn({ children, roles, purpose }: { children: ReactNode; roles?: Role[]; purpose: string }) {
  const { status } = useConnection();
  const { session, mismatch, hasRole, isLoading } = useSignedIn();
  const signIn = useSignIn();
  if (status !== "connected") {
    return (
      <Alert tone="info" title="Connect your wallet">
        <p>Connect the wallet you invest with to {purpose}. Use “Connect wallet” at the top of the page.</p>
      </Alert>
    );
  }
  if (isLoading) return <Loading label="Checking your session" />;
  if (!session) {
    return (
      <Alert tone="info" title={mismatch ? "Sign in with this wallet" : "Sign in to continue"}>
        <p>
          {mismatch ? "You are signed in with another wallet. " : ""}Signing in proves you control this wallet; it costs
          nothing and sends no transaction.
        </p>
        <button
          type="button"
          className="btn btn--primary btn--small"
          style={{ marginTop: "0.5rem" }}
          onClick={() => signIn.mutate()}
          disabled={signIn.isPending}
        >
          {signIn.isPending ? "Check your wallet…" : "Sign in"}
        </button>
      </Alert>
    );
  }
  if (roles && !roles.some(hasRole)) {
    return (
      <Alert tone="warn" title="You do not have access to this page">
        <p>
          This page is for {roles.map((r) => r.toLowerCase().replace(/_/g, " ")).join(" or ")} accounts. Ask an
          administrator if you need access.
        </p>
      </Alert>
    );
  }
  return <>{children}</>;
}
