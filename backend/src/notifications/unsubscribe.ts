/** The unsubscribe link of an email: its signed token turns that event's email off for its user, no sign-in needed. */
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Tx } from "../db/client.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import { setEmailPreference } from "./preferences.ts";
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
