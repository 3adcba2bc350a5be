import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { notificationKeys, verifyEmailAddress } from "../../api/notifications";
import { Alert } from "../../ui/Alert";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import { EmailLinkAction, EmailLinkPage } from "./EmailLinkPage";

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
    <EmailLinkAction
      label="Confirm my email address"
      pendingLabel="Confirming…"
      failedTitle="This link could not confirm your address"
      testId="confirm-email"
      action={verify}
    >
      <p>
        Links work once, for 24 hours, signed in with the wallet that asked for them; a newer address replaces an older
        link. <Link to="/settings/notifications">Send a new link</Link>
      </p>
    </EmailLinkAction>
  );
}

export default function VerifyEmailPage() {
  return (
    <EmailLinkPage
      title="Confirm your email address"
      intro="Confirming proves the address is yours; only then do we email it."
    >
      {(token) => (
        <RequireSignIn purpose="confirm your email address">
          <Confirm token={token} />
        </RequireSignIn>
      )}
    </EmailLinkPage>
  );
}
