/** What a journey leaves for reviewers: screenshots at both widths, and every screen as it was when a step failed. */
import type { Page } from "playwright-core";
import { screenshot } from "./browser";
import type { WalletPage } from "./flows";

/** A screenshot at the page's own width (`name`) and at phone width, 390 px (`name-390`), in web/test-results. */
export async function screenshotsAtBothWidths(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  if (size) await page.setViewportSize(size);
}

/**
 * Runs a journey over pages it opens into `open`: when it fails, a screenshot of each page (`<prefix>-failed-<n>`)
 * and what each logged go to the artefacts; whatever happens, every page's context is closed.
 */
export async function withPages(prefix: string, run: (open: WalletPage[]) => Promise<void>): Promise<void> {
  const open: WalletPage[] = [];
  try {
    await run(open);
  } catch (error) {
    for (const [i, t] of open.entries()) {
      await screenshot(t.page, `${prefix}-failed-${i + 1}`).catch(() => undefined);
      if (t.errors.length > 0) console.error(`page ${i + 1} errors:`, t.errors);
    }
    throw error;
  } finally {
    for (const t of open) await t.context.close();
  }
}
