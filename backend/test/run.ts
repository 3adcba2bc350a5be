/**
 * The backend test runner: starts ONE embedded PostgreSQL for the whole run, migrates a template database, then
 * runs every test file with node's test runner. Each file clones the template into its own database
 * (CREATE DATABASE ... TEMPLATE), so files are isolated and can run in parallel. Output ends with node's
 * `# pass N` / `# fail N` summary; the exit code is the runner's.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";

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
        env: { ...process.env, FREEHOLD_TEST_PG_ADMIN_URL: db.adminUrl, FREEHOLD_TEST_TEMPLATE_DB: TEMPLATE_DB },
      },
    );
    child.on("close", (c) => resolve(c ?? 1));
    // Interrupted: stop the tests, then fall through to stopping PostgreSQL.
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => child.kill(signal));
  });
} finally {
  await db.stop();
}
process.exit(code);
