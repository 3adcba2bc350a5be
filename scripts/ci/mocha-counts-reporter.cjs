// Mocha reporter for the contracts suite under `npm test`: prints like mocha's `spec` reporter and, at the end,
// writes `contracts.counts.json` ({ passed, failed, skipped }) into FREEHOLD_TEST_REPORT_DIR for
// scripts/ci/test-all.ts. hardhat.config.ts selects it only when that variable is set.
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const Mocha = require("mocha");

class CountsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      const dir = process.env.FREEHOLD_TEST_REPORT_DIR;
      if (dir) writeFileSync(join(dir, "contracts.counts.json"), JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = CountsReporter;
