// Mocha reporter for the contracts suite under `npm test`: prints like mocha's `spec` reporter and, at the end,
// the slowest test files (wall time of each file's top-level suites, hooks and fixtures included: where CI time
// goes), then writes `contracts.counts.json` ({ passed, failed, skipped }) into FREEHOLD_TEST_REPORT_DIR for
// scripts/ci/test-all.ts. hardhat.config.ts selects it only when that variable is set.
const { writeFileSync } = require("node:fs");
const { join, relative } = require("node:path");
const Mocha = require("mocha");

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class CountsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const perFile = new Map();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root && suite.file) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const since = started.get(suite);
      if (since === undefined) return;
      const file = relative(process.cwd(), suite.file);
      perFile.set(file, (perFile.get(file) ?? 0) + Date.now() - since);
    });
    runner.once(EVENT_RUN_END, () => {
      const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 10);
      const total = [...perFile.values()].reduce((a, b) => a + b, 0);
      if (slowest.length) {
        console.log(`\n  slowest test files (of ${(total / 1000).toFixed(1)}s in ${perFile.size} files):`);
        for (const [file, ms] of slowest)
          console.log(
            `    ${(ms / 1000).toFixed(1).padStart(6)}s ${String(Math.round((100 * ms) / total)).padStart(3)}%  ${file}`,
          );
      }
      const { passes, failures, pending } = this.stats;
      const dir = process.env.FREEHOLD_TEST_REPORT_DIR;
      if (dir)
        writeFileSync(
          join(dir, "contracts.counts.json"),
          JSON.stringify({ passed: passes, failed: failures, skipped: pending }),
        );
    });
  }
}

module.exports = CountsReporter;
