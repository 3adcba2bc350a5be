/** Sign-In with Ethereum: nonce, verify (opens a session cookie), sign-out (revokes it), who am I. */
import { z } from "zod";
import { defineRoute, type RouteSpec } from "../http/route.ts";
import { issueNonce, verifySignIn } from "./siwe.ts";
import { clearSessionCookie, createSession, readSessionToken, revokeSession, setSessionCookie } from "./session.ts";
import { UserView, presentUser } from "../users/schemas.ts";
import { signedInUser } from "../users/service.ts";

const NonceView = z.object({ nonce: z.string(), expiresAt: z.iso.datetime() }).meta({ id: "SiweNonce" });
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
    handler: async ({ deps, body, res, transaction }) =>
      transaction(async (tx) => {
        const { user } = await verifySignIn(tx, deps.config, body.message, body.signature as `0x${string}`);
        const { token, expiresAt } = await createSession(tx, user.id, deps.config.session.ttlSeconds);
        setSessionCookie(res, deps.config, token, expiresAt);
        const full = await signedInUser(tx, user.id);
        return { status: 200, body: presentUser(full), version: full.version };
      }),
  }),
  defineRoute({
    method: "post",
    path: "/auth/logout",
    summary: "Sign out: revokes the session",
    tags: ["auth"],
    access: "authenticated",
    responses: { 204: { description: "Signed out" } },
    handler: async ({ deps, req, res }) => {
      const token = readSessionToken(req);
      if (token) await revokeSession(deps.db, token);
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
      return { status: 200, body: presentUser(user), version: user.version };
    },
  }),
];
