/**
 * Finding: a sanctions list file whose text holds a NUL answered 500 (PostgreSQL cannot store NUL in the text
 * column that keeps the file). The file's text goes through the same text gate as every other input: a 400 naming
 * the `file` field, nothing loaded, nothing audited. OFAC's legacy end-of-file marker (Ctrl-Z) stays accepted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type Client, type TestContext } from "../../test/support/harness.ts";
import { loadList, sampleFiles, type SampleFiles } from "../kyc/kyc.fixtures.ts";

describe("sanctions list upload: the file's text", () => {
  let t: TestContext;
  let officer: Client;
  let files: SampleFiles;

  before(async () => {
    t = await createTestContext();
    officer = t.as(await t.user("COMPLIANCE_OFFICER"));
    files = await sampleFiles();
  });
  after(async () => t?.close());

  const counts = async () => [await t.db.sanctionsListVersion.count(), await t.db.auditEntry.count()];

  it("refuses a file with a NUL or another control character with a 400 naming the file, changing nothing", async () => {
    const before = await counts();
    for (const [row, character] of [
      ['1,"ACME\u0000 TRADING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', "U\\+0000"],
      ['2,"ACME\u0001 TRADING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', "U\\+0001"],
    ] as const) {
      const res = await loadList(officer, { sdn: `${files.sdn.trimEnd()}\n${row}\n`, alt: files.alt, add: files.add });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
      assert.equal(res.body.code, "validation_failed");
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ["file"],
        res.text,
      );
      assert.match(res.body.errors[0].message, new RegExp(character));
      assert.deepEqual(await counts(), before, "nothing loaded, nothing audited");
    }
  });

  it("still loads a legacy CSV ending with the Ctrl-Z end-of-file marker", async () => {
    const res = await loadList(officer, { sdn: `${files.sdn.trimEnd()}\r\n\u001a`, alt: files.alt, add: files.add });
    assert.equal(res.status, 201, res.text);
    assert.equal(await t.db.sanctionsListVersion.count(), 1);
  });
});
