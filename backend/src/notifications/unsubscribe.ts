/**
 * The unsubscribe link of an email: its signed token turns that event's email off for its user, no sign-in needed.
 * Reading the link changes nothing (mail scanners and link previews fetch links); turning the email off is a POST,
 * from the web page's button or a mail client's one-click request (RFC 8058).
 */
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Db, Tx } from "../db/client.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import { listPreferences, setEmailPreference } from "./preferences.ts";
import { verifyToken } from "./tokens.ts";

export async function unsubscribe(
  tx: Tx,
  ring: KeyRing,
  token: string,
  now = new Date(),
): Promise<{ event: NotificationEvent; email: false }> {
  const payload = verifyToken(ring, token, "unsubscribe", now);
  const user = await tx.user.findUnique({ where: { id: payload.u }, select: { id: true } });
  // a deleted user has nothing left to unsubscribe from: same answer, nothing written
  if (user) await setEmailPreference(tx, payload.u, payload.e, false);
  return { event: payload.e, email: false };
}

/** What the link would turn off, and whether that email is on now; writes nothing. */
export async function readUnsubscribeLink(
  db: Db,
  ring: KeyRing,
  token: string,
  now = new Date(),
): Promise<{ event: NotificationEvent; emailOn: boolean }> {
  const payload = verifyToken(ring, token, "unsubscribe", now);
  const preferences = await listPreferences(db, payload.u);
  return { event: payload.e, emailOn: preferences.find((p) => p.event === payload.e)?.email ?? false };
}
