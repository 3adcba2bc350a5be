/**
 * Signed links of the notifications domain: unsubscribe (no sign-in needed) and email address verification.
 * `n1.<keyId>.<payload base64url>.<HMAC base64url>`, HMAC-SHA256 under a key derived (HKDF) from a key of the
 * field-encryption ring, so no other secret is configured and a token stays valid while its key is in the ring.
 * The payload names its purpose (a verification token is no unsubscribe token) and its expiry.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { KEY_ID_PATTERN, type KeyRing } from "../crypto/key-ring.ts";
import { RuleViolationError } from "../core/errors.ts";
import { NOTIFICATION_EVENTS } from "./events.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";

const INFO = "freehold/notifications/link-token/v1";
const VERSION = "n1";

const Payload = z.discriminatedUnion("p", [
  z.object({ p: z.literal("unsubscribe"), u: z.uuid(), e: z.enum(NOTIFICATION_EVENTS), x: z.number().int() }).strict(),
  z.object({ p: z.literal("verify-email"), u: z.uuid(), n: z.string().min(16).max(64), x: z.number().int() }).strict(),
]);
export type LinkToken = z.infer<typeof Payload>;

function mac(ring: KeyRing, keyId: string, body: string): Buffer {
  const key = Buffer.from(hkdfSync("sha256", ring.key(keyId), Buffer.alloc(0), INFO, 32));
  return createHmac("sha256", key).update(`${VERSION}.${keyId}.${body}`).digest();
}

export function signToken(ring: KeyRing, payload: LinkToken): string {
  const keyId = ring.currentKeyId;
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${VERSION}.${keyId}.${body}.${mac(ring, keyId, body).toString("base64url")}`;
}

const invalid = () => new RuleViolationError("link_invalid", "this link is not valid: use the latest link we sent");

/** The token's payload if it is authentic, of `purpose`, and not expired at `now`; otherwise a 422 refusal. */
export function verifyToken<P extends LinkToken["p"]>(
  ring: KeyRing,
  token: string,
  purpose: P,
  now = new Date(),
): Extract<LinkToken, { p: P }> {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw invalid();
  const [, keyId, body, signature] = parts as [string, string, string, string];
  if (!KEY_ID_PATTERN.test(keyId) || !ring.has(keyId)) throw invalid();
  const given = Buffer.from(signature, "base64url");
  const expected = mac(ring, keyId, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let parsed: LinkToken;
  try {
    parsed = Payload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw invalid();
  }
  if (parsed.p !== purpose) throw invalid();
  if (parsed.x * 1000 <= now.getTime()) throw new RuleViolationError("link_expired", "this link has expired");
  return parsed as Extract<LinkToken, { p: P }>;
}

const DAY_SECONDS = 86_400;
/** Unsubscribe links outlive the email by a long way: people act on old emails. */
export const UNSUBSCRIBE_TTL_SECONDS = 365 * DAY_SECONDS;
export const VERIFICATION_TTL_SECONDS = DAY_SECONDS;

export function unsubscribeToken(ring: KeyRing, userId: string, event: NotificationEvent, now = new Date()): string {
  return signToken(ring, {
    p: "unsubscribe",
    u: userId,
    e: event,
    x: Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_TTL_SECONDS,
  });
}
