/**
 * The signed-in person's notifications (inbox, unread count), email address and its verification, email
 * preferences per event, and followed properties (`/me/...`). Shapes are the generated `Notification`,
 * `NotificationPreference`, `NotificationEmail`, `FollowedProperties`.
 */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useApi } from "./ApiContext";
import { data, type ApiClient } from "./client";
import type { components } from "./generated/openapi";
import { notificationKeys } from "./queryKeys";

type Schemas = components["schemas"];
export type Notification = Schemas["Notification"];
export type NotificationEvent = Schemas["NotificationEvent"];
export type NotificationPreference = Schemas["NotificationPreference"];
export type NotificationEmail = Schemas["NotificationEmail"];

export const INBOX_PAGE_SIZE = 20;

/** The inbox, newest first, keyset paged (`nextCursor`). */
export function useInbox(unreadOnly: boolean) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: notificationKeys.inbox(unreadOnly),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET("/me/notifications", {
          params: {
            query: { limit: INBOX_PAGE_SIZE, cursor: pageParam, unread: unreadOnly ? "true" : undefined },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function markRead(api: ApiClient, id: string) {
  return data(api.POST("/me/notifications/{id}/read", { params: { path: { id } } }));
}

export function markAllRead(api: ApiClient) {
  return data(api.POST("/me/notifications/read-all"));
}

export function usePreferences() {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) => data(api.GET("/me/notification-preferences", { signal })),
  });
}

export function setEmailPreference(api: ApiClient, event: NotificationEvent, email: boolean) {
  return data(api.PUT("/me/notification-preferences", { body: { items: [{ event, email }] } }));
}

export function useEmailAddress() {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.email(),
    queryFn: ({ signal }) => data(api.GET("/me/email", { signal })),
  });
}

export function setEmailAddress(api: ApiClient, address: string) {
  return data(api.POST("/me/email", { body: { address } }));
}

/** Confirms the address with the token of the link emailed to it (signed in as the same person). */
export function verifyEmailAddress(api: ApiClient, token: string) {
  return data(api.POST("/me/email/verify", { body: { token } }));
}

/** What an email's unsubscribe link would turn off, and whether it is on now; reading it changes nothing. */
export function useUnsubscribeLink(token: string) {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.unsubscribeLink(token),
    queryFn: ({ signal }) => data(api.GET("/notifications/unsubscribe", { params: { query: { token } }, signal })),
    enabled: token !== "",
    retry: false,
  });
}

/** Turns off the emails the link names (the same request a mail client's one-click unsubscribe makes). */
export function unsubscribeWithLink(api: ApiClient, token: string) {
  return data(api.POST("/notifications/unsubscribe", { params: { query: { token } } }));
}

export function useFollowedProperties(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.follows(),
    queryFn: ({ signal }) => data(api.GET("/me/followed-properties", { signal })),
    enabled,
  });
}

export function followProperty(api: ApiClient, propertyId: string, follow: boolean) {
  const params = { params: { path: { propertyId } } };
  return data(
    follow
      ? api.PUT("/me/followed-properties/{propertyId}", params)
      : api.DELETE("/me/followed-properties/{propertyId}", params),
  );
}

export { notificationKeys };
