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

/** One indexed SQL lookup per signed-in request (on the shared pool; see db/pool.ts). */
export async function findActor(pool: pg.Pool, token: string): Promise<Actor | null> {
  const { rows } = await pool.query<Actor>({
    name: "session_actor",
    text: `SELECT u.id, u.address, u.roles::text[] AS roles FROM sessions s JOIN users u ON u.id = s."userId"
     WHERE s."tokenHash" = $1 AND s."revokedAt" IS NULL AND s."expiresAt" > (now() AT TIME ZONE 'UTC')`,
    values: [hashToken(token)],
  });
  return rows[0] ?? null;
}

/** Sets `req.actor` (null when anonymous or the session is not valid). */
export function sessionMiddleware(pool: pg.Pool) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const token = readSessionToken(req);
    req.actor = token ? await findActor(pool, token) : null;
    next();
  };
}
