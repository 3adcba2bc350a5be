/**
 * The workspace's `npm test`: component tests (vitest, happy-dom), then browser tests (Chromium). Ends with one
 * plain line `N passed, N failed` summing both, and exits non-zero if anything failed.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { runE2e, type Counts } from "./e2e";

/** Reads vitest's summary line (`Tests  12 passed | 1 failed (13)`). */
export function vitestCounts(output: string): Counts | undefined {
  const clean = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  const line = [...clean.matchAll(/^\s*Tests\s+(.*)$/gm)].at(-1)?.[1];
  if (!line) return undefined;
  const num = (word: string): number => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passed: num("passed"), failed: num("failed") };
}

async function runVitest(): Promise<Counts> {
  // Under `npm test` vitest also writes its JSON report, from which scripts/ci/test-all.ts takes the counts.
  const reportDir = process.env["FREEHOLD_TEST_REPORT_DIR"];
  const reporters = reportDir
    ? ["--reporter=default", "--reporter=json", `--outputFile.json=${join(reportDir, "web-unit.vitest.json")}`]
    : [];
  const child = spawn("vitest", ["run", ...reporters], {
    cwd: join(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  const counts = vitestCounts(output) ?? { passed: 0, failed: 1 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const unit = await runVitest();
let browser: Counts;
try {
  browser = await runE2e();
} catch (error) {
  console.error("Browser tests could not start:", error);
  browser = { passed: 0, failed: 1 };
}
console.log(
  `\ncomponent tests: ${unit.passed} passed, ${unit.failed} failed; browser tests: ${browser.passed} passed, ${browser.failed} failed`,
);
console.log(`${unit.passed + browser.passed} passed, ${unit.failed + browser.failed} failed`);
process.exitCode = unit.failed + browser.failed > 0 ? 1 : 0;
