/**
 * `npm run backup` on a machine without a usable pg_dump: one line saying what to install, a non-zero exit, nothing
 * written. And the pg_dump this machine has (PATH, as `npm run backup` finds it) can dump the embedded PostgreSQL's
 * major version, the one `npm start` runs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ROOT } from "../../local/settings.js";
import { embeddedPostgresMajor } from "../../local/database-version.js";
import { findPgTools, OLDEST_SERVER } from "./postgres.js";
import { locationsFrom } from "./settings.js";

const scratch = mkdtempSync(join(tmpdir(), "freehold-backup-tools-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function backupWith(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/ops/backup.ts", "--out", join(scratch, "out")],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        PATH: process.env["PATH"]!,
        DATABASE_URL: "postgresql://freehold@127.0.0.1:1/freehold",
        STORAGE_DIR: join(scratch, "storage"),
        CHAIN_ID: "31337",
        ...env,
      },
    },
  );
  return { status: result.status, stderr: result.stderr };
}

test("no pg_dump: one line naming what to install, exit 1, no backup folder", () => {
  const settings: Record<string, string>[] = [
    { PG_BIN_DIR: join(scratch, "no-such-folder") },
    { PATH: join(scratch, "empty-path") },
  ];
  for (const env of settings) {
    const { status, stderr } = backupWith(env);
    assert.equal(status, 1, stderr);
    const lines = stderr.trim().split("\n");
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /^error: pg_dump was not found .*apt-get install postgresql-client.*PG_BIN_DIR/);
    assert.ok(!existsSync(join(scratch, "out")) || spawnSync("ls", [join(scratch, "out")]).stdout.length === 0);
  }
});

test("the embedded PostgreSQL of npm start is a version every supported pg_dump reads, this machine's included", async () => {
  assert.equal(embeddedPostgresMajor(), OLDEST_SERVER);
  const tools = await findPgTools(undefined);
  assert.ok(tools.major >= embeddedPostgresMajor(), tools.version);
});

test("the backend's settings name what the backup covers: checkpoints when signed, documents left in an S3 bucket", () => {
  const base = { DATABASE_URL: "postgresql://u@h/db", STORAGE_DIR: "/srv/storage", CHAIN_ID: "1" };
  const disk = locationsFrom(base);
  assert.equal(disk.documentsBucket, undefined);
  assert.equal(disk.auditCheckpointDir, undefined);
  const s3 = locationsFrom({
    ...base,
    STORAGE_BACKEND: "s3",
    S3_BUCKET: "docs",
    S3_PREFIX: "documents/",
    AUDIT_CHECKPOINT_DIR: "/srv/checkpoints",
  });
  assert.equal(s3.documentsBucket, "s3://docs/documents/");
  assert.equal(s3.auditCheckpointDir, "/srv/checkpoints");
  assert.throws(() => locationsFrom({ ...base, STORAGE_BACKEND: "s3" }), /S3_BUCKET is not set/);
});
