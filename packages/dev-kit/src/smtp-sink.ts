/**
 * A local SMTP sink: accepts every message on 127.0.0.1 (no TLS, any or no authentication), parses it with
 * mailparser and keeps it in memory, so the local stack and tests can see exactly what the backend sent.
 * `messages()` lists them; `serveHttp()` exposes them as JSON (`GET /messages`) for the backend's development-only
 * `GET /dev/mail`. Tests can make it refuse the next messages (`refuse(n, code)`) to exercise retries.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  /** Order of arrival, from 1. */
  seq: number;
  messageId: string | null;
  from: string | null;
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  /** Header names in lower case; values as sent (folded lines joined). */
  headers: Record<string, string>;
  receivedAt: string;
}

export interface SmtpSink {
  port: number;
  /** SMTP_URL for a client of this sink. */
  url: string;
  messages(): CaughtMail[];
  /** Refuse the next `count` messages with `code` (4xx: try later, 5xx: refused for good) at MAIL FROM. */
  refuse(count: number, code?: number): void;
  clear(): void;
  /** Serves `GET /messages` (JSON array, newest last) on 127.0.0.1; returns its base URL. */
  serveHttp(port?: number): Promise<string>;
  close(): Promise<void>;
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) => (a.value ?? []).map((v) => v.address ?? ""));
}

export async function startSmtpSink(options: { port?: number; host?: string } = {}): Promise<SmtpSink> {
  const host = options.host ?? "127.0.0.1";
  const caught: CaughtMail[] = [];
  let refusals: { left: number; code: number } = { left: 0, code: 451 };
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: "sink" }),
    onMailFrom: (_address, _session, callback) => {
      if (refusals.left > 0) {
        refusals.left -= 1;
        const error = Object.assign(new Error("the sink refuses this message (test)"), {
          responseCode: refusals.code,
        });
        return callback(error);
      }
      return callback();
    },
    onData: (stream, _session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          // the raw header lines, as sent (mailparser's parsed `headers` restructure some, e.g. List-*)
          const headers: Record<string, string> = {};
          for (const { key, line } of mail.headerLines) {
            headers[key.toLowerCase()] = line
              .slice(line.indexOf(":") + 1)
              .replace(/\r?\n\s+/g, " ")
              .trim();
          }
          seq += 1;
          caught.push({
            seq,
            messageId: mail.messageId ?? null,
            from: mail.from?.text ?? null,
            to: addresses(mail.to),
            subject: mail.subject ?? null,
            text: mail.text ?? null,
            html: typeof mail.html === "string" ? mail.html : null,
            headers,
            receivedAt: new Date().toISOString(),
          });
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  let http: HttpServer | undefined;
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages: () => caught.map((m) => ({ ...m, to: [...m.to], headers: { ...m.headers } })),
    refuse: (count, code = 451) => {
      refusals = { left: count, code };
    },
    clear: () => {
      caught.length = 0;
    },
    serveHttp: async (httpPort = 0) => {
      http = createHttpServer((req, res) => {
        if (req.method === "GET" && req.url === "/messages") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(caught));
          return;
        }
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => http!.listen(httpPort, host, () => resolve()));
      return `http://${host}:${(http.address() as AddressInfo).port}`;
    },
    close: async () => {
      await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
