/**
 * Runs every test suite of the repository and ends with one plain line `N passed, N failed, N skipped`
 * summing all of them; exits non-zero on any failure.
 *
 * Usage: `npm test` (everything) or `npm test -- contracts backend` (only the suites whose name starts so).
 * Suites run FREEHOLD_TEST_JOBS at a time (default: one per core, at most 4), in the listed order as far as what
 * they write and read allows (see `schedule`); each suite's output is held and printed whole when it ends, and the
 * summary keeps the listed order. Counts come from the machine reports each suite writes into the empty directory
 * named by FREEHOLD_TEST_REPORT_DIR (see reports.ts for the formats). A suite that wrote no report, or exited
 * non-zero without a failure in its reports, counts one failure more. A gate (lint, type-check, build) counts as one
 * test that passes when its command exits 0.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { cpuTimelineLines, readCpu, type CpuSample, type SuiteSpan } from "./cpu-timeline.js";
import { GeneratedFilesGuard, rewriteLines } from "./resource-guard.js";
import { add, readFailures, readReports, zero, type Counts, type Failure } from "./reports.js";

export interface Suite {
  name: string;
  command: string;
  /** A gate has no test count of its own: one pass or one failure. */
  gate?: boolean;
  /** Generated files it reads (names from RESOURCES): it waits for every earlier suite that writes them. */
  reads?: string[];
  /** Generated files it (re)writes: no suite that reads or writes them runs at the same time. */
  writes?: string[];
  /** When the suite named `without` is not in the run: the command to use instead (one that prepares for itself). */
  alone?: { without: string; command: string };
  /** Seconds it may run before it is stopped and counted as failed (default: see suiteTimeoutSeconds). */
  timeoutSeconds?: number;
}

/** Generated files some suites write and others read (a fresh clone has none of them). */
const ARTIFACTS = "artifacts"; // npm run compile: contract artifacts, TypeChain types, deployments/generated ABIs, the web's compliance table
const PRISMA = "prisma-client"; // backend/src/generated (prisma generate)
const SUBGRAPH = "subgraph-build"; // subgraph.yaml, subgraph/generated, subgraph/build (graph codegen / build)
export const RESOURCES = [ARTIFACTS, PRISMA, SUBGRAPH];

/** The files and folders of each resource: only the suites that declare they write it may change them. */
export const RESOURCE_PATHS: Record<string, string[]> = {
  [ARTIFACTS]: [
    "artifacts",
    "types/ethers-contracts",
    "deployments/generated",
    "web/src/compliance/complianceCodes.generated.ts",
  ],
  [PRISMA]: ["backend/src/generated"],
  [SUBGRAPH]: ["subgraph/subgraph.yaml", "subgraph/networks.json", "subgraph/generated", "subgraph/build"],
};

/** What each workspace's build writes and what its build and tests read; a workspace not listed is treated warily. */
const WORKSPACE_IO: Record<string, { build: Pick<Suite, "reads" | "writes">; test: Pick<Suite, "reads" | "writes"> }> =
  {
    backend: { build: { reads: [ARTIFACTS], writes: [PRISMA] }, test: { reads: [ARTIFACTS, PRISMA] } },
    // The e2e suite starts the real backend; web's sources import the generated compliance table.
    web: { build: { reads: [ARTIFACTS, PRISMA] }, test: { reads: [ARTIFACTS, PRISMA] } },
    // The subgraph's tests compare with the backend's chain sync (Prisma) and reuse `graph build`'s output.
    subgraph: {
      build: { reads: [ARTIFACTS, PRISMA], writes: [SUBGRAPH] },
      test: { reads: [ARTIFACTS, PRISMA, SUBGRAPH] },
    },
  };

function workspaceSuites(): Suite[] {
  const root = JSON.parse(readFileSync("package.json", "utf8")) as { workspaces: string[] };
  return root.workspaces.flatMap((ws) => {
    const pkg = JSON.parse(readFileSync(`${ws}/package.json`, "utf8")) as { scripts?: Record<string, string> };
    // A workspace not described: its build may generate files its tests read; both may read any generated file.
    const own = pkg.scripts?.["build"] ? [`${ws}-build`] : [];
    const io = WORKSPACE_IO[ws] ?? {
      build: { reads: RESOURCES, writes: own },
      test: { reads: [...RESOURCES, ...own] },
    };
    const suites: Suite[] = [];
    if (pkg.scripts?.["build"])
      suites.push({ name: `${ws}:build`, command: `npm run build -w ${ws}`, gate: true, ...io.build });
    if (pkg.scripts?.["test"]) {
      const command = `npm run test -w ${ws}`;
      // A `pretest` regenerates what the build already generated (backend: the Prisma client). Run again while other
      // suites import those files, it would rewrite them under their feet; with the build in the run it is skipped.
      if (pkg.scripts["pretest"] && pkg.scripts["build"]) {
        suites.push({
          name: ws,
          command: `${command} --ignore-scripts`,
          ...io.test,
          alone: { without: `${ws}:build`, command },
        });
      } else suites.push({ name: ws, command, ...io.test });
    }
    return suites;
  });
}

/** node's test runner: human output (TAP) and the slowest files on the console, the JUnit report for the counts. */
const nodeTest = (name: string, files: string): string =>
  // A test that never returns fails after 20 minutes, naming it (the suite's own limit would name only the suite).
  `tsx --test --test-concurrency=1 --test-timeout=1200000 --test-reporter=tap --test-reporter-destination=stdout ` +
  `--test-reporter=junit --test-reporter-destination="$FREEHOLD_TEST_REPORT_DIR/${name}.junit.xml" ` +
  `--test-reporter=./scripts/ci/file-times-reporter.ts --test-reporter-destination=stdout ${files}`;

/** The contract invariant runs: the "contracts-invariants" suite; "contracts" runs every other test file. */
export const INVARIANT_DIR = "test/invariants";

/**
 * A Hardhat test suite over `files`. The compile suite already built the contracts and their types, so the tests do
 * not build again (`--no-compile`: ~2 s of CPU each); without compile in the run they build for themselves.
 */
function contractSuite(name: string, files: string): Suite {
  return {
    name,
    command: `hardhat test mocha --no-compile ${files}`,
    reads: [ARTIFACTS],
    alone: { without: "compile", command: `hardhat test mocha ${files}` },
  };
}

/**
 * The listed order is the priority: compile first (everything reads its output), then the generating builds, then
 * the longest suites, so that the two lanes stay busy and the last suite to end is a short one.
 */
export function allSuites(): Suite[] {
  const workspaces = workspaceSuites();
  const take = (name: string): Suite[] => {
    const i = workspaces.findIndex((s) => s.name === name);
    return i < 0 ? [] : workspaces.splice(i, 1);
  };
  return [
    { name: "compile", command: "npm run compile", gate: true, writes: [ARTIFACTS] },
    { name: "lint:sol", command: "npm run lint:sol", gate: true },
    // Prettier (and prisma format) over the tree: generated files and what tests write are in .prettierignore.
    { name: "format", command: "npm run format:check", gate: true },
    ...take("backend:build"),
    // The committed API contract (backend/openapi.json, the web's generated types) is what the routes declare.
    {
      name: "openapi",
      command: "npm run openapi -- --check",
      gate: true,
      reads: [ARTIFACTS, PRISMA],
      alone: { without: "backend:build", command: "npm run generate -w backend && npm run openapi -- --check" },
    },
    ...take("backend"),
    // Their counts come from scripts/ci/mocha-counts-reporter.cjs (chosen by hardhat.config.ts under this runner).
    // The invariant runs (about half of the contracts' time) are a suite of their own so the lanes can balance.
    contractSuite("contracts-invariants", `${INVARIANT_DIR}/*.test.ts`),
    contractSuite("contracts", `$(find test -name '*.test.ts' -not -path '${INVARIANT_DIR}/*' | sort)`),
    ...take("web"),
    ...take("subgraph:build"),
    ...take("subgraph"),
    // npm start: its settings, secrets and checks, then the README's first command from a fresh clone
    // (scripts/local/start.test.ts: start, check, Ctrl-C, restart); this aggregator's own tests; and ops:rotate-agent
    // through each signer source (scripts/ops/agent-source.test.ts).
    {
      name: "local-stack",
      command: nodeTest(
        "local-stack",
        "scripts/local/local.test.ts scripts/local/static-server.test.ts scripts/local/start.test.ts 'scripts/ci/*.test.ts' scripts/ops/agent-source.test.ts",
      ),
      reads: [ARTIFACTS, PRISMA],
    },
    // npm run backup / restore: the manifest check, and the restore drill on a real stack (PostgreSQL, anvil, backend).
    {
      name: "backup-restore",
      command: nodeTest("backup-restore", "'scripts/ops/backup/*.test.ts'"),
      reads: [ARTIFACTS, PRISMA],
    },
    // npm run chaos, short form (60 s, seed 1234): the stack under random faults, then every promise checked.
    { name: "chaos", command: nodeTest("chaos", "'scripts/chaos/*.test.ts'"), reads: [ARTIFACTS, PRISMA] },
    // Type-aware lint and the type-check read the generated types (contracts, Prisma).
    { name: "typecheck", command: "tsc -p tsconfig.json", gate: true, reads: [ARTIFACTS, PRISMA] },
    { name: "lint:ts", command: "npm run lint:ts", gate: true, reads: [ARTIFACTS, PRISMA] },
    ...take("web:build"),
    ...workspaces,
  ];
}

/**
 * The suites whose name starts with one of `wanted` (all when empty), in listed order; a suite whose preparing
 * suite is left out (`alone`) gets its stand-alone command and the preparing suite's writes.
 */
export function selectSuites(wanted: string[], suites: Suite[] = allSuites()): Suite[] {
  const selected = wanted.length ? suites.filter((s) => wanted.some((w) => s.name.startsWith(w))) : suites;
  return selected.map((s) => {
    if (!s.alone || selected.some((other) => other.name === s.alone!.without)) return s;
    const { alone, ...rest } = s;
    // It does the preparing suite's work, so it writes what that suite writes: the scheduler keeps readers (and a
    // second such suite) off those files meanwhile, and the generated files' guard expects the change.
    const preparing = suites.find((other) => other.name === alone.without);
    const writes = [...new Set([...(rest.writes ?? []), ...(preparing?.writes ?? [])])];
    return { ...rest, command: alone.command, ...(writes.length ? { writes } : {}) };
  });
}

/** Two suites conflict when one writes what the other reads or writes. */
export function conflicts(a: Suite, b: Suite): boolean {
  const touches = (s: Suite): string[] => [...(s.reads ?? []), ...(s.writes ?? [])];
  return (a.writes ?? []).some((r) => touches(b).includes(r)) || (b.writes ?? []).some((r) => touches(a).includes(r));
}

/**
 * Starts suites `jobs` at a time: whenever a lane is free, the first waiting suite (in listed order) none of whose
 * earlier conflicting suites is still waiting or running. So a reader always follows the writers listed before it
 * and never overlaps a writer; the first waiting suite can always start once its predecessors ended, so the run
 * always ends. Results come back in listed order.
 */
export function schedule<T>(
  suites: Suite[],
  jobs: number,
  start: (suite: Suite, index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(suites.length);
  const state = suites.map((): "waiting" | "running" | "done" => "waiting");
  let running = 0;
  return new Promise((resolve, reject) => {
    const next = (): void => {
      if (state.every((s) => s === "done")) return resolve(results);
      for (let i = 0; i < suites.length && running < jobs; i++) {
        if (state[i] !== "waiting") continue;
        if (suites.slice(0, i).some((earlier, j) => state[j] !== "done" && conflicts(earlier, suites[i]!))) continue;
        state[i] = "running";
        running += 1;
        start(suites[i]!, i).then((result) => {
          results[i] = result;
          state[i] = "done";
          running -= 1;
          next();
        }, reject);
      }
    };
    next();
  });
}

export interface SuiteResult {
  suite: Suite;
  counts: Counts;
  /** Why the counts include a failure the reports do not show, if they do. */
  note?: string;
  /** The failed tests its reports describe. */
  failures: Failure[];
  seconds: number;
  /** Everything the suite printed (stdout and stderr). */
  output: string;
}

/** Seconds a suite may run unless it says otherwise: a hung suite must end the run with a summary, well inside CI's
 * 90 minutes (the longest suite takes about 15 minutes on 2 cores with 4 lanes). */
const DEFAULT_SUITE_TIMEOUT_S = 40 * 60;

/** A suite's time limit: its own, else FREEHOLD_SUITE_TIMEOUT (seconds), else DEFAULT_SUITE_TIMEOUT_S. */
export function suiteTimeoutSeconds(suite: Suite, env: NodeJS.ProcessEnv = process.env): number {
  if (suite.timeoutSeconds !== undefined) return suite.timeoutSeconds;
  const asked = Number(env["FREEHOLD_SUITE_TIMEOUT"]);
  return Number.isFinite(asked) && asked > 0 ? asked : DEFAULT_SUITE_TIMEOUT_S;
}

/**
 * Runs `command` with its stdout and stderr held together, in the order written. It runs in a process group of its
 * own, so that on timeout the whole group (the test processes, and the servers they started) is stopped: SIGTERM,
 * then SIGKILL 10 s later for whatever ignored it.
 */
function run(
  command: string,
  env: NodeJS.ProcessEnv,
  timeoutSeconds: number,
): Promise<{ code: number; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ["ignore", "pipe", "pipe"], env, detached: true });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // The group has already gone.
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup("SIGTERM");
      killer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
    }, timeoutSeconds * 1000);
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("close", (code) => {
      clearTimeout(timer);
      // A child that outlived the shell may still hold the group: it goes too.
      if (timedOut) {
        clearTimeout(killer);
        signalGroup("SIGKILL");
      }
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString("utf8"), timedOut });
    });
  });
}

/** Runs one suite with a fresh report directory under `reportRoot` and reads its counts. */
export async function runSuite(suite: Suite, reportRoot: string): Promise<SuiteResult> {
  const dir = join(reportRoot, suite.name.replace(/[^\w.-]/g, "_"));
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const limit = suiteTimeoutSeconds(suite);
  const { code, output, timedOut } = await run(suite.command, { ...process.env, FREEHOLD_TEST_REPORT_DIR: dir }, limit);
  const seconds = (Date.now() - started) / 1000;
  if (timedOut) {
    // Whatever it reported before it hung still counts; the hang is one failure more, and the failures section shows
    // where its output stopped.
    let counts = zero();
    try {
      counts = suite.gate ? zero() : (readReports(dir) ?? zero());
    } catch {
      // A report cut off mid-write: the timeout is the failure to report.
    }
    const note = `timed out after ${limit} s`;
    const tail = output.trimEnd().split("\n").slice(-FAILURE_LINES).join("\n");
    return {
      suite,
      counts: { ...counts, failed: counts.failed + 1 },
      note,
      seconds,
      output,
      failures: [
        ...(suite.gate ? [] : readFailures(dir)),
        { name: `(the suite ${note}; the end of its output)`, detail: tail },
      ],
    };
  }
  if (suite.gate)
    return {
      suite,
      counts: code === 0 ? { ...zero(), passed: 1 } : { ...zero(), failed: 1 },
      seconds,
      output,
      failures: [],
    };
  let counts: Counts | undefined;
  let note: string | undefined;
  try {
    counts = readReports(dir);
    if (!counts) note = "wrote no report";
  } catch (error) {
    note = `unreadable report (${error instanceof Error ? error.message : String(error)})`;
  }
  counts ??= zero();
  if (note === undefined && code !== 0 && counts.failed === 0) note = `exited with code ${code}`;
  // A suite that never reported, or crashed after reporting only passes, still failed.
  if (note !== undefined) counts = { ...counts, failed: counts.failed + 1 };
  const failures = readFailures(dir);
  return { suite, counts, ...(note === undefined ? {} : { note }), seconds, output, failures };
}

/** Lanes: FREEHOLD_TEST_JOBS, else one per core (each suite runs processes of its own: at most 4). */
export function jobCount(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env["FREEHOLD_TEST_JOBS"]);
  return Number.isInteger(asked) && asked >= 1 ? asked : Math.min(4, availableParallelism());
}

/** The row that counts the generated files' guard: one failure when a suite rewrote what it does not own. */
export const GUARD_ROW = "generated files";

/**
 * Runs the suites (see `schedule`) under the generated files' guard (resource-guard.ts): when a suite changed
 * files of a resource it does not declare it writes, one more row fails, naming the files and the suspects.
 */
export async function runSuites(
  suites: Suite[],
  reportRoot: string,
  jobs = jobCount(),
  guarded: { root: string; paths: Record<string, string[]> } = { root: process.cwd(), paths: RESOURCE_PATHS },
): Promise<{ results: SuiteResult[]; total: Counts; cpu: string[] }> {
  console.log(`${suites.length} suites, ${jobs} at a time; each suite's output is printed when it ends`);
  const guard = new GeneratedFilesGuard(guarded.root, guarded.paths);
  const started = Date.now();
  // The machine's CPU every 5 s and each suite's span: whether the lanes keep the cores busy (cpu-timeline.ts).
  const samples: CpuSample[] = [];
  const spans: SuiteSpan[] = [];
  const sample = (): void => {
    const s = readCpu();
    if (s) samples.push(s);
  };
  sample();
  const sampler = setInterval(sample, 5_000).unref();
  const results = await schedule(suites, jobs, async (suite) => {
    console.log(`--- started ${suite.name}`);
    const span: SuiteSpan = { name: suite.name, startMs: Date.now() };
    spans.push(span);
    guard.started(suite.name, suite.writes);
    const result = await runSuite(suite, reportRoot);
    span.endMs = Date.now();
    guard.ended(suite.name);
    // One write: the block of one suite is never cut by another's.
    const status = `${result.counts.passed} passed, ${result.counts.failed} failed, ${result.seconds.toFixed(1)}s`;
    process.stdout.write(
      `\n=== ${suite.name}: ${suite.command}\n${result.output}${result.output.endsWith("\n") || !result.output ? "" : "\n"}--- ended ${suite.name} (${status})\n`,
    );
    return result;
  });
  if (guard.rewrites.length > 0) {
    const detail = rewriteLines(guard.rewrites).join("\n");
    results.push({
      suite: { name: GUARD_ROW, command: "(the test aggregator)", gate: true },
      counts: { ...zero(), failed: 1 },
      note: "a suite rewrote generated files it does not own",
      failures: [{ name: "generated files are written only by the suites that declare it", detail }],
      seconds: (Date.now() - started) / 1000,
      output: detail,
    });
  }
  clearInterval(sampler);
  sample();
  return {
    results,
    total: results.reduce((sum, r) => add(sum, r.counts), zero()),
    cpu: cpuTimelineLines(samples, spans, availableParallelism()),
  };
}

/** Lines of one failure's account kept in the failures section, and failures kept per suite. */
const FAILURE_LINES = 30;
const FAILURES_PER_SUITE = 5;

/**
 * The failures section printed just above the summary: each failed test with the start of its report's account,
 * so the end of a run's output says what failed and why (a suite's own block may be far above, or cut).
 */
export function failureLines(results: Pick<SuiteResult, "suite" | "failures">[]): string[] {
  const lines: string[] = [];
  for (const { suite, failures } of results) {
    for (const failure of failures.slice(0, FAILURES_PER_SUITE)) {
      const detail = failure.detail.split("\n");
      lines.push(`--- ${suite.name}: ${failure.name}`, ...detail.slice(0, FAILURE_LINES));
      if (detail.length > FAILURE_LINES)
        lines.push(`    (${detail.length - FAILURE_LINES} more lines in the suite's output)`);
    }
    if (failures.length > FAILURES_PER_SUITE)
      lines.push(`--- ${suite.name}: ${failures.length - FAILURES_PER_SUITE} more failures in the suite's output`);
  }
  return lines;
}

export function summaryLines({
  results,
  total,
}: {
  results: Omit<SuiteResult, "output" | "failures">[];
  total: Counts;
}): string[] {
  const rows = results.map(({ suite, counts, note, seconds }) => {
    const numbers = `${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed ${String(counts.skipped).padStart(3)} skipped`;
    return `${suite.name.padEnd(18)} ${numbers}  ${seconds.toFixed(1)}s${note ? ` (${note})` : ""}`;
  });
  return [...rows, `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`];
}

async function main(): Promise<void> {
  // `--suites=<file.json>` runs the suites listed in that file instead of the repository's (the aggregator's own tests).
  const suitesFile = process.argv.find((a) => a.startsWith("--suites="))?.slice("--suites=".length);
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("--suites="));
  const suites = suitesFile ? (JSON.parse(readFileSync(suitesFile, "utf8")) as Suite[]) : allSuites();
  const selected = selectSuites(wanted, suites);
  const reportRoot = mkdtempSync(join(tmpdir(), "freehold-test-reports-"));
  try {
    // Suites from a file (the aggregator's own tests) are not the repository's: they own none of its files.
    const outcome = await runSuites(
      selected,
      reportRoot,
      jobCount(),
      suitesFile ? { root: process.cwd(), paths: {} } : undefined,
    );
    const failures = failureLines(outcome.results);
    if (outcome.cpu.length > 0) console.log(["\n=== CPU", ...outcome.cpu].join("\n"));
    if (failures.length > 0) console.log(["\n=== failures", ...failures].join("\n"));
    console.log("\n=== summary");
    for (const line of summaryLines(outcome)) console.log(line);
    process.exitCode = outcome.total.failed > 0 ? 1 : 0;
  } finally {
    rmSync(reportRoot, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
