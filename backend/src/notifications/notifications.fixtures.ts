/** Test helpers of the notifications domain, through the public API. */
import assert from "node:assert/strict";
import type { TestContext, TestUser } from "../../test/support/harness.ts";
import { API } from "../../test/support/fixtures.ts";
import { keyRingFromConfig } from "../crypto/key-ring.ts";
import type { NotificationEvent } from "../generated/prisma/enums.ts";
import { verificationToken } from "./email-address.ts";

/** Sets and verifies a user's address through the API, with the token the verification email would carry. */
export async function verifiedEmail(
  t: TestContext,
  user: TestUser,
  address = `u${Date.now()}${Math.random()}@example.com`,
): Promise<string> {
  const set = await t.as(user).post(`${API}/me/email`, { address });
  assert.equal(set.status, 200, set.text);
  const row = await t.db.emailOutbox.findFirstOrThrow({
    where: { userId: user.id, purpose: "ADDRESS_VERIFICATION" },
    orderBy: { createdAt: "desc" },
  });
  const ring = keyRingFromConfig(t.config.kycKeys);
  const token = verificationToken(ring, user.id, row.payload as { nonce: string; expiresAt: string });
  const verified = await t.as(user).post(`${API}/me/email/verify`, { token });
  assert.equal(verified.status, 200, verified.text);
  assert.deepEqual(verified.body, { address, verified: true });
  return token;
}

/** Turns one event's email off through the API. */
export async function emailOff(t: TestContext, user: TestUser, event: NotificationEvent): Promise<void> {
  const res = await t.as(user).put(`${API}/me/notification-preferences`, { items: [{ event, email: false }] });
  assert.equal(res.status, 200, res.text);
}

/** A user's notifications of one event, oldest first, with whether an email was queued for each. */
export async function inboxOf(t: TestContext, userId: string, event?: NotificationEvent) {
  const rows = await t.db.notification.findMany({
    where: { userId, ...(event ? { event } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { email: { select: { id: true } } },
  });
  return rows.map((r) => ({
    event: r.event,
    data: r.data as Record<string, unknown>,
    email: !!r.email,
    key: r.dedupeKey,
  }));
}
