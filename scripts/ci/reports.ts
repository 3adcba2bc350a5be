/**
 * Counts read from the machine reports a test run leaves in its report directory (never from its console output):
 * - `*.junit.xml`: node's test runner `--test-reporter=junit` (a `<testcase>` with `<failure>` failed, which includes
 *   tests cancelled by a failed hook and files that crashed on import; with `<skipped>` it was skipped or todo);
 * - `*.vitest.json`: vitest `--reporter=json` (a test file that failed to load counts as one failure);
 * - `*.counts.json`: `{ "passed": N, "failed": N, "skipped": N }` written by any other runner (the contracts'
 *   mocha reporter, scripts/ci/mocha-counts-reporter.cjs).
 * A report that cannot be read is an error: the caller counts the suite as failed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SaxesParser } from "saxes";

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export const zero = (): Counts => ({ passed: 0, failed: 0, skipped: 0 });

export function add(a: Counts, b: Counts): Counts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

export function junitCounts(xml: string): Counts {
  const counts = zero();
  const parser = new SaxesParser();
  // The verdict of the <testcase> being read: a <failure> or <skipped> child decides it.
  let open: "passed" | "failed" | "skipped" | null = null;
  parser.on("doctype", () => {
    throw new Error("a JUnit report has no DOCTYPE");
  });
  parser.on("opentag", (tag) => {
    if (tag.name === "testcase") open = "passed";
    else if (open !== null && tag.name === "failure") open = "failed";
    else if (open === "passed" && tag.name === "skipped") open = "skipped";
  });
  parser.on("closetag", (tag) => {
    if (tag.name !== "testcase" || open === null) return;
    counts[open] += 1;
    open = null;
  });
  parser.write(readableXml(xml)).close();
  return counts;
}

/**
 * Node's JUnit reporter writes failure messages as they are, and a message can hold characters XML 1.0 forbids
 * (the ANSI colour codes of a Playwright call log): one of them made a whole suite's report unreadable. They are
 * never markup, so each becomes U+FFFD and the verdicts are read as written.
 */
function readableXml(xml: string): string {
  return xml.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD");
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

export function vitestCounts(json: string): Counts {
  const report = JSON.parse(json) as VitestReport;
  const numbers = [report.numPassedTests, report.numFailedTests, report.numPendingTests, report.numTodoTests];
  if (!numbers.every((n) => Number.isInteger(n) && n >= 0) || !Array.isArray(report.testResults))
    throw new Error("not a vitest JSON report");
  // A file that failed before running any test (an import error) has no failed assertion of its own.
  const brokenFiles = report.testResults.filter(
    (r) => r.status === "failed" && !r.assertionResults.some((a) => a.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

export function plainCounts(json: string): Counts {
  const value = JSON.parse(json) as Partial<Counts>;
  const counts = { passed: value.passed, failed: value.failed, skipped: value.skipped ?? 0 };
  if (![counts.passed, counts.failed, counts.skipped].every((n) => Number.isInteger(n) && n! >= 0))
    throw new Error("not a counts report");
  return counts as Counts;
}

const READERS: [suffix: string, read: (text: string) => Counts][] = [
  [".junit.xml", junitCounts],
  [".vitest.json", vitestCounts],
  [".counts.json", plainCounts],
];

/** Sums every report in `dir`; `undefined` when the directory holds none (the suite never reported). */
export function readReports(dir: string): Counts | undefined {
  let total: Counts | undefined;
  for (const file of readdirSync(dir).sort()) {
    const reader = READERS.find(([suffix]) => file.endsWith(suffix));
    if (!reader) continue;
    try {
      total = add(total ?? zero(), reader[1](readFileSync(join(dir, file), "utf8")));
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return total;
}
