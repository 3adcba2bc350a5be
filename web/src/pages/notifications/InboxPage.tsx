import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { markAllRead, markRead, notificationKeys, useInbox, type Notification } from "../../api/notifications";
import { formatDateTime } from "../../format/dates";
import { Alert } from "../../ui/Alert";
import { EmptyState } from "../../ui/EmptyState";
import { Loading } from "../../ui/Skeleton";
import { usePageTitle } from "../../ui/usePageTitle";
import { RequireSignIn } from "../../wallet/RequireSignIn";
import "./notifications.css";

function useInboxActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  return {
    one: useMutation({ mutationFn: (id: string) => markRead(api, id), onSettled: refresh }),
    all: useMutation({ mutationFn: () => markAllRead(api), onSettled: refresh }),
  };
}

function NotificationItem({ n, onRead, busy }: { n: Notification; onRead: () => void; busy: boolean }) {
  return (
    <li className={`inbox__item${n.read ? "" : " inbox__item--unread"}`} data-testid="notification">
      <div className="inbox__text">
        <Link to={n.link} onClick={n.read ? undefined : onRead}>
          {n.read ? null : <span className="visually-hidden">Unread: </span>}
          {n.subject}
        </Link>
        <div className="small muted">{formatDateTime(n.createdAt)}</div>
      </div>
      {n.read ? (
        <span className="small muted">Read</span>
      ) : (
        <button type="button" className="btn btn--secondary btn--small" onClick={onRead} disabled={busy}>
          Mark read<span className="visually-hidden">: {n.subject}</span>
        </button>
      )}
    </li>
  );
}

function Inbox() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useInbox(unreadOnly);
  const actions = useInboxActions();
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const failed = actions.one.error ?? actions.all.error;
  return (
    <div className="stack">
      <div className="row">
        <label className="row" style={{ gap: "0.4rem" }}>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
          Unread only
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => actions.all.mutate()}
          disabled={actions.all.isPending || !items.some((n) => !n.read)}
        >
          Mark all read
        </button>
        <Link className="small" to="/settings/notifications">
          Email and preferences
        </Link>
      </div>
      {failed ? (
        <Alert tone="bad" title="That could not be saved">
          <p>{failed.message}</p>
        </Alert>
      ) : null}
      {actions.all.isSuccess ? (
        <p className="small" role="status">
          {actions.all.data.marked === 1 ? "1 notification" : `${actions.all.data.marked} notifications`} marked read.
        </p>
      ) : null}
      {inbox.isPending ? (
        <Loading label="Loading your notifications" />
      ) : inbox.isError ? (
        <Alert tone="bad" title="Your notifications could not be loaded">
          <p>{inbox.error.message}</p>
        </Alert>
      ) : items.length === 0 ? (
        <EmptyState title={unreadOnly ? "Nothing unread" : "No notifications yet"}>
          <p>
            You are told here when something needs you: a verification decision, an offering of a property you follow,
            units, rent or returned capital to claim, a statement ready.
          </p>
        </EmptyState>
      ) : (
        <>
          <ul className="inbox panel" aria-label="Notifications, newest first">
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} busy={actions.one.isPending} onRead={() => actions.one.mutate(n.id)} />
            ))}
          </ul>
          {inbox.hasNextPage ? (
            <button
              type="button"
              className="btn btn--secondary"
              onClick={() => void inbox.fetchNextPage()}
              disabled={inbox.isFetchingNextPage}
            >
              {inbox.isFetchingNextPage ? "Loading…" : "Show older notifications"}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

export default function InboxPage() {
  usePageTitle("Notifications");
  return (
    <div className="stack" style={{ maxWidth: 860 }}>
      <div className="page-head">
        <div>
          <div className="eyebrow">Notifications</div>
          <h1>Your notifications</h1>
          <p>What happened that concerns you, newest first. Emails follow your preferences.</p>
        </div>
      </div>
      <RequireSignIn purpose="see your notifications">
        <Inbox />
      </RequireSignIn>
    </div>
  );
}
