/**
 * The registry's change feed: statement-level triggers on the tables that public responses read call
 * `pg_notify('registry_changed', <table>)` (migration `public_cache_invalidation`). PostgreSQL delivers a
 * notification only when the writing transaction commits, to every listening session, so each API instance
 * learns of every committed change, whichever instance (or the chain sync, or a script) made it.
 *
 * One dedicated connection per instance LISTENs (a pooled connection would lose the LISTEN when returned). If it
 * drops, `onDown` fires at once and the feed reconnects with backoff; `onUp` fires once listening again.
 */
import pg from "pg";
import type { Logger } from "pino";

export const REGISTRY_CHANNEL = "registry_changed";

export interface ChangeFeedHandlers {
  onChange(table: string): void;
  onUp(): void;
  onDown(): void;
}

export interface ChangeFeed {
  /** Resolves once listening (or after the first failed attempt: the feed keeps retrying in the background). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function listenToRegistryChanges(
  databaseUrl: string,
  handlers: ChangeFeedHandlers,
  logger: Logger,
  retry = { minMs: 250, maxMs: 15_000 },
): ChangeFeed {
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = retry.minMs;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const down = (c: pg.Client, reason: unknown): void => {
    if (client !== c) return;
    client = undefined;
    handlers.onDown();
    c.removeAllListeners();
    c.on("error", () => undefined);
    void c.end().catch(() => undefined);
    if (stopped) return;
    logger.warn(
      { err: reason instanceof Error ? reason : new Error(String(reason)), retryInMs: delay },
      "registry change feed lost; public cache bypassed",
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
      if (n.channel === REGISTRY_CHANNEL) handlers.onChange(n.payload ?? "");
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${REGISTRY_CHANNEL}`);
      if (client !== c || stopped) return;
      delay = retry.minMs;
      handlers.onUp();
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
        handlers.onDown();
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
