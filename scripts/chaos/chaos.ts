/** `npm run chaos -- [--duration 90s|10m] [--seed N] [--out file]`: the whole-stack fault run (see run.ts). */
import { randomInt } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../local/settings.js";
import { runChaos, writeReport } from "./run.js";

const USAGE = `Usage: npm run chaos -- [--duration <90s|10m>] [--seed <n>] [--out <file>]

Starts the whole stack on 127.0.0.1 (anvil, the deploy, PostgreSQL, the backend with its RPC through a fault
proxy), creates the demo data, then runs a workload (sign-ins, KYC applications and decisions, subscriptions,
transfers, rent deposits and claims, orders posted, filled and cancelled on the secondary market, reads) while it
kills the backend (SIGKILL), cuts/drops/delays the chain's RPC connection and shuts the database down, at random
moments. Then checks that every KYC decision reached the chain exactly once, the synced cap tables and orders equal
the chain, no acknowledged write was lost and no 5xx came outside a dependency's outage (503 with Retry-After). Prints the counts and writes --out (default bench/results/chaos.json).
Exit code 1 when any check fails. The seed is printed; --seed reproduces the same choices.`;

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`--duration must look like 90s or 10m, not ${JSON.stringify(text)}`);
  const ms = Number(match[1]) * (match[2] === "m" ? 60_000 : 1_000);
  if (ms < 10_000 || ms > 6 * 3_600_000) throw new Error("--duration must be between 10s and 360m");
  return ms;
}

let values: { duration?: string; seed?: string; out?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      duration: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
let durationMs: number;
let seed: number;
try {
  durationMs = parseDuration(values.duration ?? "90s");
  seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new Error("--seed must be a whole number below 2^32");
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const out = values.out ?? join(ROOT, "bench", "results", "chaos.json");
console.log(`chaos: seed ${seed} (reproduce with --seed ${seed})`);
const report = await runChaos({ durationMs, seed, log: (line) => console.log(`chaos: ${line}`) });
writeReport(out, report);
console.log(
  `chaos: ${report.operations.total} operations (${report.requests.total} API requests), ${report.faults.total} faults injected ` +
    `(backend ${report.faults.byKind.backend}, rpc ${report.faults.byKind.rpc}, database ${report.faults.byKind.database}), ` +
    `${report.faults.recoveries} recoveries, ${report.checks.kycApprovals} KYC approvals on chain once each: ${report.checks.kycRegisteredOnceOnChain}, ` +
    `${report.checks.orders} orders (${report.checks.orderEvents} market events) checked, ` +
    `mismatches = ${report.mismatches.length}, operation errors = ${report.operationErrors.length}; seed ${seed}; report ${out}`,
);
for (const line of [...report.mismatches, ...report.operationErrors]) console.log(`  - ${line}`);
process.exitCode = report.mismatches.length || report.operationErrors.length ? 1 : 0;
