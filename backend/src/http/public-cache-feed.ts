/** The public response cache of one API instance, kept live by the registry's change feed (see public-cache.ts). */
import type { Logger } from "pino";
import { listenToRegistryChanges } from "../db/registry-changes.ts";
import { PublicResponseCache, type PublicCacheOptions } from "./public-cache.ts";

export interface RunningPublicCache {
  cache: PublicResponseCache;
  stop(): Promise<void>;
}

/** Undefined when the TTL is 0 (cache off). Resolves once the feed is listening or its first attempt failed. */
export async function startPublicCache(
  databaseUrl: string,
  options: PublicCacheOptions,
  logger: Logger,
): Promise<RunningPublicCache | undefined> {
  if (options.ttlMs <= 0) return undefined;
  const cache = new PublicResponseCache(options);
  const feed = listenToRegistryChanges(
    databaseUrl,
    { onChange: () => cache.invalidate(), onUp: () => cache.setLive(true), onDown: () => cache.setLive(false) },
    logger,
  );
  await feed.ready;
  return { cache, stop: () => feed.stop() };
}
