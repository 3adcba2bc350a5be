/** The persistent mode of the embedded PostgreSQL (used by the local stack): data survives a stop and a start. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded.ts";

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL with a data directory", () => {
  it("keeps the cluster and its rows across a stop and a start, with the same password", async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), "freehold-pg-persist-"));
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, "postgres");
    try {
      const first = await startEmbeddedPostgres({ dataDir, password: "a-local-password-1234" });
      await query(first.urlFor("postgres"), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      await first.stop();
      assert.ok(existsSync(path.join(dataDir, "data", "PG_VERSION")), "the cluster stays on disk");

      const second = await startEmbeddedPostgres({ dataDir, password: "a-local-password-1234" });
      try {
        assert.deepEqual(await query(second.urlFor("postgres"), "SELECT v FROM kept"), [{ v: "still here" }]);
        const wrong = second.urlFor("postgres").replace(encodeURIComponent("a-local-password-1234"), "wrong-password");
        await assert.rejects(query(wrong, "SELECT 1"), /password authentication failed/);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it("refuses a data directory without the password it was created with", async () => {
    await assert.rejects(
      startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), "never-created") }),
      /needs the password/,
    );
  });
});
