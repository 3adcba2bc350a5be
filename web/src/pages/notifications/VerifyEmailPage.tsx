import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { useApi } from "../../api/ApiContext";
import { notificationKeys, verifyEmailAddress } from "../../api/notifications";
import { Alert } from "../../ui/Alert";
import { usePageTitle } from "../../ui/usePageTitle";
import { RequireSignIn } from "../../wallet/RequireSignIn";

/**
 * Where the address verification email's link lands (`/settings/email/verify?token=…`, written by the backend's
 * email worker). The person confirms with a button while signed in: the token is single use, and a button (not a
 * request on load) keeps a mail scanner's or a second render's visit from spending it.
 */
function Confirm({ token }: { token: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: () => verifyEmailAddress(api, token),
    onSuccess: (status) => queryClient.setQueryData(notificationKeys.email(), status),
  });
  if (verify.isSuccess)
    return (
      <Alert tone="ok" title="Your email address is confirmed">
        <p>
          Notifications you chose are now emailed to {verify.data.address}.{" "}
          <Link to="/settings/notifications">Your email preferences</Link>
        </p>
      </Alert>
    );
  return (
    <div className="stack">
      {verify.isError ? (
        <Alert tone="bad" title="This link could not confirm your address">
          <p>{verify.error.message}</p>
          <p>
            Links work once, for 24 hours, signed in with the wallet that asked for them; a newer address replaces an
            older link. <Link to="/settings/notifications">Send a new link</Link>
          </p>
        </Alert>
      ) : null}
      <div>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
          data-testid="confirm-email"
        >
          {verify.isPending ? "Confirming…" : "Confirm my email address"}
        </button>
      </div>
    </div>
  );
}

export default function VerifyEmailPage() {
  usePageTitle("Confirm your email address");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  return (
    <div className="stack" style={{ maxWidth: 720 }}>
      <div className="page-head">
        <div>
          <div className="eyebrow">Notifications</div>
          <h1>Confirm your email address</h1>
          <p>Confirming proves the address is yours; only then do we email it.</p>
        </div>
      </div>
      {token ? (
        <RequireSignIn purpose="confirm your email address">
          <Confirm token={token} />
        </RequireSignIn>
      ) : (
        <Alert tone="warn" title="This link is incomplete">
          <p>
            Open the link from the email exactly as it was sent, or{" "}
            <Link to="/settings/notifications">ask for a new one</Link>.
          </p>
        </Alert>
      )}
    </div>
  );
}
