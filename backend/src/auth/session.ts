/**
 * Server-side sessions. The browser holds an opaque random token in an httpOnly, SameSite=Strict cookie; the
 * database holds only its SHA-256, so a database leak yields no usable session. Sign-out revokes the row.
 */
import { createHash, randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Config } from "../config/index.ts";
import type { Db, Tx } from "../db/client.ts";
import type { Actor } from "./actor.ts";

export const SESSION_COOKIE = "fh_session";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(tx: Tx, userId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await tx.session.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

export function setSessionCookie(res: Response, config: Config, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: config.session.cookieSecure,
    sameSite: "strict",
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(res: Response, config: Config): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: config.session.cookieSecure, sameSite: "strict", path: "/" });
}

export function readSessionToken(req: Request): string | undefined {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[SESSION_COOKIE];
  return typeof value === "string" && value.length > 0 && value.length <= 128 ? value : undefined;
}

export async function findActor(db: Db, token: string): Promise<Actor | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { expiresAt: true, revokedAt: true, user: { select: { id: true, address: true, roles: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date()) return null;
  return session.user;
}

/** Sets `req.actor` (null when anonymous or the session is not valid). */
export function sessionMiddleware(db: Db) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const token = readSessionToken(req);
    req.actor = token ? await findActor(db, token) : null;
    next();
  };
}
