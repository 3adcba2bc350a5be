/**
 * A cache of the public read responses that are the same for every anonymous visitor (the marketplace search and
 * the property page): PostgreSQL builds them, so serving a repeat from memory saves the query and its round trip.
 *
 * Correctness does not rest on the TTL. Triggers on every table these responses read NOTIFY `registry_changed`
 * when a writing transaction commits (db/registry-changes.ts); every instance LISTENs and drops all its entries.
 * An entry computed from a snapshot older than the last invalidation is never stored (the generation check), and
 * while the listener is not connected the cache is bypassed, so a missed notification cannot leave a stale page.
 * What remains is the notification's delivery delay (milliseconds) for anonymous readers. Signed-in callers use
 * an entry only when it is `shared` (its route said the answer is the same for everyone: the public marketplace
 * search, a public property's page) and they are investors only: anyone who writes to the registry (managers,
 * officers, admins) reads from the database, so a writer always reads its own writes.
 */
export interface CachedReply {
  json: string;
  /** The `ETag` version, when the route sends one. */
  version?: number;
  /** The answer does not depend on who asks (Reply.sameForEveryone): signed-in investors may be served it. */
  shared?: boolean;
}

interface Entry extends CachedReply {
  expiresAt: number;
}

export interface PublicCacheOptions {
  /** Upper bound on an entry's life, in case the change feed is slow; 0 disables the cache. */
  ttlMs: number;
  /** Oldest entries are dropped beyond this many. */
  maxEntries: number;
  now?: () => number;
}

export class PublicResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private live = false;
  /** Bumped by every invalidation: a response computed before it must not be stored after it. */
  generation = 0;

  constructor(private readonly options: PublicCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether lookups and stores happen: only while the change feed is connected, and with a positive TTL. */
  get enabled(): boolean {
    return this.live && this.options.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedReply | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Stores `reply` unless the registry changed since `generation` was read (before the response was computed). */
  set(key: string, generation: number, reply: CachedReply): void {
    if (!this.enabled || generation !== this.generation) return;
    if (!this.entries.has(key) && this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { ...reply, expiresAt: this.now() + this.options.ttlMs });
  }

  /** The registry changed: every entry may be stale. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** The change feed connected (entries may be stored) or was lost (bypass, and forget what may now be stale). */
  setLive(live: boolean): void {
    this.invalidate();
    this.live = live;
  }
}
