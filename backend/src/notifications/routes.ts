/** Notification routes: the signed-in user's inbox, email address, preferences and follows; the unsubscribe link. */
import { z } from "zod";
import { ServiceUnavailableError } from "../core/errors.ts";
import { IdParams } from "../core/schemas.ts";
import { keyRingOf } from "../http/deps.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { emailStatus, setEmailAddress, verifyEmailAddress } from "./email-address.ts";
import { follow, followedProperties, unfollow } from "./follows.ts";
import { listInbox, markAllRead, markRead, unreadCount } from "./inbox.ts";
import { listPreferences, setPreferences } from "./preferences.ts";
import {
  EmailStatusView,
  FollowList,
  InboxQuery,
  NotificationPage,
  NotificationView,
  PreferenceList,
  PropertyParams,
  ReadAllResult,
  SetEmailBody,
  SetPreferencesBody,
  TokenBody,
  TokenQuery,
  UnreadCount,
  UnsubscribeLinkView,
  UnsubscribedView,
  presentEmailStatus,
  presentNotification,
  presentPreferences,
} from "./schemas.ts";
import { readUnsubscribeLink, unsubscribe } from "./unsubscribe.ts";

const ring = keyRingOf;
const tags = ["notifications"];

export const notificationRoutes: RouteSpec[] = [
  defineRoute({
    method: "get",
    path: "/me/notifications",
    summary: "The signed-in user's notifications, newest first",
    tags,
    access: "authenticated",
    query: InboxQuery,
    responses: { 200: { description: "A page of notifications", schema: NotificationPage } },
    handler: async ({ deps, actor, query }) => {
      const page = await listInbox(deps.db, actor, query);
      return { status: 200, body: { items: page.items.map(presentNotification), nextCursor: page.nextCursor } };
    },
  }),
  defineRoute({
    method: "get",
    path: "/me/notifications/unread-count",
    summary: "How many of the signed-in user's notifications are unread",
    tags,
    access: "authenticated",
    responses: { 200: { description: "Unread count", schema: UnreadCount } },
    handler: async ({ deps, actor }) => ({ status: 200, body: { unread: await unreadCount(deps.db, actor) } }),
  }),
  defineRoute({
    method: "post",
    path: "/me/notifications/read-all",
    summary: "Mark every notification of the signed-in user read",
    tags,
    access: "authenticated",
    responses: { 200: { description: "How many were unread", schema: ReadAllResult } },
    handler: async ({ actor, transaction }) =>
      transaction(async (tx) => ({ status: 200, body: { marked: await markAllRead(tx, actor) } })),
  }),
  defineRoute({
    method: "post",
    path: "/me/notifications/:id/read",
    summary: "Mark one of the signed-in user's notifications read",
    tags,
    access: "authenticated",
    params: IdParams,
    responses: { 200: { description: "The notification", schema: NotificationView } },
    handler: async ({ actor, params, transaction }) =>
      transaction(async (tx) => ({ status: 200, body: presentNotification(await markRead(tx, actor, params.id)) })),
  }),
  defineRoute({
    method: "get",
    path: "/me/notification-preferences",
    summary: "Email on/off per event (in-app is always on)",
    tags,
    access: "authenticated",
    responses: { 200: { description: "Every event's preference", schema: PreferenceList } },
    handler: async ({ deps, actor }) => ({
      status: 200,
      body: presentPreferences(await listPreferences(deps.db, actor.id)),
    }),
  }),
  defineRoute({
    method: "put",
    path: "/me/notification-preferences",
    summary: "Turn email on or off for the events named",
    tags,
    access: "authenticated",
    body: SetPreferencesBody,
    responses: { 200: { description: "Every event's preference", schema: PreferenceList } },
    handler: async ({ actor, body, transaction }) =>
      transaction(async (tx) => ({
        status: 200,
        body: presentPreferences(await setPreferences(tx, actor, body.items)),
      })),
  }),
  defineRoute({
    method: "get",
    path: "/me/email",
    summary: "The signed-in user's notification email address and whether it is verified",
    tags,
    access: "authenticated",
    responses: { 200: { description: "The address", schema: EmailStatusView } },
    handler: async ({ deps, actor }) => ({
      status: 200,
      body: presentEmailStatus(await emailStatus(deps.db, ring(deps), actor)),
    }),
  }),
  defineRoute({
    method: "post",
    path: "/me/email",
    summary: "Set the notification email address (a verification link is emailed to it)",
    tags,
    access: "authenticated",
    rateLimited: true,
    body: SetEmailBody,
    responses: { 200: { description: "Set, not yet verified", schema: EmailStatusView } },
    handler: async ({ deps, actor, body, transaction }) =>
      transaction(async (tx) => ({
        status: 200,
        body: presentEmailStatus(await setEmailAddress(tx, ring(deps), actor, body.address)),
      })),
  }),
  defineRoute({
    method: "post",
    path: "/me/email/verify",
    summary: "Confirm the notification email address with the token of its link",
    tags,
    access: "authenticated",
    body: TokenBody,
    responses: { 200: { description: "Verified", schema: EmailStatusView } },
    handler: async ({ deps, actor, body, transaction }) =>
      transaction(async (tx) => ({
        status: 200,
        body: presentEmailStatus(await verifyEmailAddress(tx, ring(deps), actor, body.token)),
      })),
  }),
  defineRoute({
    method: "get",
    path: "/notifications/unsubscribe",
    summary: "What an email's signed unsubscribe link turns off (no sign-in; reading it changes nothing)",
    tags,
    access: "public",
    query: TokenQuery,
    responses: { 200: { description: "The event and whether its emails are on", schema: UnsubscribeLinkView } },
    handler: async ({ deps, query }) => ({
      status: 200,
      body: await readUnsubscribeLink(deps.db, ring(deps), query.token),
    }),
  }),
  defineRoute({
    method: "post",
    path: "/notifications/unsubscribe",
    summary:
      "Turn off the emails of one event with an email's signed link (no sign-in): the web page's button, or a mail " +
      "client's one-click request (RFC 8058, body `List-Unsubscribe=One-Click`, which is not read)",
    tags,
    access: "public",
    query: TokenQuery,
    responses: { 200: { description: "Emails of that event are off", schema: UnsubscribedView } },
    handler: async ({ deps, query, transaction }) =>
      transaction(async (tx) => ({ status: 200, body: await unsubscribe(tx, ring(deps), query.token) })),
  }),
  defineRoute({
    method: "get",
    path: "/me/followed-properties",
    summary: "Properties the signed-in user follows",
    tags,
    access: "authenticated",
    responses: { 200: { description: "Followed properties", schema: FollowList } },
    handler: async ({ deps, actor }) => {
      const items = await followedProperties(deps.db, actor);
      return { status: 200, body: { items: items.map((f) => ({ ...f, since: f.since.toISOString() })) } };
    },
  }),
  defineRoute({
    method: "put",
    path: "/me/followed-properties/:propertyId",
    summary: "Follow a property (told when its offering opens)",
    tags,
    access: "authenticated",
    params: PropertyParams,
    responses: { 204: { description: "Followed" } },
    handler: async ({ actor, params, transaction }) =>
      transaction(async (tx) => {
        await follow(tx, actor, params.propertyId);
        return { status: 204 };
      }),
  }),
  defineRoute({
    method: "delete",
    path: "/me/followed-properties/:propertyId",
    summary: "Stop following a property",
    tags,
    access: "authenticated",
    params: PropertyParams,
    responses: { 204: { description: "Not followed" } },
    handler: async ({ actor, params, transaction }) =>
      transaction(async (tx) => {
        await unfollow(tx, actor, params.propertyId);
        return { status: 204 };
      }),
  }),
];

/**
 * Development only: GET /dev/mail lists what the local SMTP sink caught (packages/dev-kit/src/smtp-sink.ts), for
 * the web's development page. Mounted by the app only when DEV_MAIL_SINK_URL is set, which the configuration
 * refuses outside NODE_ENV=development: production never mounts it. Not in the OpenAPI document (not the API).
 */
export const CaughtMailView = z.object({
  seq: z.number().int(),
  messageId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  receivedAt: z.string(),
});

export function devMailRoutes(sinkUrl: string): RouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/dev/mail",
      summary: "Emails caught by the local SMTP sink (development only)",
      tags: ["development"],
      access: "public",
      responses: { 200: { description: "Caught emails, newest first", schema: z.array(CaughtMailView) } },
      handler: async () => {
        const response = await fetch(`${sinkUrl}/messages`).catch(() => null);
        if (!response?.ok) throw new ServiceUnavailableError("the local SMTP sink does not answer");
        const caught = z.array(CaughtMailView).parse(await response.json());
        return { status: 200, body: caught.reverse() };
      },
    }),
  ];
}
