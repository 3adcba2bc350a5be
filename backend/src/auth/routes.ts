/**
 * Sign-In with Ethereum: nonce, verify (opens a session cookie), sign-out (revokes it), who am I (`/auth/me`, 401
 * when signed out) and the session read (`/auth/session`, 200 for everyone: an anonymous visitor is not an error).
 */
import { z } from "zod";
import { keyRingOf } from "../http/deps.ts";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { issueNonce, verifySignIn } from "./siwe.ts";
import { clearSessionCookie, createSession, readSessionToken, revokeSession, setSessionCookie } from "./session.ts";
import { UserView, presentUser } from "../users/schemas.ts";
import { signedInUser } from "../users/service.ts";

const NonceView = z.object({ nonce: z.string(), expiresAt: z.iso.datetime() }).meta({ id: "SiweNonce" });
const SessionView = z
  .object({ user: UserView.nullable().describe("The signed-in user; null without a valid session") })
  .meta({ id: "Session" });
const VerifyBody = z.object({
  message: z.string().min(1).max(4_000),
  signature: z
    .string()
    .regex(/^0x[0-9a-fA-F]{130,}$/, "a hex signature")
    .max(20_000),
});

export const authRoutes: RouteSpec[] = [
  defineRoute({
    method: "post",
    path: "/auth/nonce",
    summary: "Get a single-use Sign-In with Ethereum nonce",
    tags: ["auth"],
    access: "public",
    rateLimited: true,
    responses: { 201: { description: "A nonce to put in the EIP-4361 message", schema: NonceView } },
    handler: async ({ deps }) => {
      const { nonce, expiresAt } = await issueNonce(deps.db, deps.config);
      return { status: 201, body: { nonce, expiresAt: expiresAt.toISOString() } };
    },
  }),
  defineRoute({
    method: "post",
    path: "/auth/verify",
    summary: "Sign in with a signed EIP-4361 message; sets the session cookie",
    tags: ["auth"],
    access: "public",
    rateLimited: "sign-in",
    body: VerifyBody,
    responses: { 200: { description: "Signed in", schema: UserView } },
    handler: async ({ deps, body, res, transaction }) => {
      let userId: string | undefined;
      const reply = await transaction(async (tx) => {
        const { user } = await verifySignIn(tx, deps.config, body.message, body.signature as `0x${string}`);
        userId = user.id;
        const { token, expiresAt } = await createSession(tx, user.id, deps.config.session.ttlSeconds);
        setSessionCookie(res, deps.config, token, expiresAt);
        const full = await signedInUser(tx, user.id);
        return { status: 200, body: presentUser(full, keyRingOf(deps)), version: full.version };
      });
      // The first admin's sign-in may have granted ADMIN: the user's other sessions see it from the next request on.
      if (userId) deps.sessionCache?.forget([userId]);
      return reply;
    },
  }),
  defineRoute({
    method: "post",
    path: "/auth/logout",
    summary: "Sign out: revokes the session",
    tags: ["auth"],
    access: "authenticated",
    responses: { 204: { description: "Signed out" } },
    handler: async ({ deps, req, res, actor }) => {
      const token = readSessionToken(req);
      if (token) await revokeSession(deps.db, token);
      // Revoked: this instance refuses the token from the next request on, not after the notification.
      deps.sessionCache?.forget([actor.id]);
      clearSessionCookie(res, deps.config);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: "get",
    path: "/auth/me",
    summary: "The signed-in user",
    tags: ["auth"],
    access: "authenticated",
    responses: { 200: { description: "The signed-in user", schema: UserView } },
    handler: async ({ deps, actor }) => {
      const user = await signedInUser(deps.db, actor.id);
      return { status: 200, body: presentUser(user, keyRingOf(deps)), version: user.version };
    },
  }),
  defineRoute({
    method: "get",
    path: "/auth/session",
    summary: "The current session: its user, or none (200 either way)",
    description:
      "What the web app asks on every load. A visitor without a session (or with an expired or revoked one) gets " +
      "`{ user: null }`, not a 401, so the browser logs no failed request for the normal anonymous case.",
    tags: ["auth"],
    access: "public",
    responses: { 200: { description: "The session's user or null", schema: SessionView } },
    handler: async ({ deps, actor, res }) => {
      // The answer depends on the cookie: no shared cache may keep one visitor's user for another.
      res.setHeader("Cache-Control", "private, no-store");
      if (!actor) return { status: 200, body: { user: null } };
      return { status: 200, body: { user: presentUser(await signedInUser(deps.db, actor.id), keyRingOf(deps)) } };
    },
  }),
];
