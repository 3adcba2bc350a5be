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
import { stripVTControlCharacters } from "node:util";
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

/** A failed test as its report describes it: for the failures section printed above the summary. */
export interface Failure {
  name: string;
  /** The report's own account (message, assertion diff, stack), without colour codes. */
  detail: string;
}

/**
 * The failed test cases of a JUnit report with their failure text: CI shows only a part of a run's output, and a
 * failure whose message scrolled out of it (a chaos run's mismatches, a property's counterexample) was lost.
 */
export function junitFailures(xml: string): Failure[] {
  const failures: Failure[] = [];
  const parser = new SaxesParser();
  let testcase: string | null = null;
  // The failure's message attribute, then its text (the whole account: message, diff, stack); the text is kept.
  let failure: string[] | null = null;
  parser.on("opentag", (tag) => {
    if (tag.name === "testcase") testcase = String(tag.attributes["name"] ?? "");
    else if (testcase !== null && tag.name === "failure") failure = [String(tag.attributes["message"] ?? ""), "\n"];
  });
  parser.on("text", (text) => failure?.push(text));
  parser.on("closetag", (tag) => {
    if (tag.name === "failure" && testcase !== null && failure !== null) {
      const text = plain(failure.slice(1).join(""));
      failures.push({ name: testcase, detail: text || plain(failure[0]!) });
      failure = null;
    } else if (tag.name === "testcase") testcase = null;
  });
  parser.write(readableXml(xml)).close();
  return failures;
}

/** Without ANSI colour codes (which the XML reader turned into U+FFFD) and surrounding blank lines. */
const plain = (text: string): string => text.replace(/\uFFFD\[[0-9;]*m/g, "").trim();

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
  testResults: {
    name?: string;
    status: string;
    message?: string;
    assertionResults: { status: string; fullName?: string; failureMessages?: string[] }[];
  }[];
}

export function vitestFailures(json: string): Failure[] {
  const report = JSON.parse(json) as VitestReport;
  return report.testResults.flatMap((file) => {
    const failed = file.assertionResults.filter((a) => a.status === "failed");
    if (file.status === "failed" && failed.length === 0)
      return [{ name: file.name ?? "a test file", detail: plain(file.message ?? "failed to load") }];
    return failed.map((a) => ({
      name: a.fullName ?? "a test",
      detail: plain(stripVTControlCharacters((a.failureMessages ?? []).join("\n"))),
    }));
  });
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

/** The failures every report in `dir` describes (plain counts describe none); an unreadable report adds none. */
export function readFailures(dir: string): Failure[] {
  const readers: [string, (text: string) => Failure[]][] = [
    [".junit.xml", junitFailures],
    [".vitest.json", vitestFailures],
  ];
  return readdirSync(dir)
    .sort()
    .flatMap((file) => {
      const reader = readers.find(([suffix]) => file.endsWith(suffix));
      if (!reader) return [];
      try {
        return reader[1](readFileSync(join(dir, file), "utf8"));
      } catch {
        return [];
      }
    });
}

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
