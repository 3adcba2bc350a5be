/** The worker's transport: nodemailer over SMTP, with timeouts well inside the worker's lease. */
import nodemailer from "nodemailer";
import type { MailTransport, OutgoingMail } from "./worker.ts";

export interface SmtpSettings {
  /** smtp://user:password@host:port or smtps://... (credentials URL-encoded). */
  url: string;
  from: string;
  /** Connection, greeting and socket timeouts (each), shorter than the worker's lease. */
  timeoutMs: number;
}

export function smtpTransport(settings: SmtpSettings): MailTransport & { close(): void } {
  const url = new URL(settings.url);
  const transporter = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    async send(mail: OutgoingMail): Promise<void> {
      await transporter.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
    },
    close: () => transporter.close(),
  };
}
