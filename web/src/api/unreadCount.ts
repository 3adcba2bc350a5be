/**
 * The header's unread count (`GET /me/notifications/unread-count`): its own module, because the header is in the
 * marketplace's initial JavaScript and the rest of the notifications client (the inbox's infinite query) is not.
 */
import { useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { data } from "./client";
import { notificationKeys } from "./queryKeys";

/** Modest polling for the header's badge; it also refreshes when the window regains focus. */
export const UNREAD_POLL_MS = 60_000;

export function useUnreadCount(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: ({ signal }) => data(api.GET("/me/notifications/unread-count", { signal })),
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
  });
}
