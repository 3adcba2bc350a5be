// The test aggregator (scripts/ci/test-all.ts) and the report readers (scripts/ci/reports.ts): counts come from the
// runners' machine reports, a suite that never reported or crashed counts as failed, and failures make the exit
// code non-zero.
import assert from "node:assert/strict";
import { execSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { globSync } from "node:fs";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { junitCounts, junitFailures, plainCounts, vitestCounts, vitestFailures, type Counts } from "./reports.js";
import { GeneratedFilesGuard } from "./resource-guard.js";
import {
  allSuites,
  conflicts,
  failureLines,
  GUARD_ROW,
  RESOURCE_PATHS,
  runSuite,
  runSuites,
  schedule,
  selectSuites,
  suiteTimeoutSeconds,
  summaryLines,
  type Suite,
} from "./test-all.js";

const work = mkdtempSync(join(tmpdir(), "freehold-ci-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A shell command that writes `text` to `$FREEHOLD_TEST_REPORT_DIR/<file>`, then exits with `code` (if given). */
function writes(file: string, text: string, code?: number): string {
  const source = join(work, `${file}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(source, text);
  return `cp '${source}' "$FREEHOLD_TEST_REPORT_DIR/${file}"${code === undefined ? "" : ` && exit ${code}`}`;
}

const JUNIT_TWO_PASS_ONE_FAIL = `<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="s"><testcase name="a"/><testcase name="b"/>
<testcase name="c" failure="x"><failure type="testCodeFailure" message="x &lt;&amp;> y">boom</failure></testcase></testsuite></testsuites>`;

describe("test aggregator", () => {
  it("14 a suite that crashes before reporting counts as failed", async () => {
    const result = await runSuite({ name: "crashes", command: "exit 3" }, work);
    assert.deepEqual(result.counts, { passed: 0, failed: 1, skipped: 0 });
    assert.equal(result.note, "wrote no report");
    const silent = await runSuite({ name: "silent", command: "true" }, work);
    assert.deepEqual(
      silent.counts,
      { passed: 0, failed: 1, skipped: 0 },
      "exit 0 without a report is no proof of anything",
    );
  });

  it("14 a suite that reported only passes but exited non-zero counts one failure more", async () => {
    const result = await runSuite(
      { name: "late-crash", command: writes("a.counts.json", '{"passed":4,"failed":0,"skipped":1}', 1) },
      work,
    );
    assert.deepEqual(result.counts, { passed: 4, failed: 1, skipped: 1 });
    assert.equal(result.note, "exited with code 1");
  });

  it("14 sums every report of a suite (JUnit, vitest JSON, plain counts) and counts an unreadable one as a failure", async () => {
    const vitest = JSON.stringify({
      numPassedTests: 3,
      numFailedTests: 0,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [],
    });
    const command = `${writes("unit.vitest.json", vitest)} ; ${writes("e2e.junit.xml", JUNIT_TWO_PASS_ONE_FAIL, 1)}`;
    const result = await runSuite({ name: "web like", command }, work);
    assert.deepEqual(result.counts, { passed: 5, failed: 1, skipped: 2 });
    assert.equal(result.note, undefined, "the failure is in the reports: nothing added");
    const broken = await runSuite({ name: "broken", command: writes("x.junit.xml", "<testsuites><testcase>") }, work);
    assert.equal(broken.counts.failed, 1);
    assert.match(broken.note ?? "", /unreadable report \(x\.junit\.xml: /);
  });

  it("14 a gate is one test: passes on exit 0, fails otherwise, whatever it printed", async () => {
    assert.deepEqual((await runSuite({ name: "g1", command: "echo '0 passed, 9 failed'", gate: true }, work)).counts, {
      passed: 1,
      failed: 0,
      skipped: 0,
    });
    assert.deepEqual(
      (await runSuite({ name: "g2", command: "echo '9 passed, 0 failed'; exit 2", gate: true }, work)).counts,
      { passed: 0, failed: 1, skipped: 0 },
    );
  });

  it("a suite that outlives its time limit is stopped with everything it started, counts one failure and says so", async () => {
    // A hung suite (a test file whose process never exits, a server left running) used to hold the whole run until
    // CI's own limit killed it without a summary. It must end the suite, its children too, and name it.
    const pidFile = join(work, `sleeper-${Math.random().toString(36).slice(2)}.pid`);
    const command = `${writes("h.counts.json", '{"passed":2,"failed":0,"skipped":0}')}; echo before the hang; sleep 300 & echo $! > '${pidFile}'; wait`;
    const started = Date.now();
    const result = await runSuite({ name: "hangs", command, timeoutSeconds: 2 }, work);
    assert.ok(Date.now() - started < 60_000, "stopped long before the sleep ends");
    assert.deepEqual(result.counts, { passed: 2, failed: 1, skipped: 0 }, "its reported passes still count");
    assert.equal(result.note, "timed out after 2 s");
    assert.match(result.output, /before the hang/, "what it printed before is kept");
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0]!.name, "(the suite timed out after 2 s; the end of its output)");
    assert.match(result.failures[0]!.detail, /before the hang/);
    const sleeper = Number(readFileSync(pidFile, "utf8"));
    const alive = (): boolean => {
      try {
        process.kill(sleeper, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(), "the suite's own children are stopped too");
  });

  it("a suite's time limit: its own, else FREEHOLD_SUITE_TIMEOUT seconds, else 40 minutes", () => {
    assert.equal(suiteTimeoutSeconds({ name: "a", command: "true", timeoutSeconds: 5 }, {}), 5);
    assert.equal(suiteTimeoutSeconds({ name: "a", command: "true" }, { FREEHOLD_SUITE_TIMEOUT: "90" }), 90);
    assert.equal(suiteTimeoutSeconds({ name: "a", command: "true" }, { FREEHOLD_SUITE_TIMEOUT: "x" }), 2400);
    assert.equal(suiteTimeoutSeconds({ name: "a", command: "true" }, {}), 2400);
  });

  it("14 the CLI ends with the summed line and exits non-zero when a suite failed, zero when all passed", () => {
    const run = (suites: Suite[]): { status: number | null; last: string } => {
      const file = join(work, `suites-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(suites));
      const child = spawnSync(process.execPath, ["--import", "tsx", "scripts/ci/test-all.ts", `--suites=${file}`], {
        encoding: "utf8",
      });
      outputs.push(child.stdout);
      return { status: child.status, last: child.stdout.trimEnd().split("\n").at(-1) ?? "" };
    };
    const outputs: string[] = [];
    const green: Suite[] = [
      { name: "gate", command: "true", gate: true },
      { name: "tests", command: writes("t.counts.json", '{"passed":2,"failed":0,"skipped":0}') },
    ];
    assert.deepEqual(run(green), { status: 0, last: "3 passed, 0 failed, 0 skipped" });
    const red = [...green, { name: "failing", command: writes("f.junit.xml", JUNIT_TWO_PASS_ONE_FAIL, 1) }];
    assert.deepEqual(run(red), { status: 1, last: "5 passed, 1 failed, 0 skipped" });
    // Above the summary, after every suite's block: what failed and its report's account.
    const tail = outputs.at(-1)!.split("\n=== failures\n")[1] ?? "";
    assert.match(tail, /^--- failing: c\nboom\n\n=== summary\n/, outputs.at(-1));
    assert.ok(!outputs[0]!.includes("=== failures"), "no failures section when all passed");
    const crashed = [...green, { name: "crashed", command: "kill -9 $$" }];
    assert.deepEqual(run(crashed), { status: 1, last: "3 passed, 1 failed, 0 skipped" });
  });

  it("14 two suites run at the same time (each waits for the other to start), and each one's output is printed whole", () => {
    // A rendezvous instead of a clock: each suite writes its flag, then waits (up to 30 s) for the other's. Run one
    // after the other, the first would give up and fail; run side by side, both pass.
    const flags = mkdtempSync(join(work, "flags-"));
    const meet = (me: string, other: string): string =>
      `echo ${me}-first; touch '${flags}/${me}'; i=0; while [ ! -f '${flags}/${other}' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; ` +
      `[ -f '${flags}/${other}' ] || exit 1; echo ${me}-second; ${writes(`${me}.counts.json`, '{"passed":1,"failed":0,"skipped":0}')}`;
    const file = join(work, `suites-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify([
        { name: "left", command: meet("left", "right") },
        { name: "right", command: meet("right", "left") },
      ]),
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", "scripts/ci/test-all.ts", `--suites=${file}`], {
      encoding: "utf8",
      env: { ...process.env, FREEHOLD_TEST_JOBS: "2" },
    });
    assert.equal(child.stdout.trimEnd().split("\n").at(-1), "2 passed, 0 failed, 0 skipped", child.stdout);
    assert.equal(child.status, 0);
    // Each suite's lines stay together under its own header, although they were written interleaved.
    const lines = child.stdout.split("\n");
    for (const me of ["left", "right"]) {
      const header = lines.findIndex((l) => l.startsWith(`=== ${me}:`));
      assert.ok(header >= 0, `a header for ${me}`);
      assert.deepEqual(lines.slice(header + 1, header + 3), [`${me}-first`, `${me}-second`], child.stdout);
    }
    // The summary keeps the listed order whatever finished first.
    const rows = lines.filter((l) => /^(left|right)\s+\d+ passed/.test(l)).map((l) => l.split(" ")[0]);
    assert.deepEqual(rows, ["left", "right"]);
  });

  it("14 FREEHOLD_TEST_JOBS=1 runs the suites one after another (the rendezvous then fails, counted as failures)", () => {
    const file = join(work, `suites-${Math.random().toString(36).slice(2)}.json`);
    const flags = mkdtempSync(join(work, "flags-"));
    // Only the first waits for the second: one at a time, it gives up after 2 s and exits non-zero without a report.
    const first = `i=0; while [ ! -f '${flags}/b' ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; [ -f '${flags}/b' ] && ${writes("a.counts.json", '{"passed":1,"failed":0}')}`;
    writeFileSync(
      file,
      JSON.stringify([
        { name: "a", command: first },
        { name: "b", command: `touch '${flags}/b'; ${writes("b.counts.json", '{"passed":1,"failed":0}')}` },
      ]),
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", "scripts/ci/test-all.ts", `--suites=${file}`], {
      encoding: "utf8",
      env: { ...process.env, FREEHOLD_TEST_JOBS: "1" },
    });
    assert.equal(child.stdout.trimEnd().split("\n").at(-1), "1 passed, 1 failed, 0 skipped", child.stdout);
    assert.equal(child.status, 1);
  });

  it("14 class: any suites with any resources: at most `jobs` at once, a suite never overlaps one it conflicts with and starts only after the earlier ones it conflicts with ended, each runs once, results in listed order", async () => {
    const resource = fc.constantFrom("artifacts", "prisma", "subgraph");
    const suiteArb = fc.record({
      reads: fc.uniqueArray(resource, { maxLength: 3 }),
      writes: fc.uniqueArray(resource, { maxLength: 2 }),
      ticks: fc.nat({ max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(suiteArb, { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 4 }),
        async (specs, jobs) => {
          const suites: Suite[] = specs.map((s, i) => ({
            name: `s${i}`,
            command: "",
            reads: s.reads,
            writes: s.writes,
          }));
          const running = new Set<number>();
          const ended = new Set<number>();
          const starts: number[] = [];
          const results = await schedule(suites, jobs, async (suite, i) => {
            assert.equal(suite, suites[i]);
            assert.ok(running.size < jobs, "no more than jobs at once");
            for (const other of running)
              assert.ok(!conflicts(suites[other]!, suite), `${suite.name} overlaps ${suites[other]!.name}`);
            for (let j = 0; j < i; j++)
              if (conflicts(suites[j]!, suite))
                assert.ok(ended.has(j), `${suite.name} started before the earlier ${suites[j]!.name} ended`);
            starts.push(i);
            running.add(i);
            for (let k = 0; k < specs[i]!.ticks; k++) await new Promise((r) => setImmediate(r));
            running.delete(i);
            ended.add(i);
            return suite.name;
          });
          assert.deepEqual(
            results,
            suites.map((s) => s.name),
          );
          assert.deepEqual(
            [...starts].sort((a, b) => a - b),
            suites.map((_, i) => i),
            "each suite ran exactly once",
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a suite that rewrites generated files it does not declare it writes fails the run, naming the files and the suspects", async () => {
    // The web suite's harness ran `npm run compile`: with nothing to build it still deleted and rewrote
    // deployments/generated, and a backend test importing abi.ts in that instant crashed (CI, 2026-12-05).
    const root = mkdtempSync(join(work, "guarded-"));
    const gen = join(root, "gen");
    const report = (name: string): string => writes(`${name}.counts.json`, '{"passed":1,"failed":0,"skipped":0}');
    const writer: Suite = {
      name: "writer",
      command: `mkdir -p '${gen}' && echo abi > '${gen}/abi.ts' && ${report("writer")}`,
      writes: ["gen"],
    };
    const reader: Suite = { name: "reader", command: `cat '${gen}/abi.ts' && ${report("reader")}`, reads: ["gen"] };
    // What `npm run compile` did on a current tree: the same content, removed and written again.
    const rogue: Suite = {
      name: "rogue",
      command: `sleep 0.05 && rm -r '${gen}' && mkdir '${gen}' && echo abi > '${gen}/abi.ts' && ${report("rogue")}`,
      reads: ["gen"],
    };
    const guarded = { root, paths: { gen: ["gen"] } };

    const clean = await runSuites([writer, reader, { ...reader, name: "reader2" }], work, 2, guarded);
    assert.deepEqual(clean.total, { passed: 3, failed: 0, skipped: 0 });
    assert.ok(!clean.results.some((r) => r.suite.name === GUARD_ROW));

    const dirty = await runSuites([writer, reader, rogue], work, 2, guarded);
    assert.deepEqual(dirty.total, { passed: 3, failed: 1, skipped: 0 }, "the rewrite is one failure more");
    const row = dirty.results.find((r) => r.suite.name === GUARD_ROW)!;
    assert.match(row.failures[0]!.detail, /^gen: 1 generated file\(s\) changed while (reader, )?rogue ran/);
    assert.match(row.failures[0]!.detail, /\n {2}gen\/abi\.ts$/);
    assert.match(
      failureLines(dirty.results).join("\n"),
      /generated files are written only by the suites that declare it/,
    );

    // A second writer that declares it may rewrite them.
    const again = await runSuites([writer, reader, { ...rogue, name: "rewriter", writes: ["gen"] }], work, 2, guarded);
    assert.deepEqual(again.total, { passed: 3, failed: 0, skipped: 0 });
  });

  it("class: any suites touching any resources under the scheduler: the guard reports exactly the undeclared rewrites, and names who made them", async () => {
    const resources = ["artifacts", "prisma", "subgraph"];
    const resource = fc.constantFrom(...resources);
    const suiteArb = fc.record({
      reads: fc.uniqueArray(resource, { maxLength: 3 }),
      writes: fc.uniqueArray(resource, { maxLength: 2 }),
      /** Resources it reads and also rewrites without saying so (the web harness's compile). */
      rogue: fc.uniqueArray(resource, { maxLength: 2 }),
      ticks: fc.nat({ max: 3 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(suiteArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (specs, jobs) => {
          const root = join(work, `class-${run++}`);
          for (const r of resources) mkdirSync(join(root, r), { recursive: true });
          const guard = new GeneratedFilesGuard(root, Object.fromEntries(resources.map((r) => [r, [r]])));
          const suites: Suite[] = specs.map((s, i) => ({
            name: `s${i}`,
            command: "",
            reads: [...new Set([...s.reads, ...s.rogue])],
            writes: s.writes,
          }));
          // Each write changes the file's size: a clock tick may be too coarse to tell writes apart.
          const touch = (r: string): void => appendFileSync(join(root, r, "file"), "x");
          await schedule(suites, jobs, async (suite, i) => {
            guard.started(suite.name, suite.writes);
            await new Promise((r) => setImmediate(r));
            for (const r of specs[i]!.writes) touch(r);
            for (const r of specs[i]!.rogue) if (!specs[i]!.writes.includes(r)) touch(r);
            for (let k = 0; k < specs[i]!.ticks; k++) await new Promise((r) => setImmediate(r));
            guard.ended(suite.name);
          });
          const rogues = specs.flatMap((s, i) =>
            s.rogue.filter((r) => !s.writes.includes(r)).map((r) => ({ suite: `s${i}`, resource: r })),
          );
          for (const { suite, resource } of rogues)
            assert.ok(
              guard.rewrites.some((w) => w.resource === resource && w.suspects.includes(suite)),
              `${suite} rewrote ${resource} unnoticed`,
            );
          for (const w of guard.rewrites)
            assert.ok(
              rogues.some(({ suite, resource }) => w.resource === resource && w.suspects.includes(suite)),
              `a declared write was reported: ${JSON.stringify(w)}`,
            );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the generated files' guard covers every resource the repository's suites declare", () => {
    for (const suite of allSuites())
      for (const resource of [...(suite.reads ?? []), ...(suite.writes ?? [])])
        assert.ok(RESOURCE_PATHS[resource]?.length, `${suite.name}: ${resource} has no paths for the guard`);
  });

  it("14 the repository's suites: generated code is written before anything reads it, and a workspace's tests skip their pretest only when its build runs", () => {
    const all = selectSuites([]);
    const index = (name: string): number => all.findIndex((s) => s.name === name);
    for (const [i, suite] of all.entries()) {
      for (const resource of suite.reads ?? []) {
        const writer = all.findIndex((s) => s.writes?.includes(resource));
        assert.ok(writer >= 0 && writer < i, `${suite.name} reads ${resource}: its writer comes first`);
      }
    }
    assert.ok(index("compile") === 0, "compile first");
    assert.match(
      all[index("backend")]!.command,
      /--ignore-scripts/,
      "the backend build already generated the Prisma client",
    );
    const alone = selectSuites(["backend"]).map((s) => s.name);
    assert.deepEqual(alone, ["backend:build", "backend"]);
    const testsOnly = selectSuites(["backend"]).filter((s) => s.name === "backend");
    assert.match(testsOnly[0]!.command, /--ignore-scripts/);
    const withoutBuild = selectSuites(
      [],
      all.filter((s) => s.name !== "backend:build"),
    );
    assert.doesNotMatch(
      withoutBuild.find((s) => s.name === "backend")!.command,
      /--ignore-scripts/,
      "without its build the tests generate the client themselves",
    );
  });

  it("prints one row per suite with the reason for an added failure", () => {
    const lines = summaryLines({
      results: [
        {
          suite: { name: "backend", command: "x" },
          counts: { passed: 1, failed: 1, skipped: 0 },
          note: "wrote no report",
          seconds: 1.25,
        },
      ],
      total: { passed: 1, failed: 1, skipped: 0 },
    });
    assert.match(lines[0]!, /^backend\s+1 passed\s+1 failed\s+0 skipped\s+1\.3s \(wrote no report\)$/);
    assert.equal(lines[1], "1 passed, 1 failed, 0 skipped");
  });
});

describe("report readers", () => {
  it("14 reads node's real JUnit report: cancelled by a failed hook and a file that crashed on import are failures, todo is skipped", () => {
    const dir = mkdtempSync(join(work, "node-"));
    writeFileSync(
      join(dir, "a.test.mjs"),
      `import { describe, it, before } from "node:test";
describe("s", () => { it("ok", () => {}); it("bad <&>", () => { throw new Error("x <&> y"); }); it.skip("sk", () => {}); it.todo("td"); });
it("coloured", () => { throw new Error("Call log:\\n\\u001b[2m  - waiting for getByRole\\u001b[22m"); });
describe("hook", () => { before(() => { throw new Error("h"); }); it("cancelled", () => {}); });
it("top", () => {});`,
    );
    writeFileSync(join(dir, "b.test.mjs"), 'throw new Error("crash at import");');
    const report = join(dir, "r.junit.xml");
    // Without NODE_TEST_CONTEXT the child is a run of its own, not a subtest reporting to this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "NODE_TEST_CONTEXT"));
    spawnSync(
      process.execPath,
      ["--test", "--test-reporter=junit", `--test-reporter-destination=${report}`, "a.test.mjs", "b.test.mjs"],
      { cwd: dir, env },
    );
    // The coloured failure message holds ESC, which XML 1.0 forbids: the report is still read, its verdict too.
    assert.ok(readFileSync(report, "utf8").includes("\u001b[2m"), "the report holds the ESC as written");
    assert.deepEqual(junitCounts(readFileSync(report, "utf8")), { passed: 2, failed: 4, skipped: 2 });
    // Each failure with its account, without the colour codes.
    const failures = junitFailures(readFileSync(report, "utf8"));
    assert.equal(failures.length, 4, JSON.stringify(failures));
    const bad = failures.find((f) => f.name === "bad <&>");
    assert.ok(bad?.detail.includes("x <&> y"), JSON.stringify(bad));
    const coloured = failures.find((f) => f.name === "coloured");
    assert.ok(coloured?.detail.includes("  - waiting for getByRole"), JSON.stringify(coloured));
    assert.ok(!["\uFFFD", "\u001b"].some((c) => coloured!.detail.includes(c)), JSON.stringify(coloured));
    assert.ok(
      failures.some((f) => f.name === "b.test.mjs"),
      JSON.stringify(failures),
    );
  });

  it("14 the failures section keeps the start of each account and names what it left out", () => {
    const suite = { name: "chaos", command: "x" };
    const long = Array.from({ length: 45 }, (_, i) => `line ${i}`).join("\n");
    const failures = Array.from({ length: 7 }, (_, i) => ({ name: `t${i}`, detail: i === 0 ? long : "short" }));
    const lines = failureLines([
      { suite, failures },
      { suite: { name: "green", command: "y" }, failures: [] },
    ]);
    assert.deepEqual(lines.slice(0, 2), ["--- chaos: t0", "line 0"]);
    assert.equal(lines[30], "line 29");
    assert.equal(lines[31], "    (15 more lines in the suite's output)");
    assert.deepEqual(lines.slice(-3), ["--- chaos: t4", "short", "--- chaos: 2 more failures in the suite's output"]);
  });

  it("14 class: the JUnit counts equal the verdicts of any tree of suites and test cases", () => {
    type Verdict = keyof Counts;
    type Node = { kind: "case"; name: string; verdict: Verdict } | { kind: "suite"; name: string; children: Node[] };
    // Any code point, control characters included: the reader copes with what node's reporter writes as it is.
    const name = fc.string({ maxLength: 12, unit: "binary" });
    const { node } = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.record({
          kind: fc.constant("case" as const),
          name,
          verdict: fc.constantFrom<Verdict>("passed", "failed", "skipped"),
        }),
        fc.record({ kind: fc.constant("suite" as const), name, children: fc.array(tie("node"), { maxLength: 5 }) }),
      ),
    }));
    const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
    const render = (n: Node): string => {
      if (n.kind === "suite")
        return `<testsuite name="${escape(n.name)}">${n.children.map(render).join("")}</testsuite>`;
      const body = {
        passed: "",
        failed: `<failure type="testCodeFailure" message="m">${escape(n.name)}</failure>`,
        skipped: '<skipped type="todo" message="true"/>',
      }[n.verdict];
      return body ? `<testcase name="${escape(n.name)}">${body}</testcase>` : `<testcase name="${escape(n.name)}"/>`;
    };
    const expected = (nodes: Node[], acc: Counts): Counts => {
      for (const n of nodes) {
        if (n.kind === "case") acc[n.verdict] += 1;
        else expected(n.children, acc);
      }
      return acc;
    };
    fc.assert(
      fc.property(fc.array(node, { maxLength: 6 }), (nodes) => {
        const xml = `<?xml version="1.0" encoding="utf-8"?>\n<testsuites>${nodes.map(render).join("\n")}<!-- tests 0 --></testsuites>`;
        assert.deepEqual(junitCounts(xml), expected(nodes, { passed: 0, failed: 0, skipped: 0 }));
      }),
      { numRuns: 200 },
    );
  });

  it("14 reads vitest's JSON report: a file that failed to load is a failure; refuses what is not a report", () => {
    const report = {
      numPassedTests: 7,
      numFailedTests: 1,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [
        {
          status: "failed",
          assertionResults: [
            {
              status: "failed",
              fullName: "cart adds",
              failureMessages: ["AssertionError: \u001b[31mexpected\u001b[39m 1"],
            },
            { status: "passed" },
          ],
        },
        { name: "broken.test.ts", status: "failed", message: "Failed to load url ./gone", assertionResults: [] },
        { status: "passed", assertionResults: [{ status: "passed" }] },
      ],
    };
    assert.deepEqual(vitestCounts(JSON.stringify(report)), { passed: 7, failed: 2, skipped: 3 });
    assert.deepEqual(vitestFailures(JSON.stringify(report)), [
      { name: "cart adds", detail: "AssertionError: expected 1" },
      { name: "broken.test.ts", detail: "Failed to load url ./gone" },
    ]);
    assert.throws(() => vitestCounts('{"passed":1}'), /not a vitest JSON report/);
    assert.throws(() => plainCounts('{"passed":-1,"failed":0}'), /not a counts report/);
    assert.throws(() => plainCounts('{"passed":1}'), /not a counts report/);
    assert.throws(() => junitCounts('<!DOCTYPE x [<!ENTITY e "e">]><testsuites/>'), /DOCTYPE/);
  });
});

describe("contract suites", () => {
  it("contracts and contracts-invariants together run every contract test file exactly once", () => {
    const root = join(import.meta.dirname, "..", "..");
    const filesOf = (name: string): string[] => {
      const suite = allSuites().find((s) => s.name === name);
      assert.ok(suite, `no suite ${name}`);
      const prefix = "hardhat test mocha --no-compile ";
      assert.ok(suite.command.startsWith(prefix), suite.command);
      // The shell the runner uses expands the suite's file list.
      const listed = execSync(`printf '%s\\n' ${suite.command.slice(prefix.length)}`, { cwd: root, encoding: "utf8" });
      return listed.split("\n").filter(Boolean);
    };
    const both = [...filesOf("contracts"), ...filesOf("contracts-invariants")].sort();
    const every = globSync("test/**/*.test.ts", { cwd: root })
      .map((f) => relative(".", f))
      .sort();
    assert.ok(filesOf("contracts-invariants").length >= 4, "the invariant runs are in their own suite");
    assert.deepEqual(both, every);
  });

  it("a suite run without its preparing suite writes what that suite writes: alone, the two contract suites build one after the other", () => {
    const both = selectSuites(["contracts"]);
    assert.deepEqual(
      both.map((s) => s.name),
      ["contracts-invariants", "contracts"],
    );
    assert.ok(conflicts(both[0]!, both[1]!), "two builds of the same artifacts never overlap");
    const withoutBuild = selectSuites(["openapi"]);
    assert.deepEqual(withoutBuild[0]!.writes, ["prisma-client"], "openapi alone generates the Prisma client");
  });

  it("the contract suites build only when the compile suite is not in the run", () => {
    for (const name of ["contracts", "contracts-invariants"]) {
      const inRun = selectSuites(["compile", name]).find((s) => s.name === name)!;
      assert.match(inRun.command, /^hardhat test mocha --no-compile /, "compile built the contracts already");
      const alone = selectSuites([name]).find((s) => s.name === name)!;
      assert.doesNotMatch(alone.command, /--no-compile/, "without compile the tests build for themselves");
      assert.deepEqual(inRun.writes ?? [], []);
      assert.deepEqual(alone.writes, ["artifacts"], "building for itself, it writes what compile writes");
      assert.equal(
        alone.command.replace("hardhat test mocha ", ""),
        inRun.command.replace("hardhat test mocha --no-compile ", ""),
      );
    }
  });
});
