/**
 * `npm run bench:web`: the marketplace's performance budget, measured in headless Chromium against the
 * production bundle and the real backend on this machine. Writes `bench/results/web.json`:
 * - `marketplace.initialJsGzipBytes`: every JavaScript file the browser loads until the marketplace is usable,
 *   gzip-compressed (level 9, as a CDN serves it); budget 200 KB;
 * - `marketplace.usableMs`: median time from navigation start to a usable marketplace (filters enabled and the
 *   property list settled: cards, empty state or error), over cold loads with an empty browser cache.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { privateKeyToAccount } from "viem/accounts";
import { startBackend, type RunningBackend } from "../e2e/harness/backend";
import { launchBrowser } from "../e2e/harness/browser";
import { startAnvil } from "@freehold/dev-kit/chain";
import { serveBuild, type StaticServer } from "../e2e/harness/staticServer";
import { DEV_KEYS } from "../e2e/harness/wallet";
import { buildApp } from "./e2e";

const RUNS = 5;
const BUDGET_BYTES = 200 * 1024;
const ROOT = join(import.meta.dirname, "..", "..");

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const chain = await startAnvil();
let server: StaticServer | undefined;
let backend: RunningBackend | undefined;
/** The load average (1, 5, 15 min): the timings are read against it (the machine may be shared). */
const load = (): number[] => loadavg().map((l) => Number(l.toFixed(2)));
const loadBefore = load();
const browser = await launchBrowser();
try {
  const outDir = await buildApp({ rpcUrl: chain.url, chainId: chain.chainId });
  server = await serveBuild(outDir, () => backend?.url, { connectSrc: [chain.url] });
  backend = await startBackend({
    appUrl: server.url,
    rpcUrl: chain.url,
    chainId: chain.chainId,
    firstAdmin: privateKeyToAccount(DEV_KEYS.officer).address,
  });

  const runs: { usableMs: number; jsFiles: string[] }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.add(new URL(request.url()).pathname);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => {
      const search = document.querySelector<HTMLInputElement>('[data-testid="marketplace"] input[type="search"]');
      const settled = document.querySelector('[data-testid="property-card"], .empty, [role="alert"]');
      return Boolean(
        search && !search.disabled && settled && !document.querySelector('[aria-label="Loading properties"]'),
      );
    });
    const usableMs = await page.evaluate(() => performance.now());
    runs.push({ usableMs: Math.round(usableMs), jsFiles: [...scripts].sort() });
    await context.close();
  }

  const files = runs[0]!.jsFiles;
  const sizes = files.map((file) => {
    const raw = readFileSync(join(outDir, file));
    return { file, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  const initialJsGzipBytes = sizes.reduce((sum, s) => sum + s.gzipBytes, 0);
  const result = {
    measuredAt: new Date().toISOString(),
    environment: {
      browser: `Chromium ${browser.version()} headless`,
      cpus: cpus().length,
      loadAverageBefore: loadBefore,
      loadAverageAfter: load(),
      runs: RUNS,
      cache: "cold (new browser context per run)",
    },
    marketplace: {
      initialJsGzipBytes,
      budgetGzipBytes: BUDGET_BYTES,
      withinBudget: initialJsGzipBytes <= BUDGET_BYTES,
      usableMs: median(runs.map((r) => r.usableMs)),
      usableMsRuns: runs.map((r) => r.usableMs),
      files: sizes,
    },
  };
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "web.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`load average before ${loadBefore.join(" ")}, after ${result.environment.loadAverageAfter.join(" ")}`);
  console.log(
    `marketplace: initial JS ${(initialJsGzipBytes / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB), usable in ${result.marketplace.usableMs} ms (median of ${RUNS})`,
  );
  if (!result.marketplace.withinBudget) process.exitCode = 1;
} finally {
  await browser.close();
  await backend?.stop();
  await server?.close();
  await chain.stop();
}
