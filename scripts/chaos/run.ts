/**
 * The whole-stack fault run: starts the stack (anvil, deploy, PostgreSQL, the backend with its RPC through the fault
 * proxy), creates the demo data, then for `durationMs` runs the workload while faults are injected at random
 * moments, then lets everything recover and checks the platform's promises:
 *  - every KYC approval reached the chain exactly once (IdentityRegistered per wallet), nothing else did;
 *  - the synced cap tables equal the chain's balances, no event is stored twice;
 *  - the secondary market's synced events equal the chain's, and so does every order's units still offered;
 *  - no write the API acknowledged is lost;
 *  - no 5xx except a 503 with Retry-After while the database or the chain was down; the backend never crashed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Interface, zeroPadValue } from "ethers";
import { rpc } from "@freehold/dev-kit/chain";
import { abis } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { query } from "../ops/backup/postgres.js";
import { capTableMismatches, pgTools, readLedger, syncedTokens, waitForQuiet } from "../ops/backup/testing/ledger.js";
import { startStack } from "../ops/backup/testing/stack.js";
import { Recorder, type Answer } from "./client.js";
import { backendReady, FaultInjector, type FaultKind, type FaultWindow } from "./faults.js";
import { orderMismatches } from "./orders.js";
import { startProxy } from "./proxy.js";
import { seeded } from "./random.js";
import { Workload, type Operation } from "./workload.js";

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  benchmark: string;
  measuredAt: string;
  seed: number;
  durationSeconds: number;
  operations: { total: number; done: Record<Operation, number>; gaveUp: Record<Operation, number> };
  requests: { total: number; byStatus: Record<string, number> };
  faults: { total: number; byKind: Record<FaultKind, number>; recoveries: number; windows: FaultWindow[] };
  checks: {
    kycApprovals: number;
    kycRegisteredOnceOnChain: number;
    syncedEvents: number;
    capTableHolders: number;
    /** Orders posted on the secondary market, and its events (posts, fills, cancellations) compared with the chain. */
    orders: number;
    orderEvents: number;
    acknowledgedWrites: number;
  };
  /** Each broken promise, described; the run passes when this is empty. */
  mismatches: string[];
  /** Operations that failed with an error that is not a fault's (a refusal the workload did not expect). */
  operationErrors: string[];
  /** The backend's log lines for its unhandled errors (the first five), to diagnose a 500. */
  unhandledErrorLog: string[];
}

/** How long after a fault's recovery a 503 is still its doing (in-flight requests, pool reconnects). */
const GRACE_MS = 5_000;
const WEIGHTS: [Operation, number][] = [
  ["sign-in", 2],
  ["kyc-apply", 3],
  ["kyc-decide", 3],
  ["subscribe", 2],
  ["transfer", 2],
  ["rent", 1],
  ["order-post", 2],
  ["order-fill", 2],
  ["order-cancel", 1],
  ["read", 3],
];

/**
 * A 5xx is acceptable only as a 503 with Retry-After from a request that was in flight while the database or the
 * chain was down (sent before the fault's recovery plus a grace period, answered after the fault began).
 */
export function unexpectedServerErrors(answers: Answer[], windows: FaultWindow[]): Answer[] {
  return answers.filter((a) => {
    if (a.status < 500) return false;
    if (a.status !== 503 || !a.retryAfter) return true;
    return !windows.some((w) => w.kind !== "backend" && a.end >= w.from && a.at <= (w.recoveredAt ?? w.to) + GRACE_MS);
  });
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  // Separate streams: the faults' choices do not depend on how many operations ran in between (timing).
  const random = seeded(options.seed);
  const workloadRandom = seeded(options.seed ^ 0x5eed);
  const recorder = new Recorder();
  const mismatches: string[] = [];
  const operationErrors: string[] = [];
  log(`seed ${options.seed}; starting the stack (anvil, deploy, PostgreSQL, backend behind the RPC fault proxy)`);
  const stack = await startStack();
  const chainPort = Number(new URL(stack.chain.url).port);
  const proxy = await startProxy({ host: "127.0.0.1", port: chainPort });
  const injector = new FaultInjector(stack, proxy, random, { CHAIN_RPC_URL: proxy.url, SIWE_RPC_URL: proxy.url });
  let workload: Workload | undefined;
  try {
    await injector.startBackend();
    log("creating the demo data through the API and the contracts");
    const summary = await stack.seed();
    const tools = await pgTools(stack.db.binDir);
    await waitForQuiet(tools, stack.db.url, stack.chain.url, stack.chainId);

    workload = new Workload({
      apiUrl: stack.apiUrl,
      appOrigin: stack.appOrigin,
      chainId: stack.chainId,
      rpcUrl: stack.chain.url,
      recordDir: stack.recordDir,
      seed: options.seed,
      random: workloadRandom,
      recorder,
      harbour: { token: summary.properties["harbour"]!.token! },
      settlement: readDeployment(stack.chainId, stack.recordDir)!.contracts["Settlement"]!.address,
      canal: { offering: summary.properties["canal"]!.offering! },
    });
    const started = Date.now();
    const end = started + options.durationMs;
    log(`running the workload with faults for ${Math.round(options.durationMs / 1000)} s`);
    const bag = WEIGHTS.flatMap(([operation, weight]) => Array<Operation>(weight).fill(operation));
    const work = (async () => {
      while (Date.now() < end) {
        const operation = workloadRandom.pick(bag);
        await workload!.run(operation).catch((error: unknown) => {
          operationErrors.push(`${operation}: ${(error as Error).message.slice(0, 400)}`);
        });
      }
      workload!.stop();
    })();
    const faults = (async () => {
      while (Date.now() < end - 3_000) {
        await new Promise((r) => setTimeout(r, random.int(1_500, 5_000)));
        const window = await injector.injectOne();
        log(
          `  fault ${injector.windows.length}: ${window.kind} (${window.what}), ${window.recoveredAt ? "recovered" : "NOT recovered"}`,
        );
        await injector.reviveIfCrashed();
      }
    })();
    await Promise.all([work, faults]);
    const durationSeconds = (Date.now() - started) / 1000;

    log("faults over: waiting for the backend to settle (outbox sent, sync at the head)");
    proxy.setMode({ kind: "pass" });
    await injector.reviveIfCrashed();
    if (!(await backendReady(stack.apiUrl, 60_000))) mismatches.push("the backend was not ready after the run");
    await waitForQuiet(tools, stack.db.url, stack.chain.url, stack.chainId, { timeoutMs: 180_000, quietMs: 3_000 });

    // Every KYC approval reached the chain exactly once; no rejected or pending application did.
    const record = readDeployment(stack.chainId, stack.recordDir)!;
    const registry = record.contracts["IdentityRegistry"]!.address;
    const topic = new Interface(abis.IdentityRegistry).getEvent("IdentityRegistered")!.topicHash;
    const registrations = async (wallet: string): Promise<number> =>
      (
        await rpc<unknown[]>(stack.chain.url, "eth_getLogs", [
          { address: registry, fromBlock: "0x0", toBlock: "latest", topics: [topic, zeroPadValue(wallet, 32)] },
        ])
      ).length;
    const applications = await query(tools, stack.db.url, `SELECT id, wallet, status FROM kyc_applications ORDER BY 1`);
    const status = new Map(applications.map(([id, , s]) => [id!, s!]));
    let registeredOnce = 0;
    for (const [id, wallet, state] of applications) {
      const count = await registrations(wallet!);
      const expected = state === "APPROVED" ? 1 : 0;
      if (count === expected && expected === 1) registeredOnce += 1;
      if (count !== expected)
        mismatches.push(`application ${id} is ${state} but its wallet was registered ${count} times`);
    }
    // No acknowledged write is lost.
    const { acknowledged } = workload.tally;
    for (const id of acknowledged.applications)
      if (!status.has(id)) mismatches.push(`acknowledged application ${id} is gone`);
    for (const id of acknowledged.approved)
      if (status.get(id) !== "APPROVED") mismatches.push(`acknowledged approval of ${id} is lost (${status.get(id)})`);
    for (const id of acknowledged.rejected)
      if (status.get(id) !== "REJECTED") mismatches.push(`acknowledged rejection of ${id} is lost (${status.get(id)})`);
    const documents = new Set((await query(tools, stack.db.url, `SELECT id FROM kyc_documents`)).map(([id]) => id));
    for (const { document } of acknowledged.documents)
      if (!documents.has(document)) mismatches.push(`acknowledged KYC document ${document} is gone`);
    // The synced read models equal the chain.
    const ledger = await readLedger(tools, stack.db.url, stack.chain.url, stack.chainId);
    if (ledger.syncedEvents !== ledger.distinctEvents)
      mismatches.push(`${ledger.syncedEvents - ledger.distinctEvents} chain events are stored twice`);
    mismatches.push(
      ...(await capTableMismatches(ledger, await syncedTokens(tools, stack.db.url, stack.chainId), stack.chain.url)),
    );
    const market = await orderMismatches(
      tools,
      stack.db.url,
      stack.chain.url,
      stack.chainId,
      record.contracts["Settlement"]!.address,
    );
    mismatches.push(...market.mismatches);
    // Server errors only where a dependency was down, and then 503 + Retry-After; no crash.
    for (const answer of unexpectedServerErrors(recorder.answers, injector.windows))
      mismatches.push(
        `${answer.method} ${answer.route} answered ${answer.status}${answer.retryAfter ? "" : " without Retry-After"} sent at +${((answer.at - started) / 1000).toFixed(1)} s, answered at +${((answer.end - started) / 1000).toFixed(1)} s (only a 503 with Retry-After during a database or chain outage is allowed)`,
      );
    mismatches.push(...injector.crashes);
    // What the backend logged about each unexpected error (its message and stack, never a request body).
    const serverLog = join(stack.logsDir, "backend.log");
    const unhandled = existsSync(serverLog)
      ? readFileSync(serverLog, "utf8")
          .split("\n")
          .filter((line) => line.includes('"unhandled error"'))
          .slice(0, 5)
          .map((line) => line.slice(0, 1_500))
      : [];

    const byStatus: Record<string, number> = {};
    for (const answer of recorder.answers)
      byStatus[answer.status === 0 ? "no answer" : String(answer.status)] =
        (byStatus[answer.status === 0 ? "no answer" : String(answer.status)] ?? 0) + 1;
    const byKind = { backend: 0, rpc: 0, database: 0 };
    for (const w of injector.windows) byKind[w.kind] += 1;
    const done = workload.tally.done;
    return {
      benchmark:
        "npm run chaos: workload against the whole stack while the backend, the chain's RPC connection and the database fail at random",
      measuredAt: new Date().toISOString(),
      seed: options.seed,
      durationSeconds,
      operations: { total: Object.values(done).reduce((a, b) => a + b, 0), done, gaveUp: workload.tally.gaveUp },
      requests: { total: recorder.answers.length, byStatus },
      faults: {
        total: injector.windows.length,
        byKind,
        recoveries: injector.windows.filter((w) => w.recoveredAt !== null).length,
        windows: injector.windows,
      },
      checks: {
        kycApprovals: applications.filter(([, , s]) => s === "APPROVED").length,
        kycRegisteredOnceOnChain: registeredOnce,
        syncedEvents: ledger.syncedEvents,
        capTableHolders: Object.values(ledger.capTables).reduce((n, t) => n + Object.keys(t).length, 0),
        orders: market.orders,
        orderEvents: market.events,
        acknowledgedWrites:
          acknowledged.applications.length +
          acknowledged.documents.length +
          acknowledged.approved.length +
          acknowledged.rejected.length,
      },
      mismatches,
      operationErrors,
      unhandledErrorLog: unhandled,
    };
  } finally {
    workload?.destroy();
    await proxy.close();
    await stack.stop();
  }
}

export function writeReport(file: string, report: ChaosReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
}
