/**
 * Server-side sessions. The browser holds an opaque random token in an httpOnly, SameSite=Strict cookie; the
 * database holds only its SHA-256, so a database leak yields no usable session. Sign-out revokes the row.
 */
import { createHash, randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Config } from "../config/index.ts";
import type pg from "pg";
import type { Db, Tx } from "../db/client.ts";
import type { Actor } from "./actor.ts";
import type { SessionCache } from "./session-cache.ts";

export const SESSION_COOKIE = "fh_session";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  tx: Tx,
  userId: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
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
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    secure: config.session.cookieSecure,
    sameSite: "strict",
    path: "/",
  });
}

export function readSessionToken(req: Request): string | undefined {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[SESSION_COOKIE];
  return typeof value === "string" && value.length > 0 && value.length <= 128 ? value : undefined;
}

/** Sign-out: the session of this token stops working (already revoked or unknown: nothing happens). */
export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.session.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** The actor of a live session (neither revoked nor expired) and when the session expires. */
export interface LiveSession {
  actor: Actor;
  expiresAt: Date;
}

/** One indexed SQL lookup (on the shared pool; see db/pool.ts). */
export async function findLiveSession(pool: pg.Pool, tokenHash: string): Promise<LiveSession | null> {
  const { rows } = await pool.query<Actor & { expiresAt: Date }>({
    name: "session_actor",
    text: `SELECT u.id, u.address, u.roles::text[] AS roles, s."expiresAt" FROM sessions s JOIN users u ON u.id = s."userId"
     WHERE s."tokenHash" = $1 AND s."revokedAt" IS NULL AND s."expiresAt" > (now() AT TIME ZONE 'UTC')`,
    values: [tokenHash],
  });
  const row = rows[0];
  return row ? { actor: { id: row.id, address: row.address, roles: row.roles }, expiresAt: row.expiresAt } : null;
}

/**
 * Sets `req.actor` (null when anonymous or the session is not valid): from the session cache when it holds the
 * token (auth/session-cache.ts), else from the database, storing a live session's actor for the next request.
 */
export function sessionMiddleware(pool: pg.Pool, cache?: SessionCache) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const token = readSessionToken(req);
    if (!token) {
      req.actor = null;
      return next();
    }
    const tokenHash = hashToken(token);
    const cached = cache?.get(tokenHash);
    if (cached) {
      req.actor = cached;
      return next();
    }
    const generation = cache?.generation ?? 0;
    const live = await findLiveSession(pool, tokenHash);
    if (live && cache) cache.set(tokenHash, generation, live.actor, live.expiresAt);
    req.actor = live?.actor ?? null;
    next();
  };
}
