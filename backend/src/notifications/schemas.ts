/** zod schemas of the notifications routes (validation, OpenAPI) and their presenters. */
import { z } from "zod";
import type { Notification } from "../generated/prisma/client.ts";
import { Cursor, Limit } from "../core/schemas.ts";
import { NOTIFICATION_EVENTS, type NotificationOf } from "./events.ts";
import type { EmailStatus } from "./email-address.ts";
import type { Preference } from "./preferences.ts";
import { notificationHeadline } from "./templates.ts";

export const NotificationEventSchema = z.enum(NOTIFICATION_EVENTS).meta({ id: "NotificationEvent" });

export const NotificationView = z
  .object({
    id: z.uuid(),
    event: NotificationEventSchema,
    data: z.record(z.string(), z.string()).meta({ description: "What the event names: ids, property names, amounts" }),
    subject: z.string().meta({ description: "The event's sentence, as the email's subject says it" }),
    link: z.string().meta({ description: "Path of the web page where the person acts on it (as in the email)" }),
    read: z.boolean(),
    readAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Notification" });

export function presentNotification(n: Notification): z.infer<typeof NotificationView> {
  return {
    id: n.id,
    event: n.event,
    data: n.data as Record<string, string>,
    ...notificationHeadline({ event: n.event, data: n.data } as NotificationOf),
    read: n.readAt !== null,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

export const InboxQuery = z
  .object({ limit: Limit, cursor: Cursor, unread: z.enum(["true", "false"]).optional() })
  .strict()
  .transform((q) => ({ limit: q.limit, cursor: q.cursor, unread: q.unread === "true" }));

export const NotificationPage = z
  .object({ items: z.array(NotificationView), nextCursor: z.string().nullable() })
  .meta({ id: "NotificationPage" });

export const UnreadCount = z.object({ unread: z.number().int().min(0) }).meta({ id: "UnreadCount" });
export const ReadAllResult = z.object({ marked: z.number().int().min(0) }).meta({ id: "ReadAllResult" });

export const PreferenceView = z
  .object({ event: NotificationEventSchema, inApp: z.literal(true), email: z.boolean() })
  .meta({ id: "NotificationPreference" });
export const PreferenceList = z.object({ items: z.array(PreferenceView) }).meta({ id: "NotificationPreferences" });
export const presentPreferences = (items: Preference[]): z.infer<typeof PreferenceList> => ({ items });

export const SetPreferencesBody = z
  .object({
    items: z
      .array(z.object({ event: NotificationEventSchema, email: z.boolean() }).strict())
      .min(1)
      .max(NOTIFICATION_EVENTS.length)
      .refine((items) => new Set(items.map((i) => i.event)).size === items.length, "events must not repeat"),
  })
  .strict();

export const EmailStatusView = z
  .object({ address: z.string().nullable(), verified: z.boolean() })
  .meta({ id: "NotificationEmail" });
export const presentEmailStatus = (s: EmailStatus): z.infer<typeof EmailStatusView> => s;

export const SetEmailBody = z.object({ address: z.email().max(254) }).strict();
export const TokenBody = z.object({ token: z.string().min(1).max(2_000) }).strict();
export const TokenQuery = z.object({ token: z.string().min(1).max(2_000) }).strict();

export const UnsubscribedView = z
  .object({ event: NotificationEventSchema, email: z.literal(false) })
  .meta({ id: "Unsubscribed" });
export const UnsubscribeLinkView = z
  .object({
    event: NotificationEventSchema,
    emailOn: z.boolean().meta({ description: "Whether the emails of this event are on now" }),
  })
  .meta({ id: "UnsubscribeLink" });

export const PropertyParams = z.object({ propertyId: z.uuid() }).strict();
export const FollowList = z
  .object({ items: z.array(z.object({ propertyId: z.uuid(), since: z.iso.datetime() })) })
  .meta({ id: "FollowedProperties" });
