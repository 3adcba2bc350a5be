/**
 * Every refusal the API can give, one class per kind, each with a stable machine-readable `code` and its HTTP
 * status. The problem+json mapping (RFC 9457) happens in one place: `problem.ts`. Services throw these; they
 * never build HTTP responses themselves.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Stable identifier clients can switch on (also the last segment of the problem `type`). */
  abstract readonly code: string;
  abstract readonly title: string;
  /** Extra members of the problem document (facts a client needs to act on the error). */
  readonly extras: Record<string, unknown>;

  constructor(detail: string, extras: Record<string, unknown> = {}) {
    super(detail);
    this.extras = extras;
  }
}

/** The request is malformed: body, query or path parameters fail their schema. */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = "validation_failed";
  readonly title = "The request is not valid";
  constructor(
    detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail, { errors: issues });
  }
}

/** No valid session. */
export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = "unauthenticated";
  readonly title = "Sign-in required";
}

/** The signature, nonce, domain or chain of a Sign-In with Ethereum message is wrong. */
export class SignInRejectedError extends AppError {
  readonly status = 401;
  readonly code = "sign_in_rejected";
  readonly title = "Sign-in rejected";
}

/** Signed in, but the role or ownership does not allow this. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "forbidden";
  readonly title = "Not allowed";
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "not_found";
  readonly title = "Not found";
  constructor(entity: string, id?: string) {
    super(id ? `${entity} ${id} does not exist` : `${entity} does not exist`, { entity });
  }
}

/** A unique fact already recorded (title number in a jurisdiction, unit label...). */
export class DuplicateError extends AppError {
  readonly status = 409;
  readonly code = "duplicate";
  readonly title = "Already recorded";
}

/** A workflow move that the current state does not allow. */
export class InvalidTransitionError extends AppError {
  readonly status = 409;
  readonly code = "invalid_transition";
  readonly title = "Transition not allowed";
  constructor(entity: string, from: string, to: string) {
    super(`${entity} cannot move from ${from} to ${to}`, { from, to });
  }
}

/** A business rule refuses the change (e.g. verifying a property whose title is not verified). */
export class RuleViolationError extends AppError {
  readonly status = 422;
  readonly code = "rule_violated";
  readonly title = "A rule of the registry refuses this change";
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(detail, { rule });
  }
}

/** An update without `If-Match`. */
export class PreconditionRequiredError extends AppError {
  readonly status = 428;
  readonly code = "if_match_required";
  readonly title = "If-Match header required";
  constructor() {
    super("send the resource's ETag in If-Match to update it");
  }
}

/** `If-Match` names a version that is no longer current (someone else changed the resource). */
export class VersionMismatchError extends AppError {
  readonly status = 412;
  readonly code = "version_mismatch";
  readonly title = "The resource changed since you read it";
  constructor(current: number) {
    super(`current version is ${current}; reload and retry`, { currentVersion: current });
  }
}

/** The same Idempotency-Key was used with a different request. */
export class IdempotencyKeyReusedError extends AppError {
  readonly status = 422;
  readonly code = "idempotency_key_reused";
  readonly title = "Idempotency key already used for a different request";
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "payload_too_large";
  readonly title = "Payload too large";
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
  readonly title = "Unsupported media type";
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly code = "rate_limited";
  readonly title = "Too many requests";
}

/** Two writers raced (serialization failure, lock timeout): safe to retry. */
export class ConcurrentUpdateError extends AppError {
  readonly status = 409;
  readonly code = "concurrent_update";
  readonly title = "Concurrent update, retry";
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code = "unavailable";
  readonly title = "Service unavailable";
}
