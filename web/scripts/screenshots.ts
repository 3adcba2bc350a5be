/**
 * `npm run screenshots -w web`: the every-page walk (`e2e/journeys/every-page.e2e.ts`) on the browser tests' own
 * stack (scripts/e2e.ts), then a contact sheet, `index.html`, beside the screenshots: every page as each role that
 * sees it, at 1280 and 390 px. Prints the folder. Exits non-zero when a page failed its checks (the sheet is still
 * written: the pictures are what a reviewer needs to see why).
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PAGES, PAGES_DIR, pageSlug, ROLES } from "../e2e/harness/pages";
import { runE2e } from "./e2e";

const WIDTHS = [1280, 390];

export function contactSheet(exists: (file: string) => boolean): { html: string; images: number } {
  let images = 0;
  const rows = PAGES.flatMap((visit) =>
    ROLES.filter((role) => visit.roles.includes(role) || visit.refused?.includes(role)).map((role) => {
      const name = `${pageSlug(visit)}-${role}`;
      const cells = WIDTHS.map((width) => {
        const file = `${name}-${width}.png`;
        if (!exists(file)) return `<figure class="missing">${width} px: not taken</figure>`;
        images++;
        return `<figure><a href="${file}"><img src="${file}" alt="${name} at ${width} px" loading="lazy"></a><figcaption>${width} px</figcaption></figure>`;
      }).join("");
      const refused = visit.refused?.includes(role) ? " (turned away)" : "";
      const title = `${visit.route}${visit.variant ? ` (${visit.variant})` : ""}: ${role}${refused}`;
      return `<section><h2>${title}</h2><div class="shots">${cells}</div></section>`;
    }),
  );
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Freehold: every page</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;background:#f4f4f2;color:#222}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}
h2{font-size:1rem;margin:0 0 .5rem}.shots{display:flex;gap:1rem;align-items:flex-start}
figure{margin:0}img{border:1px solid #ccc;max-height:480px}.missing{color:#a00}
</style></head><body>
<h1>Freehold: every page, as each role, at ${WIDTHS.join(" and ")} px</h1>
<p>Made by <code>npm run screenshots -w web</code> on ${new Date().toISOString()}. Click a picture for full size.</p>
${rows.join("\n")}
</body></html>
`;
  return { html, images };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = await runE2e(["e2e/journeys/every-page.e2e.ts"]);
  const sheet = contactSheet((file) => existsSync(join(PAGES_DIR, file)));
  writeFileSync(join(PAGES_DIR, "index.html"), sheet.html);
  console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
  console.log(`Screenshots (${sheet.images}) and contact sheet: ${PAGES_DIR}\nOpen ${join(PAGES_DIR, "index.html")}`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}
