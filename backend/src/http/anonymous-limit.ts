/**
 * A per-client budget for anonymous calls of routes declared `anonymousRateLimit` (the public document check,
 * which hashes whatever is uploaded). It runs before the body is read, so a throttled upload costs nothing;
 * signed-in callers are accountable and are not held to it. Keyed by the client address as the sign-in limit keys
 * it (`clientKey`: `req.ip`, which follows the TRUST_PROXY setting, and a shared bucket when the address is gone;
 * the library's own key threw on that, answering 500).
 */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import type { Config } from "../config/index.ts";
import { clientKey } from "../auth/rate-limits.ts";
import { RateLimitedError } from "../core/errors.ts";
import { sendProblem } from "./problem.ts";

export function anonymousLimiter(config: Pick<Config, "documentCheckRateLimitPerMinute">): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: config.documentCheckRateLimitPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: clientKey,
    skip: (req) => Boolean(req.actor),
    handler: (req, res) =>
      sendProblem(
        res,
        new RateLimitedError("too many anonymous document checks; wait a minute or sign in"),
        req.originalUrl,
        String(req.id),
      ),
  });
}
