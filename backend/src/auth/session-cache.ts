/**
 * The actor of each recently seen session token, in memory, so that a signed-in request does not ask PostgreSQL who
 * is asking before it asks what they asked for (one query in two on most signed-in pages).
 *
 * Correctness does not rest on the TTL, as for the public cache (http/public-cache.ts):
 * - Triggers on `users` and `sessions` NOTIFY `sessions_changed` with the users whose actor may have changed (roles,
 *   address, deletion, a session revoked or deleted) when the writing transaction commits (migration
 *   `session_cache_invalidation`, db/change-feed.ts); every instance drops those users' entries.
 * - The API's own changes (sign-out, setting roles) also drop them on the instance that made them before it
 *   answers, so the next request of that caller never waits for the notification.
 * - A lookup that began before an invalidation is never stored after it (the generation check), and while the feed
 *   is not connected the cache is not used at all, so a missed notification cannot keep a revoked session alive.
 * - An entry ends at its session's expiry, whatever the TTL.
 * What remains: another instance's change reaches this one after the notification's delivery delay (milliseconds).
 * Only tokens that name a live session are stored (never a miss: random tokens cannot fill the cache).
 */
import type { Actor } from "./actor.ts";

export interface SessionCacheOptions {
  /** Upper bound on an entry's life, in case the change feed is slow; 0 disables the cache. */
  ttlMs: number;
  /** Oldest entries are dropped beyond this many. */
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  actor: Actor;
  /** The earlier of the session's expiry and the TTL. */
  until: number;
}

export class SessionCache {
  /** By token hash, oldest first. */
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private live = false;
  /** Bumped by every invalidation: a lookup that began before it must not be stored after it. */
  generation = 0;

  constructor(private readonly options: SessionCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether lookups and stores happen: only while the change feed is connected, and with a positive TTL. */
  get enabled(): boolean {
    return this.live && this.options.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(tokenHash: string): Actor | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.actor;
  }

  /** Stores the actor of a live session, unless an invalidation happened since `generation` was read. */
  set(tokenHash: string, generation: number, actor: Actor, sessionExpiresAt: Date): void {
    if (!this.enabled || generation !== this.generation) return;
    const until = Math.min(sessionExpiresAt.getTime(), this.now() + this.options.ttlMs);
    if (until <= this.now()) return;
    if (!this.entries.has(tokenHash) && this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    // Frozen: one object serves many requests, so a handler that tried to change it would throw, not leak.
    const frozen = Object.freeze({ ...actor, roles: Object.freeze([...actor.roles]) }) as Actor;
    this.entries.set(tokenHash, { actor: frozen, until });
  }

  /** These users' actors may have changed: drop their entries. `'*'` (or a payload naming nobody) drops all. */
  forget(userIds: readonly string[] | "*"): void {
    this.generation++;
    if (userIds === "*") {
      this.entries.clear();
      return;
    }
    const gone = new Set(userIds);
    for (const [hash, entry] of this.entries) if (gone.has(entry.actor.id)) this.entries.delete(hash);
  }

  /** A `sessions_changed` notification: its payload is comma-separated user ids, or '*'. */
  changed(payload: string): void {
    const ids = payload
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    this.forget(payload.trim() === "*" || ids.length === 0 ? "*" : ids);
  }

  /** The change feed connected (entries may be stored) or was lost (bypass, and forget what may now be stale). */
  setLive(live: boolean): void {
    this.forget("*");
    this.live = live;
  }
}
