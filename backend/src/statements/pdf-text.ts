/** A PDF's text as poppler's `pdftotext -layout` reads it (tests check what a real reader sees, not our own code). */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function textOf(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "freehold-pdf-"));
  try {
    const file = path.join(dir, "statement.pdf");
    await writeFile(file, pdf);
    return (await run("pdftotext", ["-layout", file, "-"])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
