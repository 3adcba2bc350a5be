/**
 * The email worker: sends outbox rows through SMTP, at most once each (README: "Delivery").
 *
 * 1. Rows SENDING whose lease has expired belong to a worker that died or hung after it may have sent them:
 *    they become UNKNOWN, never sent again.
 * 2. Claim: one statement picks due PENDING rows with FOR UPDATE SKIP LOCKED and marks them SENDING with this
 *    worker's id and a lease; it commits before anything is sent, so no other worker can pick them.
 * 3. Send each with a Message-ID derived from the row id, then settle it (only if this worker still holds it):
 *    SENT; back to PENDING after a refusal (with exponential backoff, FAILED after the last attempt); FAILED when
 *    refused for good; UNKNOWN when the connection broke after the data was sent.
 */
import { randomUUID } from "node:crypto";
import type { KeyRing } from "../../crypto/key-ring.ts";
import { decryptText } from "../../crypto/field-cipher.ts";
import type { Db } from "../../db/client.ts";
import type { EmailOutbox } from "../../generated/prisma/client.ts";
import { addressContext, verificationToken } from "../email-address.ts";
import type { NotificationOf } from "../events.ts";
import { renderNotificationEmail, renderVerificationEmail, type RenderedEmail } from "../templates.ts";
import { unsubscribeToken } from "../tokens.ts";
import { backoffMs } from "./backoff.ts";
import { classifySmtpFailure } from "./smtp-outcome.ts";

export interface OutgoingMail extends RenderedEmail {
  to: string;
  messageId: string;
  headers: Record<string, string>;
}

/** What the worker needs of a mail transport (nodemailer's, in smtp-transport.ts). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

export interface DeliverySettings {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  leaseMs: number;
  batchSize: number;
  /** Where links point: the web app (which also serves /api). */
  webOrigin: string;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  unknown: number;
}

export interface EmailWorker {
  readonly id: string;
  runOnce(now?: Date): Promise<DeliveryReport>;
}

/** The Message-ID of an outbox row: the same for every attempt, so a receiver that dedupes by it sees one message. */
export function messageIdOf(outboxId: string): string {
  return `<${outboxId}@notifications.freehold>`;
}

export function createEmailWorker(deps: {
  db: Db;
  ring: KeyRing;
  transport: MailTransport;
  settings: DeliverySettings;
  id?: string;
}): EmailWorker {
  const { db, ring, transport, settings } = deps;
  const id = deps.id ?? randomUUID();

  type Settlement = Pick<Partial<EmailOutbox>, "status" | "lastError" | "nextAttemptAt" | "sentAt">;

  async function settle(row: EmailOutbox, data: Settlement): Promise<void> {
    await db.emailOutbox.updateMany({
      where: { id: row.id, claimedBy: id, status: "SENDING" },
      data: { ...data, claimedBy: null, leaseUntil: null },
    });
  }

  async function compose(row: EmailOutbox, now: Date): Promise<OutgoingMail | string> {
    const contact = await db.emailContact.findUnique({ where: { userId: row.userId } });
    if (!contact) return "no address";
    const headers: Record<string, string> = {};
    let rendered: RenderedEmail;
    if (row.purpose === "ADDRESS_VERIFICATION") {
      const payload = row.payload as { nonce: string; expiresAt: string };
      // replaced by a later address, already used, or expired: the link would not work
      if (contact.verificationNonce !== payload.nonce || new Date(payload.expiresAt) <= now) return "superseded";
      const token = verificationToken(ring, row.userId, payload);
      rendered = renderVerificationEmail(`${settings.webOrigin}/settings/email/verify?token=${token}`);
    } else {
      if (!contact.verifiedAt) return "no verified address";
      const notification = await db.notification.findUnique({ where: { id: row.notificationId ?? "" } });
      if (!notification) return "notification gone";
      const token = unsubscribeToken(ring, row.userId, notification.event, now);
      // The body's link opens a page with a button (a scanner's visit turns nothing off); the header is for mail
      // clients' one-click unsubscribe, a POST to the API itself (RFC 8058).
      rendered = renderNotificationEmail({ event: notification.event, data: notification.data } as NotificationOf, {
        webOrigin: settings.webOrigin,
        unsubscribeUrl: `${settings.webOrigin}/settings/email/unsubscribe?token=${token}`,
      });
      headers["List-Unsubscribe"] = `<${settings.webOrigin}/api/v1/notifications/unsubscribe?token=${token}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    const to = decryptText(ring, contact.addressCiphertext, addressContext(row.userId));
    return { ...rendered, to, messageId: messageIdOf(row.id), headers };
  }

  async function deliver(row: EmailOutbox, now: Date, report: DeliveryReport): Promise<void> {
    const mail = await compose(row, now);
    if (typeof mail === "string") {
      report.failed += 1;
      return settle(row, { status: "FAILED", lastError: mail });
    }
    try {
      await transport.send(mail);
    } catch (error) {
      const failure = classifySmtpFailure(error);
      if (failure.kind === "unknown") {
        report.unknown += 1;
        return settle(row, { status: "UNKNOWN", lastError: failure.summary });
      }
      if (failure.kind === "permanent" || row.attempts >= settings.maxAttempts) {
        report.failed += 1;
        return settle(row, { status: "FAILED", lastError: failure.summary });
      }
      report.retried += 1;
      const wait = backoffMs(row.attempts, settings.backoffBaseMs, settings.backoffCapMs);
      return settle(row, {
        status: "PENDING",
        lastError: failure.summary,
        nextAttemptAt: new Date(Date.now() + wait),
      });
    }
    report.sent += 1;
    await settle(row, { status: "SENT", sentAt: new Date(), lastError: null });
  }

  return {
    id,
    async runOnce(now = new Date()): Promise<DeliveryReport> {
      const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, unknown: 0 };
      report.unknown += await db.$executeRaw`
        UPDATE email_outbox
           SET status = 'UNKNOWN', "claimedBy" = NULL, "leaseUntil" = NULL,
               "lastError" = 'lease expired while sending: delivery unknown, not sent again'
         WHERE status = 'SENDING' AND "leaseUntil" < ${now}`;
      const leaseUntil = new Date(now.getTime() + settings.leaseMs);
      const claimed = await db.$queryRaw<{ id: string }[]>`
        UPDATE email_outbox
           SET status = 'SENDING', "claimedBy" = ${id}, "leaseUntil" = ${leaseUntil}, attempts = attempts + 1
         WHERE id IN (SELECT id FROM email_outbox
                       WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}
                       ORDER BY "nextAttemptAt", id
                       LIMIT ${settings.batchSize}
                       FOR UPDATE SKIP LOCKED)
        RETURNING id`;
      if (claimed.length === 0) return report;
      const rows = await db.emailOutbox.findMany({
        where: { id: { in: claimed.map((c) => c.id) } },
        orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
      });
      for (const row of rows) await deliver(row, now, report);
      return report;
    },
  };
}
