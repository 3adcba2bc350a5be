/**
 * Prometheus metrics (prom-client), one registry per application instance (tests build several apps in one
 * process). Requests are counted and timed per route template (`/api/v1/properties/:id`, never the raw path, so
 * the label set stays bounded); the state of the outbox, the backend's transactions, the chain sync, the AML list
 * and the database pool is read when Prometheus scrapes, so the numbers are never stale. docs/PRODUCTION.md
 * ("Metrics and alerts") lists each metric with the alert worth having on it.
 */
import type { Request, RequestHandler } from "express";
import type pg from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PublicClient } from "viem";

/** Where scrape-time numbers come from; `chain` is absent when the chain services do not run. */
export interface MetricSources {
  pool: pg.Pool;
  poolSize: number;
  chain?: { chainId: number; client: PublicClient };
}

/** Set by app.ts on a matched route: the template, so `/properties/9f...` counts as `/properties/:id`. */
export const ROUTE_TEMPLATE = "routeTemplate";
const UNMATCHED = "(unmatched)";

/** The label of a request: its route template, or one shared label for every path no route matched. */
export function routeLabel(req: Request, locals: Record<string, unknown>): string {
  const template = locals[ROUTE_TEMPLATE];
  if (typeof template === "string") return template;
  return typeof req.route?.path === "string" ? `${req.baseUrl}${req.route.path}` : UNMATCHED;
}

type Row = Record<string, unknown>;

async function rows(pool: pg.Pool, sql: string, values: unknown[] = []): Promise<Row[]> {
  return (await pool.query(sql, values)).rows as Row[];
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly duration: Histogram<"method" | "route">;
  private readonly cacheLookups: Counter<"result">;
  readonly reorgs: Counter;

  constructor(private readonly sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "freehold_" });
    this.requests = new Counter({
      name: "freehold_http_requests_total",
      help: "HTTP requests answered, by method, route template and status code",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.duration = new Histogram({
      name: "freehold_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method and route template",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.cacheLookups = new Counter({
      name: "freehold_public_cache_lookups_total",
      help: "Anonymous requests to cacheable public routes, by result (hit, miss, bypass)",
      labelNames: ["result"],
      registers,
    });
    this.reorgs = new Counter({
      name: "freehold_chain_reorgs_total",
      help: "Chain reorganisations the sync rolled back",
      registers,
    });
    this.scrapeTimeGauges(registers);
  }

  /** Counts and times every request when its response ends. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.once("finish", () => {
        const route = routeLabel(req, res.locals);
        end({ method: req.method, route });
        this.requests.inc({ method: req.method, route, status: String(res.statusCode) });
        const cache = res.getHeader("Cache-Status");
        if (typeof cache === "string")
          this.cacheLookups.inc({ result: /hit/.test(cache) ? "hit" : cache.split("=")[1] });
      });
      next();
    };
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private scrapeTimeGauges(registers: Registry[]): void {
    const { pool, poolSize, chain } = this.sources;
    // A failing source (database down) leaves its gauges out of this scrape instead of failing the whole scrape.
    const guarded = (collect: () => Promise<void>) =>
      async function (this: Gauge) {
        this.reset();
        await collect().catch(() => undefined);
      };

    /** A gauge read by one query at scrape time: rows of `value`, and `label` when the gauge has a label. */
    const sqlGauge = (name: string, help: string, label: string | undefined, sql: string, values: unknown[] = []) => {
      const gauge: Gauge<string> = new Gauge({
        name,
        help,
        labelNames: label ? [label] : [],
        registers,
        collect: guarded(async () => {
          for (const r of await rows(pool, sql, values))
            if (label) gauge.set({ [label]: String(r["label"]) }, Number(r["value"]));
            else gauge.set(Number(r["value"] ?? 0));
        }),
      });
    };
    sqlGauge(
      "freehold_outbox_pending",
      "Identity changes in the outbox not yet confirmed on chain, by status (PENDING, SENT)",
      "status",
      `SELECT status::text AS label, count(*)::int AS value FROM onchain_identity_changes
       WHERE status IN ('PENDING', 'SENT') GROUP BY status`,
    );
    sqlGauge(
      "freehold_outbox_oldest_pending_age_seconds",
      "Age of the oldest identity change not yet confirmed on chain (0 when none waits)",
      undefined,
      `SELECT coalesce(extract(epoch FROM now() - min("createdAt")), 0)::float8 AS value
       FROM onchain_identity_changes WHERE status IN ('PENDING', 'SENT')`,
    );
    sqlGauge(
      "freehold_agent_transactions",
      "The backend's own transactions (compliance agent, anchoring), by state",
      "status",
      `SELECT status::text AS label, count(*)::int AS value FROM chain_transactions GROUP BY status`,
    );
    sqlGauge(
      "freehold_sender_nonce_gap",
      "Per signer: nonces handed out beyond the last settled one (signed transactions not yet final)",
      "address",
      `SELECT s.address AS label, s."nextNonce" - 1 - coalesce(max(t.nonce), -1) AS value FROM chain_signers s
       LEFT JOIN chain_transactions t ON t."chainId" = s."chainId" AND t."fromAddress" = s.address
         AND t.status IN ('CONFIRMED', 'REVERTED', 'DROPPED')
       GROUP BY s."chainId", s.address, s."nextNonce"`,
    );
    sqlGauge(
      "freehold_aml_list_age_seconds",
      "Age of the active sanctions list version, by source (how long since it was activated)",
      "source",
      `SELECT source AS label, extract(epoch FROM now() - coalesce("activatedAt", "loadedAt"))::float8 AS value
       FROM sanctions_list_versions WHERE active`,
    );
    const connections = new Gauge({
      name: "freehold_db_pool_connections",
      help: "Database pool: connections open, idle, and requests waiting for one; max is the pool's size",
      labelNames: ["state"],
      registers,
      collect() {
        connections.set({ state: "total" }, pool.totalCount);
        connections.set({ state: "idle" }, pool.idleCount);
        connections.set({ state: "waiting" }, pool.waitingCount);
        connections.set({ state: "max" }, poolSize);
      },
    });
    if (!chain) return;
    const lagBlocks = new Gauge({
      name: "freehold_chain_sync_lag_blocks",
      help: "Blocks between the node's head and the last block the chain sync stored",
      registers,
      collect: guarded(async () => {
        const lag = await chainLag(pool, chain);
        lagBlocks.set(lag.blocks);
        if (lag.seconds !== undefined) lagSeconds.set(lag.seconds);
      }),
    });
    const lagSeconds = new Gauge({
      name: "freehold_chain_sync_lag_seconds",
      help: "Seconds between the node's head block and the last block the chain sync stored",
      registers,
    });
    sqlGauge(
      "freehold_chain_events_stored",
      "Contract events stored by the chain sync",
      undefined,
      `SELECT count(*)::int AS value FROM chain_events WHERE "chainId" = $1`,
      [chain.chainId],
    );
  }
}

/** How far the chain sync is behind the node: blocks, and seconds between the two blocks' timestamps. */
export async function chainLag(
  pool: pg.Pool,
  chain: { chainId: number; client: PublicClient },
): Promise<{ head: number; synced: number | undefined; blocks: number; seconds: number | undefined }> {
  const [cursor] = await rows(pool, `SELECT "blockNumber" FROM chain_cursors WHERE "chainId" = $1`, [chain.chainId]);
  const head = await chain.client.getBlock({ blockTag: "latest" });
  const synced = cursor ? Number(cursor["blockNumber"]) : undefined;
  const blocks = Math.max(0, Number(head.number) - (synced ?? 0));
  let seconds: number | undefined;
  if (synced !== undefined) {
    const block = await chain.client.getBlock({ blockNumber: BigInt(synced) });
    seconds = Math.max(0, Number(head.timestamp - block.timestamp));
  }
  return { head: Number(head.number), synced, blocks, seconds };
}
