/**
 * A reporter for node's test runner that prints, at the end, the test files that took longest: the sum of each
 * file's top-level tests and suites (their hooks included; hooks at a file's top level, outside any suite, are not
 * in any test and not counted), the share of the whole, and the count of files. Where a suite's time goes, measured
 * in every CI run (scripts/ci/README.md). Use with
 * `--test-reporter=./scripts/ci/file-times-reporter.ts --test-reporter-destination=stdout` (tsx loaded).
 */
import { relative } from "node:path";

interface TestEvent {
  type: string;
  data: { nesting?: number; file?: string; details?: { duration_ms?: number } };
}

/** The `count` slowest files of `perFile` (milliseconds) as printable lines. */
export function slowestLines(perFile: Map<string, number>, count = 10): string[] {
  const total = [...perFile.values()].reduce((a, b) => a + b, 0);
  if (!perFile.size || total <= 0) return [];
  const rows = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    `slowest test files (of ${(total / 1000).toFixed(1)}s in ${perFile.size} files):`,
    ...rows.map(
      ([file, ms]) =>
        `  ${(ms / 1000).toFixed(1).padStart(6)}s ${String(Math.round((100 * ms) / total)).padStart(3)}%  ${file}`,
    ),
  ];
}

export default async function* fileTimes(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const perFile = new Map<string, number>();
  for await (const { type, data } of source) {
    if ((type !== "test:pass" && type !== "test:fail") || data.nesting !== 0 || !data.file) continue;
    const file = relative(process.cwd(), data.file);
    perFile.set(file, (perFile.get(file) ?? 0) + (data.details?.duration_ms ?? 0));
  }
  const lines = slowestLines(perFile);
  if (lines.length) yield `\n${lines.join("\n")}\n`;
}
