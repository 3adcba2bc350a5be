/**
 * Structured logs (pino) with a request id on every line. Redaction: cookies, authorization headers and
 * Set-Cookie never reach the log; request logs carry the path without the query string, and bodies are never
 * logged, so personal data and secrets stay out of logs.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pino, type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "freehold-backend" },
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]', "*.password", "*.signature", "*.token"],
      censor: "[redacted]",
    },
  });
}

const REQUEST_ID = /^[A-Za-z0-9_.-]{1,64}$/;

declare module "node:http" {
  interface IncomingMessage {
    /** The request id: a safe incoming X-Request-Id, or a fresh UUID; echoed in X-Request-Id. */
    id: string;
    /** A logger whose lines carry `req: {id, method, path}`. */
    log: Logger;
  }
}

type Level = "debug" | "info" | "error";

/**
 * One line per request when it ends (`request completed` / `request aborted`, `request errored` on 5xx) with
 * `req: {id, method, path}`, `res: {statusCode}` and `responseTime`, the shape pino-http writes. Successes log
 * at debug, refusals at info, failures at error. The per-request child logger is created only when a line is
 * written or a handler asks for `req.log`, so a request whose line is below the level costs no logging work.
 */
export function httpLogger(logger: Logger) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    const incoming = req.headers["x-request-id"];
    const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader("X-Request-Id", id);
    const started = Date.now();
    let child: Logger | undefined;
    const requestLogger = (): Logger => (child ??= logger.child({ req: { id, method: req.method, path: (req.originalUrl ?? req.url ?? "").split("?")[0] } }));
    Object.defineProperty(req, "log", { configurable: true, enumerable: false, get: requestLogger });
    const finished = (): void => {
      res.off("finish", finished);
      res.off("close", finished);
      const status = res.statusCode;
      const level: Level = status >= 500 ? "error" : status >= 400 ? "info" : "debug";
      if (!logger.isLevelEnabled(level)) return;
      const fields = { res: { statusCode: status }, responseTime: Date.now() - started };
      if (status >= 500) requestLogger().error({ ...fields, err: new Error(`failed with status code ${status}`) }, "request errored");
      else requestLogger()[level](fields, !req.readableAborted && res.writableEnded ? "request completed" : "request aborted");
    };
    res.on("finish", finished);
    res.on("close", finished);
    next();
  };
}
