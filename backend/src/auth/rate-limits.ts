/**
 * Sign-in rate limits. Two buckets, both counted per instance (in memory):
 * - per client: every call to a rate-limited route, keyed by the client's address `req.ip` (which the app derives
 *   from `X-Forwarded-For` only through the proxies `TRUST_PROXY` names; IPv6 clients are grouped by /56);
 * - per account: FAILED sign-in attempts for the address named in the message, so a wallet cannot be hammered
 *   from many clients. Lock-out trade-off: a message carrying a valid signature of that address never counts and
 *   is never refused by this bucket (possession of the key is the proof a password login lacks), so nobody can lock
 *   an EOA owner out. Signatures only verifiable on chain (EIP-1271 smart-contract wallets) cannot be told apart
 *   before the call, so they share the bucket; the refusal lasts at most `AUTH_ACCOUNT_WINDOW_SECONDS` after the
 *   last counted failure in the window, and the per-client bucket still caps any single attacker.
 */
import type { Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { getAddress, verifyMessage, type Hex } from "viem";
import { parseSiweMessage } from "viem/siwe";
import type { Config } from "../config/index.ts";
import { RateLimitedError } from "../core/errors.ts";

/** The key of the client's bucket: its address as Express sees it (after `trust proxy`). */
export function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? "unknown");
}

interface SignInBody {
  address: `0x${string}`;
  message: string;
  signature: Hex;
}

function signInBody(req: Request): SignInBody | undefined {
  const body = req.body as { message?: unknown; signature?: unknown } | undefined;
  if (typeof body?.message !== "string" || typeof body.signature !== "string" || body.message.length > 4_000)
    return undefined;
  try {
    const address = parseSiweMessage(body.message).address;
    return address
      ? { address: getAddress(address), message: body.message, signature: body.signature as Hex }
      : undefined;
  } catch {
    return undefined;
  }
}

async function signedByOwner(body: SignInBody): Promise<boolean> {
  try {
    return await verifyMessage({ address: body.address, message: body.message, signature: body.signature });
  } catch {
    return false;
  }
}

export interface SignInLimiters {
  /** Every rate-limited route: calls per client per minute. */
  perClient: RequestHandler;
  /** `POST /auth/verify`: failed attempts per account. */
  perAccount: RequestHandler;
}

export function signInLimiters(config: Config): SignInLimiters {
  const perClient = rateLimit({
    windowMs: 60_000,
    limit: config.authRateLimitPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: clientKey,
    // The refusal goes to the app's one error mapper (http/problem.ts), like every other.
    handler: (_req, _res, next) => next(new RateLimitedError("too many sign-in attempts; wait a minute")),
  });
  const windowSeconds = config.authAccount.windowSeconds;
  const perAccount = rateLimit({
    windowMs: windowSeconds * 1000,
    limit: config.authAccount.failedLimit,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    // Malformed bodies are refused by the route's validation (and counted by the per-client bucket).
    skip: async (req) => {
      const body = signInBody(req);
      return !body || (await signedByOwner(body));
    },
    keyGenerator: (req) => `account:${signInBody(req)?.address ?? ""}`,
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `too many failed sign-in attempts for this account; retry within ${Math.ceil(windowSeconds / 60)} minutes`,
        ),
      ),
  });
  return { perClient, perAccount };
}
