import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { notificationKeys, unsubscribeWithLink, useUnsubscribeLink } from "../../api/notifications";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { EmailLinkAction, EmailLinkPage } from "./EmailLinkPage";
import { EVENT_LABELS } from "./labels";

/**
 * Where each notification email's "stop emails of this kind" link lands (`/settings/email/unsubscribe?token=…`,
 * written by the backend's email worker). No sign-in: the signed token names the person and the kind of email.
 * Opening the page only reads what the link turns off; the button turns the emails off.
 */
function Unsubscribe({ token }: { token: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const link = useUnsubscribeLink(token);
  const stop = useMutation({
    mutationFn: () => unsubscribeWithLink(api, token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  if (link.isPending) return <Loading label="Reading the link" />;
  if (link.isError)
    return (
      <Alert tone="bad" title="This link cannot be used">
        <p>{link.error.message}</p>
        <p>
          Links work for a year after the email was sent. You can turn any email off in{" "}
          <Link to="/settings/notifications">your notification settings</Link> once signed in.
        </p>
      </Alert>
    );
  const label = EVENT_LABELS[link.data.event].label;
  if (stop.isSuccess || !link.data.emailOn)
    return (
      <Alert tone="ok" title="You will get no more of these emails">
        <p>
          “{label}” is no longer emailed to you; it still appears in your inbox on Freehold. To change your mind or turn
          other emails off, open <Link to="/settings/notifications">your notification settings</Link>.
        </p>
      </Alert>
    );
  return (
    <div className="stack">
      <p>
        Stop the emails “<strong>{label}</strong>”? Other emails are not affected, and these notices still appear in
        your inbox on Freehold.
      </p>
      <EmailLinkAction
        label="Stop these emails"
        pendingLabel="Turning off…"
        failedTitle="The emails could not be turned off"
        testId="unsubscribe"
        action={stop}
      />
    </div>
  );
}

export default function UnsubscribePage() {
  return <EmailLinkPage title="Stop emails of one kind">{(token) => <Unsubscribe token={token} />}</EmailLinkPage>;
}
