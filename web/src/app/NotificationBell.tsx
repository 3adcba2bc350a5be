import { NavLink } from "react-router";
import { useUnreadCount } from "../api/unreadCount";
import { useSignedIn } from "../wallet/session";

/** "3 unread notifications" / "No unread notifications": the bell's accessible name says what the badge shows. */
export function unreadLabel(unread: number | undefined): string {
  if (!unread) return "Notifications, none unread";
  return `Notifications, ${unread} unread`;
}

/** The badge's text: the count, capped so it stays one small circle. */
export const badgeText = (unread: number): string => (unread > 99 ? "99+" : String(unread));

/**
 * The header's bell for people signed in: the inbox link with the unread count, polled every minute and refreshed
 * when the window regains focus (useUnreadCount).
 */
export function NotificationBell() {
  const { session } = useSignedIn();
  const unread = useUnreadCount(Boolean(session));
  if (!session) return null;
  const count = unread.data?.unread ?? 0;
  return (
    <NavLink to="/notifications" className="bell" aria-label={unreadLabel(count)} data-testid="notification-bell">
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 ? (
        <span className="bell__count" aria-hidden="true">
          {badgeText(count)}
        </span>
      ) : null}
    </NavLink>
  );
}
