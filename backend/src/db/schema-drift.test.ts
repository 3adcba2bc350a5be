/**
 * The committed migrations build exactly the schema in prisma/schema/: a relation or column changed in the schema
 * without a migration (or the reverse) would make production differ from what the code and Prisma assume.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded.ts";
import { diffMigrationsToSchema } from "./schema-drift.ts";

const schemaDir = fileURLToPath(new URL("../../prisma/schema", import.meta.url));

describe("migrations and schema", () => {
  let shadow: EmbeddedDatabase;
  before(async () => {
    shadow = await startEmbeddedPostgres({ ephemeral: true });
  });
  after(() => shadow.stop());

  it("the committed migrations give exactly the Prisma schema", () => {
    assert.equal(diffMigrationsToSchema(shadow.urlFor("postgres")).sql, null);
  });

  it("a schema change without its migration is found", () => {
    const copy = mkdtempSync(path.join(tmpdir(), "freehold-schema-"));
    try {
      cpSync(schemaDir, copy, { recursive: true });
      appendFileSync(path.join(copy, "drift.prisma"), "\nmodel DriftProbe {\n  id Int @id\n}\n");
      assert.match(diffMigrationsToSchema(shadow.urlFor("postgres"), copy).sql ?? "", /CREATE TABLE "DriftProbe"/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
