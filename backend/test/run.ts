/**
 * The backend test runner: starts ONE embedded PostgreSQL for the whole run, migrates a template database, then
 * runs every test file with node's test runner. Each file clones the template into its own database
 * (CREATE DATABASE ... TEMPLATE), so files are isolated and can run in parallel. Likewise the chain tests: each
 * starts its own anvil, and the platform is deployed once per run for each set of deploy parameters, the state saved
 * in a run-wide folder and loaded by the later files (src/chain/testing/platform.ts). Output ends with node's
 * `# pass N` / `# fail N` summary; the exit code is the runner's.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { CHAIN_STATES_ENV } from "../src/chain/testing/chain-states.ts";

export const TEMPLATE_DB = "freehold_template";

const files = process.argv.slice(2);
// TAP on the console; under `npm test` also a JUnit report, from which scripts/ci/test-all.ts takes the counts.
const reportDir = process.env["FREEHOLD_TEST_REPORT_DIR"];
// Then the slowest test files (scripts/ci/file-times-reporter.ts): where the suite's time goes.
const fileTimes = fileURLToPath(new URL("../../scripts/ci/file-times-reporter.ts", import.meta.url));
const reporters = [
  "--test-reporter=tap",
  "--test-reporter-destination=stdout",
  `--test-reporter=${fileTimes}`,
  "--test-reporter-destination=stdout",
];
if (reportDir) reporters.push("--test-reporter=junit", `--test-reporter-destination=${reportDir}/backend.junit.xml`);
const db = await startEmbeddedPostgres({ ephemeral: true });
const chainStates = mkdtempSync(join(tmpdir(), "freehold-chain-states-"));
let code = 1;
try {
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await migrate(db.urlFor(TEMPLATE_DB));
  const patterns = files.length ? files : ["test/**/*.test.ts", "src/**/*.test.ts", "bench/**/*.test.ts"];
  code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      // A hung test fails after 4 minutes instead of blocking the whole run.
      ["--import", "tsx", "--test", ...reporters, "--test-concurrency=2", "--test-timeout=240000", ...patterns],
      {
        stdio: "inherit",
        env: {
          ...process.env,
          FREEHOLD_TEST_PG_ADMIN_URL: db.adminUrl,
          FREEHOLD_TEST_TEMPLATE_DB: TEMPLATE_DB,
          [CHAIN_STATES_ENV]: chainStates,
        },
      },
    );
    child.on("close", (c) => resolve(c ?? 1));
    // Interrupted: stop the tests, then fall through to stopping PostgreSQL.
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => child.kill(signal));
  });
} finally {
  await db.stop();
  rmSync(chainStates, { recursive: true, force: true });
}
process.exit(code);
