/**
 * What every API benchmark shares: one autocannon run over a rotation of paths (optionally with session cookies),
 * the machine's load average (read it against the figures: the machine is shared), the median of rounds, and the
 * plan PostgreSQL chooses for a statement.
 */
import os from "node:os";
import autocannon from "autocannon";
import type pg from "pg";
import { PLANNER_SETTINGS_SQL } from "../src/db/pool.ts";

export const CONNECTIONS = 50;

export interface Run {
  rps: number;
  p99ms: number;
  p50ms: number;
  errors: number;
  non2xx: number;
}

/**
 * A measure: absolute URLs on one origin, requested in rotation, with the headers of its caller; with `cookies`,
 * each URL is requested once with each cookie (readers signed in as different people).
 */
export interface Target {
  urls: string[];
  headers?: Record<string, string>;
  cookies?: string[];
}

/** The load generator's rotation for a target: each URL with each cookie. */
export function requestsOf(target: Target): { method: string; path: string; headers?: Record<string, string> }[] {
  return target.urls.flatMap((u) =>
    (target.cookies ?? [undefined]).map((cookie) => ({
      method: "GET",
      path: new URL(u).pathname + new URL(u).search,
      ...(cookie ? { headers: { cookie } } : {}),
    })),
  );
}

export async function load(target: Target, seconds: number): Promise<Run> {
  const first = new URL(target.urls[0]!);
  const result = await autocannon({
    url: first.origin,
    connections: CONNECTIONS,
    duration: seconds,
    ...(target.headers ? { headers: target.headers } : {}),
    requests: requestsOf(target),
  });
  assertClosedLoop(result.requests.sent, result.requests.total, result.errors);
  assertAllAnswered(target, result.non2xx);
  return {
    rps: Math.round(result.requests.average),
    p99ms: result.latency.p99,
    p50ms: result.latency.p50,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * A run measures the server only if it stayed a closed loop: each connection waits for its answer before it sends
 * again, so at most one request per connection is left unanswered when the run stops. More means the load
 * generator queued requests, and the latencies are the queue's: autocannon kept writing to connections the server
 * had answered with `Connection: close`, sending two requests per answer, and bench:instances reported a p50 of
 * 2.3 s (the local proxy sent that header, fixed since).
 */
export function assertClosedLoop(sent: number, answered: number, errors: number): void {
  const unanswered = sent - answered - errors;
  if (unanswered > CONNECTIONS)
    throw new Error(
      `the load generator sent ${sent} requests for ${answered} answers and ${errors} errors: ${unanswered} were queued, not measured`,
    );
}

/**
 * A run measures its paths only if they were answered: an error status (a 400 for a parameter the route no longer
 * takes, a 401 for an expired session, a 429) is a cheaper request than the one the measure names, and autocannon
 * counts it in the throughput. bench:instances reported half its list requests' 400s that way.
 */
export function assertAllAnswered(target: Target, non2xx: number): void {
  if (non2xx > 0)
    throw new Error(
      `${non2xx} requests were answered with a status other than 2xx: check each path (${target.urls.join(" ")})`,
    );
}

/** 1, 5 and 15 minute load averages, two decimals. */
export const loadAverage = (): number[] => os.loadavg().map((v) => Number(v.toFixed(2)));

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The median rps and latencies of a measure over rounds, with every error of every round counted. */
export function medianRun(runs: Run[]): Run {
  return {
    rps: median(runs.map((r) => r.rps)),
    p99ms: median(runs.map((r) => r.p99ms)),
    p50ms: median(runs.map((r) => r.p50ms)),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}

/** Runs every target once (warm-up: JIT, pools, prepared statements), then `rounds` interleaved rounds. */
export async function measureRounds<K extends string>(
  targets: Record<K, Target>,
  rounds: number,
  seconds: number,
  log: (line: string) => void = console.log,
): Promise<{ rounds: Record<K, Run>[]; median: Record<K, Run> }> {
  const names = Object.keys(targets) as K[];
  for (const name of names) await load(targets[name], Math.min(seconds, 3));
  const all: Record<K, Run>[] = [];
  for (let i = 0; i < rounds; i++) {
    const round = {} as Record<K, Run>;
    for (const name of names) round[name] = await load(targets[name], seconds);
    log(`round ${i + 1} ${JSON.stringify(round)}`);
    all.push(round);
  }
  const result = {} as Record<K, Run>;
  for (const name of names) result[name] = medianRun(all.map((r) => r[name]));
  return { rounds: all, median: result };
}

/** EXPLAIN (ANALYZE) of a statement with its parameters, planned as the API plans it: the plan's text, one line per node. */
export async function explain(client: pg.ClientBase, sql: string, values: unknown[]): Promise<string> {
  await client.query(PLANNER_SETTINGS_SQL);
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, values);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}
