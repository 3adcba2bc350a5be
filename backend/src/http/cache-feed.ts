/**
 * The in-memory caches of one API instance, kept live by one change feed (db/change-feed.ts): the public response
 * cache (http/public-cache.ts, channel `registry_changed`) and the session cache (auth/session-cache.ts, channel
 * `sessions_changed`). A cache whose TTL is 0 is not made; with neither, no feed connection is opened.
 */
import type { Logger } from "pino";
import { SessionCache, type SessionCacheOptions } from "../auth/session-cache.ts";
import { listenForChanges, REGISTRY_CHANNEL, SESSIONS_CHANNEL, type ChangeSubscriber } from "../db/change-feed.ts";
import { PublicResponseCache, type PublicCacheOptions } from "./public-cache.ts";

export interface RunningCaches {
  publicCache?: PublicResponseCache;
  sessionCache?: SessionCache;
  stop(): Promise<void>;
}

/** Resolves once the feed is listening or its first attempt failed (the caches are bypassed until it connects). */
export async function startCaches(
  databaseUrl: string,
  options: { publicCache?: PublicCacheOptions; sessionCache?: SessionCacheOptions },
  logger: Logger,
): Promise<RunningCaches> {
  const subscribers: ChangeSubscriber[] = [];
  const running: RunningCaches = { stop: async () => undefined };
  if (options.publicCache && options.publicCache.ttlMs > 0) {
    const cache = new PublicResponseCache(options.publicCache);
    running.publicCache = cache;
    subscribers.push({
      channel: REGISTRY_CHANNEL,
      onChange: () => cache.invalidate(),
      onUp: () => cache.setLive(true),
      onDown: () => cache.setLive(false),
    });
  }
  if (options.sessionCache && options.sessionCache.ttlMs > 0) {
    const cache = new SessionCache(options.sessionCache);
    running.sessionCache = cache;
    subscribers.push({
      channel: SESSIONS_CHANNEL,
      onChange: (payload) => cache.changed(payload),
      onUp: () => cache.setLive(true),
      onDown: () => cache.setLive(false),
    });
  }
  if (subscribers.length === 0) return running;
  const feed = listenForChanges(databaseUrl, subscribers, logger);
  await feed.ready;
  running.stop = () => feed.stop();
  return running;
}
