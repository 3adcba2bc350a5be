/**
 * The journeys' accessibility check itself (e2e/harness/browser.ts). Found in CI: with Chromium 156 the check never
 * returned on a page holding a frame that may run no script (the dev mail page's email frames), and the whole run
 * hung. Any page with such frames: the check returns, still finds the page's own violations, and still flags a
 * script-less frame without a title.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, openPage, seriousA11yViolations } from "../harness/browser";

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const page = (body: string): string =>
  `<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Mail</h1>${body}</main></body></html>`;
const frame = (attributes: string): string => `<iframe ${attributes} srcdoc="<p>An email</p>"></iframe>`;

describe("the journeys' accessibility check", () => {
  it("returns on pages with script-less frames, open or folded, and judges what is around them", async () => {
    const t = await openPage(browser);
    try {
      const cases: [string, string, RegExp[]][] = [
        ["one titled frame", frame('title="HTML of the email" sandbox="allow-popups"'), []],
        [
          "several, one in a folded details",
          `${frame('title="a" sandbox=""')}<details><summary>More</summary>${frame('title="b" sandbox="allow-popups"')}</details>`,
          [],
        ],
        ["a frame without a title", frame('sandbox="allow-popups"'), [/^serious frame-title: 1 script-less frame/]],
        [
          "the page's own violation beside a frame",
          `${frame('title="a" sandbox=""')}<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
          [/^critical image-alt: /],
        ],
      ];
      for (const [name, body, expected] of cases) {
        await t.page.setContent(page(body));
        const found = await seriousA11yViolations(t.page);
        assert.equal(found.length, expected.length, `${name}: ${found.join("; ")}`);
        expected.forEach((pattern, i) => assert.match(found[i]!, pattern, name));
      }
    } finally {
      await t.context.close();
    }
  });
});
