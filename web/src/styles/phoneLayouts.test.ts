// @vitest-environment node
/**
 * Review 2026-12-06 L8 (class guard): at 390 px the KYC page kept "Documents you sent" and "History" side by side,
 * History one word per line, because the columns were an inline style that no phone breakpoint can reach. Columns
 * side by side come from the .grid-- classes of global.css, each of which stacks on phones; no component sets
 * grid columns inline, except a label/value list sized by its content (FeeSplit).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..");
const CONTENT_SIZED = new Set(["ui/FeeSplit.tsx"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx$/.test(e.name) && !/\.test\.tsx$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe("layouts on phones", () => {
  it("no component sets grid columns inline (a phone breakpoint could not stack them)", () => {
    const inline = sources(src)
      .map((file) => relative(src, file))
      .filter((file) => !CONTENT_SIZED.has(file))
      .filter((file) => /gridTemplateColumns/.test(readFileSync(join(src, file), "utf8")));
    expect(inline).toEqual([]);
  });

  it("every multi-column .grid-- class of the stylesheet stacks below 860 px", () => {
    const css = readFileSync(join(src, "styles", "global.css"), "utf8");
    const multi = [...css.matchAll(/\.(grid--[\w-]+)\s*\{[^}]*grid-template-columns:\s*([^;]+);/g)]
      .filter(([, , cols]) => !/auto-fill|auto-fit/.test(cols!) && cols!.trim() !== "1fr")
      .map(([, name]) => name!);
    expect(multi.length).toBeGreaterThan(0);
    const phone = [...css.matchAll(/@media \(max-width: 860px\)\s*\{([\s\S]*?)\n\}/g)]
      .map(([, body]) => body!)
      .join("\n");
    for (const name of new Set(multi)) expect(phone, name).toMatch(new RegExp(`\\.${name}\\b[^{]*[,{]`));
  });
});
