/**
 * What an SMTP failure means for a message that was handed to the transport: whether it certainly did not leave
 * (the server answered with a refusal, or no connection was ever made) or may have left (the connection broke
 * after the message data was sent, before the server's final reply). Only the first may be retried.
 */
export type FailureKind = "retry" | "permanent" | "unknown";

export interface Classified {
  kind: FailureKind;
  /** Reply code and class only: SMTP replies may quote the recipient, so their text is never kept. */
  summary: string;
}

/** Commands before DATA: a failure there means the server never accepted the message. */
const BEFORE_DATA = new Set([
  "CONN",
  "EHLO",
  "HELO",
  "LHLO",
  "STARTTLS",
  "AUTH PLAIN",
  "AUTH LOGIN",
  "MAIL FROM",
  "RCPT TO",
]);

export function classifySmtpFailure(error: unknown): Classified {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; command?: unknown };
  const code = typeof e.code === "string" ? e.code.replace(/[^A-Z0-9_]/g, "").slice(0, 24) : "ERROR";
  const command = typeof e.command === "string" ? e.command.toUpperCase() : "";
  if (typeof e.responseCode === "number") {
    const reply = e.responseCode;
    // A reply is the server's answer: the message was not accepted (4xx transient, 5xx permanent).
    const kind = reply >= 500 ? "permanent" : "retry";
    return { kind, summary: `SMTP ${reply} (${code}${command ? ` at ${command.split(" ")[0]}` : ""})` };
  }
  if (BEFORE_DATA.has(command) || code === "ECONNECTION" || code === "EDNS") {
    return { kind: "retry", summary: `no delivery (${code}${command ? ` at ${command.split(" ")[0]}` : ""})` };
  }
  return { kind: "unknown", summary: `connection lost, delivery unknown (${code})` };
}
