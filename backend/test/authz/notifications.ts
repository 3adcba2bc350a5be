/**
 * Matrix rows for the notification routes: every `/me/...` route acts on the caller's own data only (each
 * signed-in caller is allowed, on their own rows; another user's rows are refused in
 * src/notifications/notifications.test.ts); the unsubscribe link needs no sign-in; following needs a visible property.
 */
import { keyRingFromConfig } from "../../src/crypto/key-ring.ts";
import { verificationToken } from "../../src/notifications/email-address.ts";
import { notify } from "../../src/notifications/notify.ts";
import { unsubscribeToken } from "../../src/notifications/tokens.ts";
import { API, createProperty } from "../support/fixtures.ts";
import { EVERYONE, SEES_DRAFT, SIGNED_IN, type Caller, type MatrixRow, type World } from "./types.ts";

const self = (w: World, caller: Caller) => (caller === "anonymous" ? w.owner : w.users[caller]);

async function ownNotification(w: World, caller: Caller): Promise<string> {
  const user = self(w, caller);
  const done = await w.t.db.$transaction((tx) =>
    notify(tx, { userId: user.id, event: "KYC_DECIDED", data: { decision: "APPROVED" } }),
  );
  return done!.notificationId;
}

const plain = (path: string) => async () => ({ path: `${API}${path}` });

export const rows: MatrixRow[] = [
  { route: "GET /me/notifications", allow: SIGNED_IN, request: plain("/me/notifications") },
  { route: "GET /me/notifications/unread-count", allow: SIGNED_IN, request: plain("/me/notifications/unread-count") },
  { route: "POST /me/notifications/read-all", allow: SIGNED_IN, request: plain("/me/notifications/read-all") },
  {
    route: "POST /me/notifications/:id/read",
    allow: SIGNED_IN,
    request: async (w, caller) => ({ path: `${API}/me/notifications/${await ownNotification(w, caller)}/read` }),
  },
  { route: "GET /me/notification-preferences", allow: SIGNED_IN, request: plain("/me/notification-preferences") },
  {
    route: "PUT /me/notification-preferences",
    allow: SIGNED_IN,
    request: async () => ({
      path: `${API}/me/notification-preferences`,
      body: { items: [{ event: "ORDER_FILLED", email: false }] },
    }),
  },
  { route: "GET /me/email", allow: SIGNED_IN, request: plain("/me/email") },
  {
    route: "POST /me/email",
    allow: SIGNED_IN,
    request: async () => ({ path: `${API}/me/email`, body: { address: "someone@example.com" } }),
  },
  {
    route: "POST /me/email/verify",
    allow: SIGNED_IN,
    request: async (w, caller) => {
      // a fresh link of the caller's own address (anonymous: the owner's, refused for want of a session)
      const user = self(w, caller);
      await w.t.as(user).post(`${API}/me/email`, { address: "someone@example.com" });
      const row = await w.t.db.emailOutbox.findFirstOrThrow({
        where: { userId: user.id, purpose: "ADDRESS_VERIFICATION" },
        orderBy: { createdAt: "desc" },
      });
      const ring = keyRingFromConfig(w.t.config.kycKeys);
      const token = verificationToken(ring, user.id, row.payload as { nonce: string; expiresAt: string });
      return { path: `${API}/me/email/verify`, body: { token } };
    },
  },
  ...(["GET", "POST"] as const).map((method) => ({
    route: `${method} /notifications/unsubscribe`,
    allow: EVERYONE,
    request: async (w: World) => {
      const token = unsubscribeToken(keyRingFromConfig(w.t.config.kycKeys), w.owner.id, "ORDER_FILLED");
      return { path: `${API}/notifications/unsubscribe?token=${encodeURIComponent(token)}` };
    },
  })),
  { route: "GET /me/followed-properties", allow: SIGNED_IN, request: plain("/me/followed-properties") },
  {
    route: "PUT /me/followed-properties/:propertyId",
    allow: SEES_DRAFT,
    request: async (w) => ({ path: `${API}/me/followed-properties/${(await createProperty(w.t, w.owner)).id}` }),
  },
  {
    route: "DELETE /me/followed-properties/:propertyId",
    allow: SIGNED_IN,
    request: async (w) => ({ path: `${API}/me/followed-properties/${(await createProperty(w.t, w.owner)).id}` }),
  },
];
