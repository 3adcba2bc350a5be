/**
 * The journeys' accessibility check itself (e2e/harness/browser.ts). Found in CI: with Chromium 156 the check never
 * returned on a page holding a frame that may run no script (the dev mail page's email frames), and the whole run
 * hung. Any page with such frames: the check returns, still finds the page's own violations, and still flags a
 * script-less frame without a title. And its one-pass run (axe.run in the page when there is no frame to enter) gives
 * AxeBuilder's verdict on any page: the same rules passed, failed and left incomplete, on the same elements.
 */
import AxeBuilder from "@axe-core/playwright";
import fc from "fast-check";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { axeResults, launchBrowser, openPage, seriousA11yViolations, type AxeResults } from "../harness/browser";

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

  it("gives AxeBuilder's verdict on any page, with or without frames to enter", async () => {
    // Pieces that pass, fail or leave incomplete the rules the journeys use; then frames: script-less ones (which
    // AxeBuilder is told to leave out, so the one pass serves) and ones axe enters (AxeBuilder's own way).
    const pieces = [
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
      '<img alt="A plan" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
      '<p style="color:#aaa;background:#fff">Faint text</p>',
      '<p style="color:#222;background:#fff">Plain text</p>',
      "<button></button>",
      "<button>Save</button>",
      '<input type="text">',
      '<label>Name <input type="text"></label>',
      '<a href="/x"></a>',
      '<div role="button">Press</div>',
      '<span aria-hidden="true"><a href="/y">Hidden link</a></span>',
      "<ul><li>One</li><div>Stray</div></ul>",
      "<table><tr><th>Units</th></tr><tr><td>3</td></tr></table>",
    ];
    const scriptless = [frame('title="a" sandbox=""'), frame('sandbox="allow-popups"')];
    const entered = [
      `<iframe title="Scripted" srcdoc="<img src='data:,'><button></button>"></iframe>`,
      `<iframe srcdoc="<p>Untitled</p>"></iframe>`,
    ];
    const frames = fc.oneof(
      { weight: 3, arbitrary: fc.subarray(scriptless) },
      { weight: 1, arbitrary: fc.subarray([...scriptless, ...entered], { minLength: 1 }) },
    );
    const ruleLines = (r: AxeResults): string[] =>
      (["violations", "passes", "incomplete", "inapplicable"] as const)
        .flatMap((group) =>
          r[group].map(
            (v) => `${group} ${v.id} ${v.impact ?? "-"}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          ),
        )
        .sort();
    const t = await openPage(browser);
    try {
      await fc.assert(
        fc.asyncProperty(fc.subarray(pieces, { minLength: 1 }), frames, fc.boolean(), async (chosen, framed, lang) => {
          const html = page([...chosen, ...framed].join("")).replace(' lang="en"', lang ? ' lang="en"' : "");
          await t.page.setContent(html);
          const reference = await new AxeBuilder({ page: t.page })
            .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
            .exclude('iframe[sandbox]:not([sandbox~="allow-scripts"])')
            .analyze();
          await t.page.setContent(html);
          assert.deepEqual(ruleLines(await axeResults(t.page)), ruleLines(reference), html);
        }),
        // Always a page with a frame axe enters, whose own violation only a run inside it finds.
        { numRuns: 6, seed: 20261206, examples: [[[pieces[0]!], [entered[0]!], true]] },
      );
    } finally {
      await t.context.close();
    }
  });
});
