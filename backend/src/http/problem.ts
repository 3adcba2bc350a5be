/**
 * The one place where errors become HTTP responses: RFC 9457 problem+json with a stable `code`.
 * Known errors (the domain's refusals of `core/errors.ts`, body-parser, multer and busboy failures, database
 * constraint violations, values the database cannot store) map to their status; anything else is a 500 whose
 * details go to the log only.
 */
import type { ErrorRequestHandler, Response } from "express";
import { MulterError } from "multer";
import { Prisma } from "../generated/prisma/client.ts";
import {
  DomainError,
  ConcurrentUpdateError,
  DuplicateError,
  NotFoundError,
  PayloadTooLargeError,
  RuleViolationError,
  ServiceUnavailableError,
  ValidationError,
  type RefusalCode,
} from "../core/errors.ts";
import { isMalformedMultipart } from "./upload.ts";

export const PROBLEM_TYPE_BASE = "https://freehold.dev/problems/";

/** Each kind of refusal as HTTP: its status and the problem's title. */
export const PROBLEM_KINDS = {
  validation_failed: { status: 400, title: "The request is not valid" },
  unauthenticated: { status: 401, title: "Sign-in required" },
  sign_in_rejected: { status: 401, title: "Sign-in rejected" },
  forbidden: { status: 403, title: "Not allowed" },
  not_found: { status: 404, title: "Not found" },
  duplicate: { status: 409, title: "Already recorded" },
  invalid_transition: { status: 409, title: "Transition not allowed" },
  rule_violated: { status: 422, title: "A rule of the registry refuses this change" },
  if_match_required: { status: 428, title: "If-Match header required" },
  version_mismatch: { status: 412, title: "The resource changed since you read it" },
  idempotency_key_reused: { status: 422, title: "Idempotency key already used for a different request" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  concurrent_update: { status: 409, title: "Concurrent update, retry" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<RefusalCode, { status: number; title: string }>;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

/** Seconds a client should wait before retrying a 503 (the database or another dependency is down). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// SQLSTATEs of a server that is unreachable, shutting down or full (class 08: connection exceptions).
const UNREACHABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const UNREACHABLE_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
// Prisma: can't reach / timed out / closed the connection / pool timeout.
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|is not currently accepting connections|Can't reach database server|Server has closed the connection|encountered a connection error and is not queryable/i;

/**
 * The error and what it wraps: its `cause` chain and, for a raw query, the driver's error that Prisma keeps in
 * `meta.driverAdapterError` (P2010 "Raw query failed" carries the SQLSTATE only there). Breadth first, bounded.
 */
function* wrappedErrors(error: unknown): Generator<{ code?: unknown; message?: unknown; originalCode?: unknown }> {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 10; seen++) {
    const e = queue.shift() as { cause?: unknown; meta?: { driverAdapterError?: unknown } } | null | undefined;
    if (!e || typeof e !== "object") continue;
    yield e as { code?: unknown; message?: unknown; originalCode?: unknown };
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
}

/**
 * Finding (issue 18, fault run): the database being down (shut down, restarting, unreachable) is a dependency
 * outage, answered 503 with Retry-After, not a 500. Looks through the error and everything it wraps (driver adapter,
 * pg; a raw query's driver error too: a restart during the sanctions-list lock answered 500 in CI).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of wrappedErrors(error)) {
    if (e instanceof Prisma.PrismaClientInitializationError) return true;
    const code = typeof e.code === "string" ? e.code : "";
    const sqlState = typeof e.originalCode === "string" ? e.originalCode : code;
    if (sqlState.startsWith("08") && sqlState.length === 5) return true;
    if (UNREACHABLE_SQLSTATES.has(sqlState) || UNREACHABLE_NODE_CODES.has(code) || UNREACHABLE_PRISMA_CODES.has(code))
      return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** The SQLSTATE a driver error carries, wherever Prisma wrapped it. */
function driverSqlState(error: unknown): string | undefined {
  for (const e of wrappedErrors(error)) if (typeof e.originalCode === "string") return e.originalCode;
  return undefined;
}

/**
 * PostgreSQL's data exceptions that a value causes (SQLSTATE class 22): the value cannot be stored or compared, so
 * the statement failed and its transaction rolled back. Said without internals (no column, type or SQLSTATE).
 * Other class-22 errors (division by zero, a bad regular expression) are bugs and stay 500s.
 */
const UNSTORABLE_VALUES: Record<string, string> = {
  "22003": "a number is outside the range the registry can store",
  "22008": "a date or time is outside the range the registry can store (years 0001 to 9999)",
  "22021": "a text holds a character the registry cannot store (such as NUL)",
  "22P02": "a value is not in the form the registry expects",
  "22001": "a text is longer than the registry can store",
};
// Prisma's own codes for two of them (a model query checks the value before PostgreSQL sees it).
const UNSTORABLE_PRISMA_CODES: Record<string, string> = { P2020: "22003", P2000: "22001" };

const BIGINT_NOT_BOUND = /Could not convert argument value Object \{"\$type": String\("BigInt"\)/;

function unstorableValue(sqlState: string): RuleViolationError {
  return new RuleViolationError("value_not_storable", `${UNSTORABLE_VALUES[sqlState]}; nothing was changed`);
}

/** Maps a database error to a refusal when it is one (constraint, uniqueness, serialization, value, outage). */
export function fromDatabaseError(error: unknown): DomainError | undefined {
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError("the database is unavailable; retry shortly");
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const target = JSON.stringify(error.meta?.["target"] ?? error.meta?.["modelName"] ?? "");
    switch (error.code) {
      case "P2002":
        return new DuplicateError(`a record with the same ${target} already exists`);
      case "P2025":
        return new NotFoundError("record");
      case "P2003":
        return new RuleViolationError("reference_missing", "a referenced record does not exist");
      case "P2034":
        return new ConcurrentUpdateError("the transaction conflicted with another one");
      case "P2004":
      case "P2011":
        return new RuleViolationError("constraint", error.message.split("\n").at(-1) ?? "constraint violated");
      case "P2000":
      case "P2020":
        return unstorableValue(UNSTORABLE_PRISMA_CODES[error.code]!);
    }
  }
  const message = error instanceof Error ? error.message : "";
  // A BigInt beyond 64 bits never reaches PostgreSQL: Prisma refuses to bind it (no code, only this message).
  if (error instanceof Prisma.PrismaClientUnknownRequestError && BIGINT_NOT_BOUND.test(message))
    return unstorableValue("22003");
  // Driver-adapter errors for CHECK / exclusion constraints surface as generic errors carrying the SQLSTATE.
  const sqlState = driverSqlState(error);
  if (sqlState === "23514" || /violates check constraint/.test(message)) {
    return new RuleViolationError("constraint", "a database constraint refused the values");
  }
  if (sqlState === "23505" || /duplicate key value|Unique constraint failed/.test(message)) {
    return new DuplicateError("a record with the same unique values already exists");
  }
  if (sqlState === "40001" || sqlState === "40P01") return new ConcurrentUpdateError("please retry");
  if (sqlState !== undefined && sqlState in UNSTORABLE_VALUES) return unstorableValue(sqlState);
  return undefined;
}

export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof MulterError) {
    if (error.code === "LIMIT_FILE_SIZE") return new PayloadTooLargeError("the file is larger than allowed");
    return new ValidationError(`upload refused: ${error.message}`, [
      { path: error.field ?? "file", message: error.code },
    ]);
  }
  if (isMalformedMultipart(error))
    return new ValidationError(`the multipart body is malformed: ${error.message}`, [
      { path: "body", message: "malformed multipart" },
    ]);
  const httpish = error as { type?: string; status?: number };
  if (httpish?.type === "entity.parse.failed") return new ValidationError("the body is not valid JSON");
  if (httpish?.type === "entity.too.large") return new PayloadTooLargeError("the body is larger than allowed");
  if (httpish?.type === "encoding.unsupported" || httpish?.type === "charset.unsupported") {
    return new ValidationError("unsupported body encoding");
  }
  if (typeof httpish?.status === "number" && httpish.status >= 400 && httpish.status < 500) {
    return new ValidationError("the request could not be read");
  }
  return fromDatabaseError(error);
}

export function sendProblem(res: Response, error: DomainError, instance: string, requestId: string | undefined): void {
  const { status, title } = PROBLEM_KINDS[error.code];
  const body: ProblemDocument = {
    type: PROBLEM_TYPE_BASE + error.code,
    title,
    status,
    detail: error.message,
    code: error.code,
    instance,
    ...(requestId ? { requestId } : {}),
    ...error.extras,
  };
  if (error.code === "unavailable") res.set("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  // A refusal that knows when to come back (the relay's per-user limits) says so.
  const retryAfter = error.extras["retryAfterSeconds"];
  if (error.code === "rate_limited" && typeof retryAfter === "number") res.set("Retry-After", String(retryAfter));
  res.status(status).type("application/problem+json").send(JSON.stringify(body));
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const requestId = typeof req.id === "string" ? req.id : String(req.id ?? "");
  const known = toDomainError(error);
  if (known) {
    sendProblem(res, known, req.originalUrl.split("?")[0] ?? "", requestId);
    return;
  }
  req.log?.error({ err: error }, "unhandled error");
  const body: ProblemDocument = {
    type: PROBLEM_TYPE_BASE + "internal",
    title: "Internal error",
    status: 500,
    detail: "an unexpected error occurred; it has been logged",
    code: "internal",
    requestId,
  };
  res.status(500).type("application/problem+json").send(JSON.stringify(body));
};
