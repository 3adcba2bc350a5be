/**
 * Every refusal the registry can give, one class per kind, each with a stable machine-readable `code`. These are
 * domain errors: they know nothing of HTTP. Services throw them; `http/problem.ts` is the one place that maps each
 * code to its HTTP status and title and renders RFC 9457 problem+json.
 */

/** The kinds of refusal; `http/problem.ts` must map every one (checked by the compiler). */
export type RefusalCode =
  | "validation_failed"
  | "unauthenticated"
  | "sign_in_rejected"
  | "forbidden"
  | "not_found"
  | "duplicate"
  | "invalid_transition"
  | "rule_violated"
  | "if_match_required"
  | "version_mismatch"
  | "idempotency_key_reused"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "concurrent_update"
  | "unavailable";

export interface FieldIssue {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  /** Stable identifier clients can switch on (also the last segment of the problem `type`). */
  abstract readonly code: RefusalCode;
  /** Extra members of the problem document (facts a client needs to act on the error). */
  readonly extras: Record<string, unknown>;

  constructor(detail: string, extras: Record<string, unknown> = {}) {
    super(detail);
    this.extras = extras;
  }
}

/** The request is malformed: body, query or path parameters fail their schema. */
export class ValidationError extends DomainError {
  readonly code = "validation_failed";
  constructor(
    detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail, { errors: issues });
  }
}

/** No valid session. */
export class UnauthenticatedError extends DomainError {
  readonly code = "unauthenticated";
}

/** The signature, nonce, domain or chain of a Sign-In with Ethereum message is wrong. */
export class SignInRejectedError extends DomainError {
  readonly code = "sign_in_rejected";
}

/** Signed in, but the role or ownership does not allow this. */
export class ForbiddenError extends DomainError {
  readonly code = "forbidden";
}

export class NotFoundError extends DomainError {
  readonly code = "not_found";
  constructor(entity: string, id?: string) {
    super(id ? `${entity} ${id} does not exist` : `${entity} does not exist`, { entity });
  }
}

/** A unique fact already recorded (title number in a jurisdiction, unit label...). */
export class DuplicateError extends DomainError {
  readonly code = "duplicate";
}

/** A workflow move that the current state does not allow. */
export class InvalidTransitionError extends DomainError {
  readonly code = "invalid_transition";
  constructor(entity: string, from: string, to: string) {
    super(`${entity} cannot move from ${from} to ${to}`, { from, to });
  }
}

/** A business rule refuses the change (e.g. verifying a property whose title is not verified). */
export class RuleViolationError extends DomainError {
  readonly code = "rule_violated";
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(detail, { rule });
  }
}

/** An update without `If-Match`. */
export class PreconditionRequiredError extends DomainError {
  readonly code = "if_match_required";
  constructor() {
    super("send the resource's ETag in If-Match to update it");
  }
}

/** `If-Match` names a version that is no longer current (someone else changed the resource). */
export class VersionMismatchError extends DomainError {
  readonly code = "version_mismatch";
  constructor(current: number) {
    super(`current version is ${current}; reload and retry`, { currentVersion: current });
  }
}

/** The same Idempotency-Key was used with a different request. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = "idempotency_key_reused";
}

export class PayloadTooLargeError extends DomainError {
  readonly code = "payload_too_large";
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly code = "unsupported_media_type";
}

export class RateLimitedError extends DomainError {
  readonly code = "rate_limited";
}

/** Two writers raced (serialization failure, lock timeout): safe to retry. */
export class ConcurrentUpdateError extends DomainError {
  readonly code = "concurrent_update";
}

export class ServiceUnavailableError extends DomainError {
  readonly code = "unavailable";
}
