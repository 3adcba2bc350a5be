/**
 * A route is declared once, as data: method, path, who may call it, the zod schemas of its inputs and outputs,
 * and its handler. From that one declaration the app mounts the Express handler (with authorization,
 * validation, If-Match and Idempotency-Key handling), the OpenAPI document is generated, and the authorization
 * matrix test enumerates every route.
 */
import { createHash } from "node:crypto";
import type { Request, Response } from "express";
import type { z, ZodType } from "zod";
import type { Role } from "../generated/prisma/enums.ts";
import type { Actor } from "../auth/actor.ts";
import type { Tx } from "../db/client.ts";
import { canonicalJson } from "../audit/chain.ts";
import { findStoredReply, storeReply, windowStart } from "../crypto/idempotency-replies.ts";
import { keyRingOf, type Deps } from "./deps.ts";
import {
  ForbiddenError,
  IdempotencyKeyReusedError,
  PreconditionRequiredError,
  UnauthenticatedError,
  ValidationError,
  type FieldIssue,
} from "../core/errors.ts";
import { fromDatabaseError } from "./problem.ts";
import { rejectControlCharacters } from "./text-guard.ts";
import { uploadedFile, type UploadedFile } from "./upload.ts";

export type { UploadedFile } from "./upload.ts";

/** `public`: anyone; `authenticated`: any signed-in user; a role list: signed in with one of these roles. */
export type Access = "public" | "authenticated" | readonly Role[];

/**
 * The actor a handler receives under its route's access rule: possibly nobody on a public route, a signed-in user
 * on every other one (so handlers need no non-null assertion).
 */
export type ActorFor<A extends Access> = A extends "public" ? Actor | null : Actor;

interface UploadSpec {
  field: string;
  required: boolean;
  /**
   * Text fields that carry a whole file's text (OFAC's ALT.CSV and ADD.CSV beside the uploaded SDN.CSV): a trailing
   * Ctrl-Z end-of-file marker (legacy DOS files end with one) is the file's, and is removed before the text gate;
   * one anywhere else is refused like any control character.
   */
  fileTextFields?: readonly string[];
}

const EOF_MARK = "\u001a";

/** The multipart text fields with a file's trailing end-of-file marker (and whitespace after it) removed. */
function withoutEofMarks(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out = { ...body };
  for (const field of fields) {
    const value = out[field];
    if (typeof value !== "string") continue;
    const trimmed = value.trimEnd();
    if (trimmed.endsWith(EOF_MARK)) out[field] = trimmed.slice(0, -EOF_MARK.length);
  }
  return out;
}

/** The file a handler receives: always present when the route declares it required (checked before the handler). */
export type FileFor<U extends UploadSpec | undefined> = U extends { required: true }
  ? UploadedFile
  : UploadedFile | undefined;

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface Reply {
  status: number;
  body?: unknown;
  /**
   * The body already serialised as JSON (built by PostgreSQL on hot read paths), sent as is instead of `body`.
   * Tests check it against the route's response schema like any other body.
   */
  json?: string;
  /** Sets `ETag: "<version>"`. */
  version?: number;
  headers?: Record<string, string>;
  /**
   * On `publicCache` routes: this answer is the one every caller gets, signed in or not (it does not depend on
   * who asks), so the public cache may store it from a signed-in request and serve it to signed-in investors.
   */
  sameForEveryone?: boolean;
}

/** The handler wrote the response itself (file download). */
export const ALREADY_SENT: Reply = { status: 0 };

export interface RouteContext<
  P,
  Q,
  B,
  A extends Access = Access,
  U extends UploadSpec | undefined = UploadSpec | undefined,
> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  actor: ActorFor<A>;
  file: FileFor<U>;
  /** The version the client read (from If-Match); present on routes declared with `ifMatch: true`. */
  expectedVersion: number;
  deps: Deps;
  /**
   * Runs `work` in one database transaction. On creating routes that received an Idempotency-Key, the reply is
   * stored in the same transaction, so the creation and its replay record commit together. On a GET it is a
   * READ ONLY transaction (a consistent read; any write is refused).
   */
  transaction(work: (tx: Tx) => Promise<Reply>): Promise<Reply>;
}

export interface ResponseSpec {
  description: string;
  schema?: ZodType;
  contentType?: string;
}

type Input<S> = S extends ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  PS extends ZodType | undefined = ZodType | undefined,
  QS extends ZodType | undefined = ZodType | undefined,
  BS extends ZodType | undefined = ZodType | undefined,
  A extends Access = Access,
  U extends UploadSpec | undefined = UploadSpec | undefined,
> {
  method: HttpMethod;
  /** Express-style path under /api/v1, e.g. `/properties/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: A;
  params?: PS;
  query?: QS;
  body?: BS;
  /** multipart/form-data with one file field; text fields are validated by `body`. */
  upload?: U;
  /** Updates: require If-Match with the current version. */
  ifMatch?: boolean;
  /**
   * Creating POST: honour Idempotency-Key. The reply is stored encrypted and replayed to retries with the same key
   * and request for 24 hours (src/crypto/idempotency-replies.ts); after that the key starts a new request.
   */
  idempotent?: boolean;
  /** Stricter rate limit per client (sign-in); "sign-in" adds the per-account bucket of failed sign-ins (src/auth/rate-limits.ts). */
  rateLimited?: boolean | "sign-in";
  /** Anonymous callers share a per-client budget (the public document check): answered 429 before the body is read. */
  anonymousRateLimit?: boolean;
  /**
   * Public GET whose 200 response is the same for every anonymous caller and reads only tables that notify
   * `registry_changed` (see the public_cache_invalidation migration): anonymous responses are served from
   * Deps.publicCache until the registry changes.
   */
  publicCache?: boolean;
  responses: Record<number, ResponseSpec>;
  handler(ctx: RouteContext<Input<PS>, Input<QS>, Input<BS>, A, U>): Promise<Reply>;
}

/**
 * Declares a route with its handler's input types inferred from the schemas, its actor from the access rule and
 * its file from the upload declaration.
 */
export function defineRoute<
  PS extends ZodType | undefined = undefined,
  QS extends ZodType | undefined = undefined,
  BS extends ZodType | undefined = undefined,
  A extends Access = Access,
  U extends UploadSpec | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS, A, U>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** The actor if the access rule lets them call the route: 401 without a session, 403 without one of the roles. */
export function authorize<A extends Access>(access: A, actor: Actor | null): ActorFor<A> {
  if (access === "public") return actor as ActorFor<A>;
  if (!actor) throw new UnauthenticatedError("sign in with your wallet first");
  if (access !== "authenticated" && !actor.roles.some((r) => access.includes(r))) {
    throw new ForbiddenError(`requires one of the roles: ${access.join(", ")}`);
  }
  return actor as ActorFor<A>;
}

export function checkAccess(access: Access, actor: Actor | null): void {
  authorize(access, actor);
}

export function parseInput<S extends ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new ValidationError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

/** Accepts `"3"`, `W/"3"` or `3`. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === "") throw new PreconditionRequiredError();
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match)
    throw new ValidationError("If-Match must be an ETag returned by this API", [
      { path: "header.If-Match", message: "malformed" },
    ]);
  return Number(match[1]);
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

interface IdempotencyState {
  scope: string;
  key: string;
  requestHash: string;
  /** The replay window's start: an older record of the key is ignored (and replaced). */
  since: Date;
}

/** The request's path as the client sent it (without the query), whatever router matched it. */
function requestPath(req: Request): string {
  return req.originalUrl.split("?")[0] ?? "";
}

function requestFingerprint(req: Request, body: unknown, file: UploadedFile | undefined): string {
  const fileHash = file ? file.sha256 : null;
  return createHash("sha256")
    .update(canonicalJson({ method: req.method, path: requestPath(req), body: body ?? null, fileHash }))
    .digest("hex");
}

/**
 * Looks up the reply stored for this key within the replay window (decrypted); throws when the key was used for
 * another request.
 */
async function findReplay(db: Deps["db"] | Tx, deps: Deps, state: IdempotencyState): Promise<Reply | undefined> {
  const found = await findStoredReply(db, keyRingOf(deps), state.scope, state.key, state.since);
  if (!found) return undefined;
  if (found.requestHash !== state.requestHash) {
    throw new IdempotencyKeyReusedError("this Idempotency-Key was already used with a different request");
  }
  const body = found.body as { version?: unknown } | null;
  return {
    status: found.statusCode,
    body,
    headers: { "Idempotency-Replayed": "true" },
    ...(typeof body?.version === "number" ? { version: body.version } : {}),
  };
}

export async function runRoute(spec: RouteSpec, req: Request, res: Response, deps: Deps): Promise<Reply> {
  const actor = authorize(spec.access, req.actor ?? null);
  const rawBody: unknown = spec.upload
    ? withoutEofMarks({ ...(req.body as Record<string, unknown> | undefined) }, spec.upload.fileTextFields ?? [])
    : req.body;
  // One gate for every text input: NUL and control characters never reach a rule or the database.
  // read once: Express 5 parses the query string again on every `req.query` read
  const rawQuery: unknown = req.query;
  rejectControlCharacters({ params: req.params, query: rawQuery, body: rawBody });
  const params = spec.params ? parseInput(spec.params, req.params, "params") : undefined;
  const query = spec.query ? parseInput(spec.query, rawQuery, "query") : undefined;
  const body = spec.body ? parseInput(spec.body, rawBody ?? {}, "body") : undefined;
  const file = spec.upload ? uploadedFile(req) : undefined;
  if (spec.upload?.required && !file) {
    throw new ValidationError(`a file is required in the "${spec.upload.field}" field`, [
      { path: spec.upload.field, message: "required" },
    ]);
  }
  const expectedVersion = spec.ifMatch ? parseIfMatch(req.get("if-match")) : 0;

  let idempotency: IdempotencyState | undefined;
  const keyHeader = req.get("idempotency-key");
  if (spec.idempotent && keyHeader !== undefined) {
    if (!KEY_PATTERN.test(keyHeader)) {
      throw new ValidationError("Idempotency-Key must be 8-128 characters of [A-Za-z0-9_.:-]", [
        { path: "header.Idempotency-Key", message: "malformed" },
      ]);
    }
    idempotency = {
      scope: actor?.id ?? "anonymous",
      key: keyHeader,
      requestHash: requestFingerprint(req, body, file),
      since: windowStart(),
    };
    const replay = await findReplay(deps.db, deps, idempotency);
    if (replay) return replay;
  }

  let usedTransaction = false;
  const ctx: RouteContext<unknown, unknown, unknown> = {
    req,
    res,
    params,
    query,
    body,
    actor,
    file,
    expectedVersion,
    deps,
    transaction: async (work) => {
      usedTransaction = true;
      try {
        return await deps.db.$transaction(
          async (tx) => {
            // A GET is safe (RFC 9110): link scanners, previews and prefetchers repeat it. PostgreSQL refuses any
            // write in a GET's transaction, so a route cannot turn a read into a change by mistake.
            if (req.method === "GET" || req.method === "HEAD") await tx.$executeRaw`SET TRANSACTION READ ONLY`;
            if (idempotency) {
              // Copies of one request sent at once (a retry after a timeout) all missed the lookup above. The first
              // holds this lock until it commits; the others wait here and replay its reply, instead of running the
              // rules against its effect (an "overpayment" for the payment it just recorded).
              await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${idempotency.scope}\n${idempotency.key}`}, 0))`;
              const replay = await findReplay(tx, deps, idempotency);
              if (replay) return replay;
            }
            const reply = await work(tx);
            if (idempotency) {
              // encrypted: a reply may carry personal data (src/crypto/idempotency-replies.ts)
              await storeReply(
                tx,
                keyRingOf(deps),
                {
                  scope: idempotency.scope,
                  key: idempotency.key,
                  method: req.method,
                  path: requestPath(req),
                  requestHash: idempotency.requestHash,
                  statusCode: reply.status,
                },
                reply.body,
                idempotency.since,
              );
            }
            return reply;
          },
          { timeout: 15_000, maxWait: 10_000 },
        );
      } catch (error) {
        // The lock above serializes copies; should a copy still meet the stored key (a unique violation), it replays.
        if (idempotency && fromDatabaseError(error)?.code === "duplicate") {
          const replay = await findReplay(deps.db, deps, idempotency);
          if (replay) return replay;
        }
        throw error;
      }
    },
  };
  const reply = await spec.handler(ctx);
  if (idempotency && !usedTransaction)
    throw new Error(`route ${spec.method} ${spec.path} is idempotent but wrote outside ctx.transaction`);
  return reply;
}
