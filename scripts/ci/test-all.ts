/**
 * Runs every test suite of the repository and ends with one plain line `N passed, N failed, N skipped`
 * summing all of them; exits non-zero on any failure.
 *
 * Usage: `npm test` (everything) or `npm test -- contracts backend` (only the named suites).
 * Each suite prints its own report; the counts are read from its closing lines (mocha's `N passing`,
 * node's test runner `# pass N`, vitest's `Tests N passed`, or a plain `N passed, N failed` line). A gate
 * (lint, type-check, build) counts as one test that passes when its command exits 0.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

interface Suite {
  name: string;
  command: string;
  /** A gate has no test count of its own: one pass or one failure. */
  gate?: boolean;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
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

const suites: Suite[] = [
  { name: "compile", command: "npm run compile", gate: true },
  { name: "lint:sol", command: "npm run lint:sol", gate: true },
  { name: "lint:ts", command: "npm run lint:ts", gate: true },
  { name: "typecheck", command: "tsc -p tsconfig.json", gate: true },
  { name: "contracts", command: "hardhat test mocha" },
  ...workspaceSuites(),
  // npm start: its settings, secrets and checks, then the README's first command from a fresh clone
  // (scripts/local/start.test.ts: start, check, Ctrl-C, restart).
  { name: "local-stack", command: "tsx --test --test-reporter=tap --test-concurrency=1 scripts/local/local.test.ts scripts/local/static-server.test.ts scripts/local/start.test.ts" },
];

/** Reads the closing counts a runner printed; `undefined` when it printed none. */
export function parseCounts(output: string): Counts | undefined {
  const text = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  const last = (re: RegExp): number | undefined => {
    const all = [...text.matchAll(re)];
    const hit = all.at(-1);
    return hit ? Number(hit[1]) : undefined;
  };
  const plain = [...text.matchAll(/^(?:\w+:\s*)?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)].at(-1);
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]), skipped: Number(plain[3] ?? 0) };
  const mochaPassing = last(/^\s*(\d+) passing/gm);
  if (mochaPassing !== undefined) {
    return {
      passed: mochaPassing,
      failed: last(/^\s*(\d+) failing/gm) ?? 0,
      skipped: last(/^\s*(\d+) pending/gm) ?? 0,
    };
  }
  const nodePass = last(/^# pass (\d+)/gm);
  if (nodePass !== undefined) {
    // node's runner counts tests cut short by a failed hook as "cancelled", not "fail": they failed.
    const failed = (last(/^# fail (\d+)/gm) ?? 0) + (last(/^# cancelled (\d+)/gm) ?? 0);
    return { passed: nodePass, failed, skipped: (last(/^# skipped (\d+)/gm) ?? 0) + (last(/^# todo (\d+)/gm) ?? 0) };
  }
  const vitest = [...text.matchAll(/^\s*Tests\s+(.*)$/gm)].at(-1);
  if (vitest?.[1]) {
    const num = (word: string): number => Number(vitest[1]!.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    return { passed: num("passed"), failed: num("failed"), skipped: num("skipped") + num("todo") };
  }
  return undefined;
}

function run(suite: Suite): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(suite.command, { shell: true, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    const onData = (chunk: Buffer, sink: NodeJS.WriteStream): void => {
      output += chunk.toString();
      sink.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => onData(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => onData(c, process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? suites.filter((s) => wanted.some((w) => s.name.startsWith(w))) : suites;
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const rows: string[] = [];
  for (const suite of selected) {
    console.log(`\n=== ${suite.name}: ${suite.command}`);
    const started = Date.now();
    const { code, output } = await run(suite);
    let counts = suite.gate ? undefined : parseCounts(output);
    if (!counts) counts = code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
    // A runner that crashed after printing its counts still failed.
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    rows.push(`${suite.name.padEnd(18)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed ${String(counts.skipped).padStart(3)} skipped  ${seconds}s`);
  }
  console.log("\n=== summary");
  for (const row of rows) console.log(row);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

await main();
