/**
 * Runs every test suite of the repository and ends with one plain line `N passed, N failed, N skipped`
 * summing all of them; exits non-zero on any failure.
 *
 * Usage: `npm test` (everything) or `npm test -- contracts backend` (only the suites whose name starts so).
 * Each suite's own output streams to the console; its counts come from the machine reports it writes into the
 * empty directory named by FREEHOLD_TEST_REPORT_DIR (see reports.ts for the formats). A suite that wrote no report,
 * or exited non-zero without a failure in its reports, counts one failure more. A gate (lint, type-check, build)
 * counts as one test that passes when its command exits 0.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { add, readReports, zero, type Counts } from "./reports.js";

export interface Suite {
  name: string;
  command: string;
  /** A gate has no test count of its own: one pass or one failure. */
  gate?: boolean;
}

function workspaceSuites(): Suite[] {
  const root = JSON.parse(readFileSync("package.json", "utf8")) as { workspaces: string[] };
  return root.workspaces.flatMap((ws) => {
    const pkg = JSON.parse(readFileSync(`${ws}/package.json`, "utf8")) as { scripts?: Record<string, string> };
    const suites: Suite[] = [];
    if (pkg.scripts?.["build"]) suites.push({ name: `${ws}:build`, command: `npm run build -w ${ws}`, gate: true });
    if (pkg.scripts?.["test"]) suites.push({ name: ws, command: `npm run test -w ${ws}` });
    return suites;
  });
}

/** node's test runner: human output (TAP) on the console, the JUnit report for the counts. */
const nodeTest = (name: string, files: string): string =>
  `tsx --test --test-concurrency=1 --test-reporter=tap --test-reporter-destination=stdout ` +
  `--test-reporter=junit --test-reporter-destination="$FREEHOLD_TEST_REPORT_DIR/${name}.junit.xml" ${files}`;

export function allSuites(): Suite[] {
  return [
    { name: "compile", command: "npm run compile", gate: true },
    { name: "lint:sol", command: "npm run lint:sol", gate: true },
    { name: "lint:ts", command: "npm run lint:ts", gate: true },
    { name: "typecheck", command: "tsc -p tsconfig.json", gate: true },
    // Its counts come from scripts/ci/mocha-counts-reporter.cjs (chosen by hardhat.config.ts under this runner).
    { name: "contracts", command: "hardhat test mocha" },
    ...workspaceSuites(),
    // npm start: its settings, secrets and checks, then the README's first command from a fresh clone
    // (scripts/local/start.test.ts: start, check, Ctrl-C, restart); and this aggregator's own tests.
    {
      name: "local-stack",
      command: nodeTest("local-stack", "scripts/local/local.test.ts scripts/local/static-server.test.ts scripts/local/start.test.ts 'scripts/ci/*.test.ts'"),
    },
  ];
}

export interface SuiteResult {
  suite: Suite;
  counts: Counts;
  /** Why the counts include a failure the reports do not show, if they do. */
  note?: string;
  seconds: number;
}

function run(command: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ["ignore", "inherit", "inherit"], env });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** Runs one suite with a fresh report directory under `reportRoot` and reads its counts. */
export async function runSuite(suite: Suite, reportRoot: string): Promise<SuiteResult> {
  const dir = join(reportRoot, suite.name.replace(/[^\w.-]/g, "_"));
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const code = await run(suite.command, { ...process.env, FREEHOLD_TEST_REPORT_DIR: dir });
  const seconds = (Date.now() - started) / 1000;
  if (suite.gate) return { suite, counts: code === 0 ? { ...zero(), passed: 1 } : { ...zero(), failed: 1 }, seconds };
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
  return { suite, counts, ...(note === undefined ? {} : { note }), seconds };
}

export async function runSuites(suites: Suite[], reportRoot: string): Promise<{ results: SuiteResult[]; total: Counts }> {
  const results: SuiteResult[] = [];
  let total = zero();
  for (const suite of suites) {
    console.log(`\n=== ${suite.name}: ${suite.command}`);
    const result = await runSuite(suite, reportRoot);
    results.push(result);
    total = add(total, result.counts);
  }
  return { results, total };
}

export function summaryLines({ results, total }: { results: SuiteResult[]; total: Counts }): string[] {
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
  const selected = wanted.length ? suites.filter((s) => wanted.some((w) => s.name.startsWith(w))) : suites;
  const reportRoot = mkdtempSync(join(tmpdir(), "freehold-test-reports-"));
  try {
    const outcome = await runSuites(selected, reportRoot);
    console.log("\n=== summary");
    for (const line of summaryLines(outcome)) console.log(line);
    process.exitCode = outcome.total.failed > 0 ? 1 : 0;
  } finally {
    rmSync(reportRoot, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
