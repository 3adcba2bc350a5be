/**
 * Finding: a sanctions list file whose text holds a NUL answered 500 (PostgreSQL cannot store NUL in the text
 * column that keeps the file). The file's text goes through the same text gate as every other input: a 400 naming
 * the `file` field, nothing loaded, nothing audited. OFAC's legacy end-of-file marker (Ctrl-Z) stays accepted.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
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

  it("loads OFAC's ALT.CSV and ADD.CSV sent as text fields with their own Ctrl-Z end-of-file marker, and still refuses one inside", async () => {
    // Finding: the real ALT and ADD files end with Ctrl-Z like SDN.CSV; sent as the `alt` and `add` text fields, the
    // general text gate refused them (400 U+001A), so a list downloaded from OFAC could not be loaded as it is.
    const res = await loadList(officer, {
      sdn: `${files.sdn.trimEnd()}\r\n\u001a`,
      alt: `${files.alt.trimEnd()}\r\n\u001a`,
      add: `${files.add.trimEnd()}\r\n\u001a\r\n`,
    });
    assert.equal(res.status, 201, res.text);
    assert.ok(res.body.version.entryCount > 0);
    const before = await counts();
    for (const field of ["alt", "add"] as const) {
      const inside = { sdn: files.sdn, alt: files.alt, add: files.add, [field]: `\u001a${files[field]}` };
      const refused = await loadList(officer, inside);
      assert.equal(refused.status, 400, refused.text);
      assert.deepEqual(
        refused.body.errors.map((e: { path: string }) => e.path),
        [`body.${field}`],
      );
      assert.deepEqual(await counts(), before, "nothing loaded, nothing audited");
    }
  });
  it("for each of the three files, a Ctrl-Z at its end (with any line ends after it) loads and one anywhere inside is refused, changing nothing (generated)", async () => {
    const field = fc.constantFrom("sdn", "alt", "add");
    const tail = fc.constantFrom("", "\n", "\r\n", "\r\n\r\n", " \n");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(field, tail, fc.double({ min: 0, max: 1, noNaN: true }), async (which, after, where) => {
        // A row of its own per run: a list already loaded is refused as a duplicate (409).
        run++;
        const row = `${9_000 + run},"GENERATED ENTITY ${run}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `;
        const sent = { sdn: `${files.sdn.trimEnd()}\r\n${row}`, alt: files.alt, add: files.add };
        const text = sent[which].trimEnd();
        const atEnd = await loadList(officer, { ...sent, [which]: `${text}\r\n\u001a${after}` });
        assert.equal(atEnd.status, 201, atEnd.text);
        const before = await counts();
        const cut = Math.min(text.length - 1, Math.floor(where * text.length));
        const inside = await loadList(officer, { ...sent, [which]: `${text.slice(0, cut)}\u001a${text.slice(cut)}` });
        assert.equal(inside.status, 400, inside.text);
        assert.deepEqual(
          inside.body.errors.map((e: { path: string }) => e.path),
          [which === "sdn" ? "file" : `body.${which}`],
        );
        assert.deepEqual(await counts(), before, "nothing loaded, nothing audited");
      }),
      { numRuns: 8 },
    );
  });
});
