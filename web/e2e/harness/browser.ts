/** Headless Debian Chromium driven by playwright-core, plus the checks every page gets (axe, console errors). */
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

export const ARTEFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-results");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (a healthy page has none). */
  errors: string[];
}

/**
 * The harness's own init scripts (the transaction-status recorder, the test wallet) are added to every frame; a
 * sandboxed frame without `allow-scripts` (the caught-mail page's email bodies) refuses them and Chromium logs that.
 * The refusal is the sandbox working, and no user has these scripts, so it is not an app error.
 */
const HARNESS_SCRIPT_REFUSED =
  /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\.$/;

/**
 * Anything logged as an error fails the test, including Chromium's "Failed to load resource" for a non-2xx fetch:
 * normal use makes no failed request (an anonymous visitor's session read answers 200 with no user).
 */
export async function openPage(browser: Browser, options: { ignoreConsole?: RegExp } = {}): Promise<TestPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  await context.addInitScript(TX_STATUS_RECORDER);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" || HARNESS_SCRIPT_REFUSED.test(message.text())) return;
    if (!(options.ignoreConsole?.test(message.text()) ?? false)) errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/**
 * Frames that may run no script (the dev mail page's email frames): axe cannot run inside them, and with Chromium 156
 * (Debian's, December 2026) @axe-core/playwright 4.14's descent into one never returned, so the journey hung until
 * CI's limit. They are left out of the axe run; their one rule that needs no script inside, a title, is checked here.
 */
const SCRIPTLESS_FRAME = 'iframe[sandbox]:not([sandbox~="allow-scripts"])';

/** The rules the journeys hold pages to. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe-core's minified build, of the very package @axe-core/playwright runs (resolved from it): the same code as the
 * 1.5 MB unminified `axe.source` it injects by default, at under half the size to send and compile in each page.
 */
const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(
  require.resolve("axe-core/axe.min.js", { paths: [dirname(require.resolve("@axe-core/playwright"))] }),
  "utf8",
);

/** What AxeBuilder sends for `.withTags(AXE_TAGS).exclude(SCRIPTLESS_FRAME)`: the whole page but those frames. */
const AXE_CONTEXT = { include: [], exclude: [SCRIPTLESS_FRAME] };
const AXE_OPTIONS = { runOnly: { type: "tag", values: AXE_TAGS } };

export type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;

/**
 * axe's verdict on the page, as @axe-core/playwright's AxeBuilder gives it. AxeBuilder runs axe in each frame
 * (`runPartial`) and combines the parts in a blank page it opens for the purpose (`finishRun`), injecting axe into
 * both: 2 to 4 s per check on a loaded 2-core machine, of which the one pass below takes under 1. A page with no frame for axe to enter (axe's own
 * `getFrameContexts` on the same context: script-less frames are excluded) has one part, and `axe.run` in the page
 * gives the same results in one pass; a page with such frames still goes through AxeBuilder.
 */
export async function axeResults(page: Page): Promise<AxeResults> {
  // Injected once per document (page.evaluate of a source string is not subject to the page's CSP, as AxeBuilder's).
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.evaluate(AXE_SOURCE);
    await page.evaluate(() =>
      (window as unknown as { axe: { configure(spec: object): void } }).axe.configure({
        allowedOrigins: ["<same_origin>"],
        branding: { application: "playwright" },
      }),
    );
  }
  type InPage = {
    axe: { utils: { getFrameContexts(c: unknown): unknown[] }; run(c: unknown, o: unknown): Promise<AxeResults> };
  };
  const frames = await page.evaluate(
    (context) => (window as unknown as InPage).axe.utils.getFrameContexts(context).length,
    AXE_CONTEXT,
  );
  if (frames > 0)
    return new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(AXE_TAGS).exclude(SCRIPTLESS_FRAME).analyze();
  return page.evaluate(({ context, options }) => (window as unknown as InPage).axe.run(context, options), {
    context: AXE_CONTEXT,
    options: AXE_OPTIONS,
  });
}

/** Serious and critical accessibility violations on the current page (empty when the page passes). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const untitled = await page
    .locator(SCRIPTLESS_FRAME)
    .evaluateAll((frames) => frames.filter((f) => !f.getAttribute("title")?.trim()).length);
  const results = await axeResults(page);
  const frameTitles = untitled > 0 ? [`serious frame-title: ${untitled} script-less frame(s) without a title`] : [];
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    )
    .concat(frameTitles);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const path = join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Every transaction tracker status the page showed, in order (consecutive repeats folded), recorded by a
 * MutationObserver from the first paint: a state that lasts a moment (pending on a local chain) is still seen.
 */
const TX_STATUS_RECORDER = `(() => {
  const seen = [];
  window.__freeholdTxStatuses = seen;
  const note = (el) => {
    const status = el.getAttribute("data-tx-status");
    if (status && seen[seen.length - 1] !== status) seen.push(status);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") note(r.target);
      else for (const n of r.addedNodes) if (n instanceof Element) { if (n.hasAttribute("data-tx-status")) note(n); n.querySelectorAll("[data-tx-status]").forEach(note); }
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-tx-status"] });
})();`;

/** The tracker statuses seen since the page loaded or since the last call (which clears them). */
export async function takeTxStatuses(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = (window as unknown as { __freeholdTxStatuses: string[] }).__freeholdTxStatuses;
    return seen.splice(0, seen.length);
  });
}

/**
 * An order row the user acted on (bought its last units, or cancelled it) stays on the market page, closed, with
 * its confirmation until dismissed: wait for both, dismiss, and see it go.
 */
export async function dismissClosedOrder(row: Locator, timeout = 60_000): Promise<void> {
  await row.getByTestId("order-closed").waitFor({ timeout });
  await row.locator('[data-tx-status="confirmed"]').waitFor({ timeout });
  await row.getByRole("button", { name: "Dismiss" }).click();
  await row.waitFor({ state: "detached" });
}
