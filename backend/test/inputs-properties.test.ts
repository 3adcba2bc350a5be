/**
 * Properties of the pure input rules behind issue 12.6 and 12.12, over generated strings and files: the text
 * gate refuses exactly the strings holding a forbidden character; cleaned file names never keep a control,
 * format or bidi character, are bounded and stable; cursors decode only what they encode for their key kinds;
 * a PDF is recognised only with its structure.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decodeCursor, encodeCursor } from "../src/core/cursor.ts";
import { ValidationError } from "../src/core/errors.ts";
import { PROBLEM_KINDS } from "../src/http/problem.ts";
import { textProblem } from "../src/http/text-guard.ts";
import { pdfStructureProblem } from "../src/storage/content-type.ts";
import { cleanFileName } from "../src/storage/file-name.ts";
import { minimalPdf } from "./support/files.ts";

// eslint-disable-next-line no-control-regex -- the oracle names the control characters on purpose
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const anyText = fc.string({ unit: "binary", maxLength: 60 });

describe("issue 12 input rules, as properties", () => {
  it("12.6 the text gate refuses a string exactly when it holds NUL, a C0/C1 control (other than tab, CR, LF) or a lone surrogate", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
        assert.equal(textProblem(s) !== undefined, FORBIDDEN.test(s) || lone, JSON.stringify(s));
      }),
      { numRuns: 2_000 },
    );
    assert.equal(textProblem("line\nnext\ttab\r"), undefined);
  });

  it("12.12 cleaned file names keep no control, format or bidi character, at most 200 characters, and cleaning twice changes nothing", () => {
    const bidi = fc.constantFrom(
      "\u202e",
      "\u202d",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
      "\u200e",
      "\u200f",
      "\u200b",
      "\u00ad",
      "\ufeff",
      "\u0000",
      "\u0007",
    );
    const name = fc
      .array(fc.oneof(anyText, bidi, fc.constantFrom("Évora", "東京", "/", "\\", ".pdf", "..")), { maxLength: 12 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(name, (raw) => {
        const clean = cleanFileName(raw);
        assert.ok(!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\]/u.test(clean), JSON.stringify(clean));
        assert.ok([...clean].length <= 200 && clean.length > 0);
        assert.equal(clean.normalize("NFC"), clean, `${JSON.stringify(clean)} is in NFC`);
        assert.equal(cleanFileName(clean), clean);
      }),
      // Two combining marks out of canonical order once the NUL between them is gone (seed -2113834016 at 5,000 runs).
      { numRuns: 1_000, examples: [["\u1B6B\u0000\u20E5"]] },
    );
    assert.equal(cleanFileName("Escritura \u202Efdp.exe"), "Escritura fdp.exe");
  });

  it("12.12 regression: a name is in NFC after the invisible characters are removed, so cleaning twice changes nothing", () => {
    // A zero-width space between a letter and its accent: without it they compose (é, U+00E9).
    assert.equal(cleanFileName("e\u200B\u0301.pdf"), "\u00E9.pdf");
    // A NUL between two combining marks: without it they take their canonical order.
    const marks = cleanFileName("\u1B6B\u0000\u20E5");
    assert.equal(marks, "\u20E5\u1B6B");
    assert.equal(cleanFileName(marks), marks);
  });

  it("12.6 a cursor decodes only when every value fits its key kind; anything else is a 400", () => {
    const value = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.uuid(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.double(),
      fc.constant(null),
      fc.stringMatching(/^\d{1,18}(\.\d{1,3})?$/),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3 }), (values) => {
        const keys = ["timestamp", "uuid"] as const;
        let decoded: unknown;
        try {
          decoded = decodeCursor(encodeCursor(values), keys);
        } catch (error) {
          // a domain refusal that the one error mapper answers as a 400
          assert.ok(error instanceof ValidationError, String(error));
          assert.equal(PROBLEM_KINDS[error.code].status, 400);
          return;
        }
        assert.deepEqual(decoded, values);
        assert.match(String(values[0]), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/);
        assert.match(String(values[1]), /^[0-9a-f-]{36}$/i);
      }),
      { numRuns: 2_000 },
    );
  });

  it("12.12 a PDF is recognised only with its structure: any cut or edit of the trailer of a valid PDF is refused", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "freehold-pdf-"));
    try {
      const pdf = minimalPdf("property");
      const file = path.join(dir, "f.pdf");
      await writeFile(file, pdf);
      assert.equal(await pdfStructureProblem(file, pdf.length), undefined);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 60 }), async (cut) => {
          const truncated = pdf.subarray(0, pdf.length - cut - 6);
          await writeFile(file, truncated);
          assert.notEqual(await pdfStructureProblem(file, truncated.length), undefined, `cut ${cut}`);
        }),
        { numRuns: 40 },
      );
      const moved = Buffer.from(
        pdf.toString("latin1").replace(/startxref\n(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 3}`),
        "latin1",
      );
      await writeFile(file, moved);
      assert.notEqual(await pdfStructureProblem(file, moved.length), undefined, "startxref pointing elsewhere");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
