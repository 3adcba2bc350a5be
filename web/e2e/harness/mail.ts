/**
 * Email in the browser journeys: what the local SMTP sink caught, read through the backend's development route
 * (`GET /api/v1/dev/mail`, the one the dev mail page shows), and a notification address verified through the app's
 * own email flow (set it, open the link of the confirmation email the sink caught, confirm).
 */
import assert from "node:assert/strict";
import type { ApiSession } from "./api";
import { e2eEnv } from "./env";

export interface CaughtMail {
  seq: number;
  from: string | null;
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  receivedAt: string;
}

/** Every email the sink caught, newest first (the backend runs in development mode under scripts/e2e.ts). */
export async function caughtMail(): Promise<CaughtMail[]> {
  const response = await fetch(`${e2eEnv().apiUrl}/api/v1/dev/mail`);
  assert.equal(response.status, 200, "GET /dev/mail answers (the backend runs with the local SMTP sink)");
  return (await response.json()) as CaughtMail[];
}

/** The newest email to `to` whose subject matches, once the backend's email worker has sent it (bounded). */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 60_000): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await caughtMail()).find((m) => m.to.includes(to) && subject.test(m.subject ?? ""));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email "${subject.source}" to ${to} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The web addresses in an email's text. */
export const linksIn = (text: string | null): string[] =>
  [...(text ?? "").matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);

/**
 * `session`'s notification address set to `address` and verified with the token of the link the confirmation email
 * carries (the browser steps of this flow are the notifications journey's).
 */
export async function verifyEmailAddress(session: ApiSession, address: string): Promise<void> {
  await session.request("POST", "/me/email", { address });
  const mail = await waitForMail(address, /Confirm your email address/);
  const link = linksIn(mail.text).find((l) => l.includes("/settings/email/verify?token="));
  assert.ok(link, `the confirmation email links to the verification route:\n${mail.text}`);
  const token = new URL(link).searchParams.get("token");
  assert.ok(token);
  const { body } = await session.request<{ verified: boolean }>("POST", "/me/email/verify", { token });
  assert.equal(body.verified, true);
}
