import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { Alert } from "../../ui/Alert";
import { usePageTitle } from "../../ui/usePageTitle";

/**
 * The frame of a page an email's signed link opens (`?token=…`): the heading, and the words for a link that lost
 * its token. `children` gets the token. What the page does is a button, never a request on load: mail scanners
 * and link previews open every link.
 */
export function EmailLinkPage({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children: (token: string) => ReactNode;
}) {
  usePageTitle(title);
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  return (
    <div className="stack" style={{ maxWidth: 720 }}>
      <div className="page-head">
        <div>
          <div className="eyebrow">Notifications</div>
          <h1>{title}</h1>
          {intro ? <p>{intro}</p> : null}
        </div>
      </div>
      {token ? (
        children(token)
      ) : (
        <Alert tone="warn" title="This link is incomplete">
          <p>
            Open the link from the email exactly as it was sent, or go to{" "}
            <Link to="/settings/notifications">your notification settings</Link>.
          </p>
        </Alert>
      )}
    </div>
  );
}

/** The page's one action: its button, and what went wrong when it failed. */
export function EmailLinkAction({
  label,
  pendingLabel,
  failedTitle,
  testId,
  action,
  children,
}: {
  label: string;
  pendingLabel: string;
  failedTitle: string;
  testId: string;
  action: { mutate: () => void; isPending: boolean; isError: boolean; error: Error | null };
  children?: ReactNode;
}) {
  return (
    <div className="stack">
      {action.isError ? (
        <Alert tone="bad" title={failedTitle}>
          <p>{action.error?.message}</p>
          {children}
        </Alert>
      ) : null}
      <div>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => action.mutate()}
          disabled={action.isPending}
          data-testid={testId}
        >
          {action.isPending ? pendingLabel : label}
        </button>
      </div>
    </div>
  );
}
