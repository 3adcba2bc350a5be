/**
 * The database's change feeds for the in-memory caches: triggers call `pg_notify(<channel>, <payload>)` and
 * PostgreSQL delivers a notification only when the writing transaction commits, to every listening session, so each
 * API instance learns of every committed change, whichever instance (or the chain sync, or a script) made it.
 * - `registry_changed` (migration `public_cache_invalidation`): the table a public response reads, for the public
 *   response cache (http/public-cache.ts).
 * - `sessions_changed` (migration `session_cache_invalidation`): the users whose actor may have changed (roles,
 *   address, a session revoked or deleted), or '*', for the session cache (auth/session-cache.ts).
 *
 * One dedicated connection per instance LISTENs to every channel (a pooled connection would lose the LISTEN when
 * returned). If it drops, every subscriber's `onDown` fires at once and the feed reconnects with backoff; `onUp`
 * fires once listening again. A cache must not be used while its feed is down: it could miss a notification.
 */
import pg from "pg";
import type { Logger } from "pino";

export const REGISTRY_CHANNEL = "registry_changed";
export const SESSIONS_CHANNEL = "sessions_changed";

export interface ChangeSubscriber {
  channel: string;
  onChange(payload: string): void;
  onUp(): void;
  onDown(): void;
}

export interface ChangeFeed {
  /** Resolves once listening (or after the first failed attempt: the feed keeps retrying in the background). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function listenForChanges(
  databaseUrl: string,
  subscribers: readonly ChangeSubscriber[],
  logger: Logger,
  retry = { minMs: 250, maxMs: 15_000 },
): ChangeFeed {
  const channels = [...new Set(subscribers.map((s) => s.channel))];
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = retry.minMs;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const downAll = (): void => subscribers.forEach((s) => s.onDown());

  const down = (c: pg.Client, reason: unknown): void => {
    if (client !== c) return;
    client = undefined;
    downAll();
    c.removeAllListeners();
    c.on("error", () => undefined);
    void c.end().catch(() => undefined);
    if (stopped) return;
    logger.warn(
      { err: reason instanceof Error ? reason : new Error(String(reason)), retryInMs: delay, channels },
      "change feed lost; the caches it keeps are bypassed",
    );
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, retry.maxMs);
  };

  async function connect(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: "freehold-change-feed" });
    client = c;
    c.on("error", (error) => down(c, error));
    c.on("end", () => down(c, new Error("connection ended")));
    c.on("notification", (n) => {
      for (const s of subscribers) if (s.channel === n.channel) s.onChange(n.payload ?? "");
    });
    try {
      await c.connect();
      for (const channel of channels) await c.query(`LISTEN ${channel}`);
      if (client !== c || stopped) return;
      delay = retry.minMs;
      subscribers.forEach((s) => s.onUp());
    } catch (error) {
      down(c, error);
    } finally {
      markReady();
    }
  }

  void connect();
  return {
    ready,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) {
        downAll();
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
