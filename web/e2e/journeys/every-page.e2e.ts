/**
 * Every page of the catalogue (`e2e/harness/pages.ts`), as each role that uses it (and as those it turns away), at
 * 1280 and 390 px, on one stack with realistic data made once through the harness: a launched property with its
 * offering open and money in escrow, a funded one (sold out, finalized, units claimed, rent paid, a lease), a KYC
 * application waiting for review. Per page and width: no serious or critical axe violation, no console error or
 * page error (none ignored), nothing that needs sideways scrolling at 390 px (the page, an element sticking out of
 * the viewport, a box scrolling sideways inside it: data tables stack into cards), and a screenshot to
 * `test-results/pages/<page>-<role>-<width>.png` (`npm run screenshots -w web` makes the contact sheet from them).
 */
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { Hex } from "viem";
import { rpc } from "@freehold/dev-kit/chain";
import { demoStatementHash } from "@freehold/dev-kit/demo-chain";
import { seedVerifiedProperty } from "../harness/api";
import { launchBrowser, openPage, screenshot, seriousA11yViolations, type TestPage } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { connectAndSignIn } from "../harness/flows";
import { applyForKyc, verifyThroughBackend } from "../harness/kyc";
import { closeLastMonth } from "../harness/financials";
import { activeLease, addUnit, addValuation, monthStart } from "../harness/leases";
import { signInAdmin, signInApi, signInManager, signInWithRoles } from "../harness/people";
import { PAGES, PAGES_DIR, pageSlug, ROLES, visitsOf, type PageData, type Role } from "../harness/pages";
import { Platform, USD } from "../harness/platform";
import { DEV_KEYS, TestWallet } from "../harness/wallet";
import { MARKETPLACE_BUDGET_GZIP_BYTES, marketplaceInitialJs, platformAbiErrorsIn } from "../../scripts/bundle";

const env = e2eEnv();
const WIDTHS = [1280, 390] as const;

/** Fresh wallets for the roles no other journey uses, so this walk neither depends on nor disturbs them. */
const KEYS: Record<Exclude<Role, "anonymous">, Hex> = {
  "verified-investor": generatePrivateKey(),
  "unverified-investor": generatePrivateKey(),
  manager: DEV_KEYS.manager,
  officer: generatePrivateKey(),
  admin: DEV_KEYS.officer,
};
const applicantKey = generatePrivateKey();

let browser: Browser;
let data: PageData;

before(async () => {
  rmSync(PAGES_DIR, { recursive: true, force: true });
  mkdirSync(PAGES_DIR, { recursive: true });
  browser = await launchBrowser();
  const platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  const admin = await signInAdmin();
  const manager = await signInManager(admin);
  await signInWithRoles(admin, KEYS.officer, ["COMPLIANCE_OFFICER"]);
  await signInApi(KEYS["unverified-investor"]);

  // The verified investor: KYC approved through the backend, whose agent whitelists the wallet; gas and test USD.
  const investor = privateKeyToAccount(KEYS["verified-investor"]).address;
  await rpc(env.rpcUrl, "anvil_setBalance", [investor, "0x56BC75E2D63100000"]);
  await verifyThroughBackend(
    admin,
    await signInApi(KEYS["verified-investor"]),
    {
      givenNames: "Inês",
      familyName: "Carvalho",
      country: 620,
      city: "Coimbra",
      line1: "Rua Ferreira Borges 40",
      postalCode: "3000-180",
      documentNumber: "CC5566778",
    },
    platform,
  );
  await platform.fund(investor, 5_000n * USD);

  // Open: launched, the investor's 10 units in escrow.
  const open = await seedVerifiedProperty(manager, admin, {
    name: "Chiado Garden Apartments",
    city: "Lisbon",
    country: "PT",
    type: "RESIDENTIAL",
  });
  const openLaunch = await platform.launch(open.id, {
    name: "Chiado Garden Apartments",
    symbol: "CHIADO",
    pricePerUnit: 50n * USD,
    softCap: 20n,
    hardCap: 200n,
    minTicket: 5n,
    maxTicket: 100n,
  });
  await platform.subscribe(KEYS["verified-investor"], openLaunch.offering, 10n, 50n * USD);

  // Funded: sold out to the investor, finalized, units claimed, rent deposited; valued, one unit let.
  const funded = await seedVerifiedProperty(manager, admin, {
    name: "Boavista Business Centre",
    city: "Porto",
    country: "PT",
    type: "COMMERCIAL",
  });
  const fundedLaunch = await platform.launch(funded.id, {
    name: "Boavista Business Centre",
    symbol: "BOAV",
    pricePerUnit: 40n * USD,
    softCap: 10n,
    hardCap: 40n,
    minTicket: 1n,
    maxTicket: 40n,
  });
  await platform.subscribe(KEYS["verified-investor"], fundedLaunch.offering, 40n, 40n * USD);
  await platform.finalize(fundedLaunch.offering);
  await platform.claim(KEYS["verified-investor"], fundedLaunch.offering);
  await platform.depositRent(fundedLaunch.token, 120n * USD, demoStatementHash("Boavista, first rent") as Hex);
  await addValuation(manager, admin, funded.id, "480000.00");
  await closeLastMonth(manager, funded.id, 12_000n);
  await activeLease(manager, {
    propertyId: funded.id,
    unitId: await addUnit(manager, funded.id, "Suite 2B"),
    tenantName: "Atlântico Consulting Lda",
    startDate: monthStart(-2),
    endDate: monthStart(22),
    rentAmount: "2400.00",
    dueDay: 1,
  });

  const pendingApplication = await applyForKyc(await signInApi(applicantKey), {
    givenNames: "Tomás",
    familyName: "Ferreira",
    country: 620,
    city: "Braga",
    line1: "Avenida da Liberdade 120",
    postalCode: "4710-251",
    documentNumber: "CC1122334",
  });
  data = { openProperty: open.id, fundedProperty: funded.id, pendingApplication };
});
after(async () => {
  await browser?.close();
});

/** A page for `role`: no wallet for the anonymous visitor, else the role's wallet connected and signed in. */
async function openAs(role: Role): Promise<TestPage> {
  // No console line is ignored: a healthy page logs no error at all, not even a failed request.
  const t = await openPage(browser, {});
  if (role === "anonymous") return t;
  const wallet = new TestWallet(KEYS[role], env.rpcUrl, env.chainId);
  await wallet.install(t.page);
  await t.page.goto(env.appUrl);
  await connectAndSignIn({ ...t, wallet });
  return t;
}

/** Waits until the page shows its content: a heading, and no spinner, skeleton or "Loading…" left. */
async function settle(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor();
  // Also text placeholders: "Loading…" sections and amounts that wait ("…") for their token's decimals.
  await page.waitForFunction(
    () =>
      !document.querySelector(".spinner, .skeleton, [aria-busy='true']") &&
      ![...document.querySelectorAll("main *")].some(
        (el) => el.childElementCount === 0 && /^(Loading\b.*)?…$/.test(el.textContent?.trim() ?? ""),
      ),
    undefined,
    { timeout: 30_000 },
  );
}

/**
 * What would need sideways scrolling at phone width, described for the report: the page wider than the viewport,
 * an element sticking out of it (right or left), or a box that scrolls sideways inside the page (a wide table in a
 * scrolling panel: issue 15 wants data tables stacked into cards instead).
 */
function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const all = [...document.querySelectorAll<HTMLElement>("main *, header *")];
    const wide = all.filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > root.clientWidth + 1 || box.left < -1);
    });
    const scrolling = all.filter((el) => {
      const overflow = getComputedStyle(el).overflowX;
      return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
    });
    // The outermost offenders only: their children overflow with them. Inline callbacks only: a named function
    // would be compiled with a helper the page does not have.
    const [outerWide, outerScrolling] = [wide, scrolling].map((found) =>
      found
        .filter((el) => !found.includes(el.parentElement!))
        .slice(0, 4)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join(".")}` : ""} (${Math.round(el.getBoundingClientRect().width)}px, content ${el.scrollWidth}px)`,
        ),
    );
    return [
      ...(root.scrollWidth > root.clientWidth ? [`page is ${root.scrollWidth}px wide`] : []),
      ...outerWide!.map((name) => `sticks out of the ${root.clientWidth}px viewport: ${name}`),
      ...outerScrolling!.map((name) => `scrolls sideways: ${name}`),
    ];
  });
}

const REFUSAL = /Connect your wallet|Sign in to continue|You do not have access to this page/;

describe("every page", () => {
  it("the catalogue gives each role pages to visit", () => {
    assert.ok(PAGES.length > 0);
    for (const role of ROLES) assert.ok(visitsOf(role).length > 0, role);
  });

  it("the marketplace's initial JS stays within 200 KB gzipped and carries no contract ABI", async (t) => {
    const initial = marketplaceInitialJs(process.env.E2E_BUILD_DIR!);
    t.diagnostic(
      `marketplace initial JS: ${(initial.gzipBytes / 1024).toFixed(1)} KB gzipped (budget ${MARKETPLACE_BUDGET_GZIP_BYTES / 1024} KB): ${initial.files.map((f) => `${f.file} ${(f.gzipBytes / 1024).toFixed(1)} KB`).join(", ")}`,
    );
    // The manifest's account is what a browser really loads before the marketplace is usable.
    const page = await openPage(browser, {});
    const loaded = new Set<string>();
    page.page.on("request", (r) => {
      if (r.resourceType() === "script") loaded.add(new URL(r.url()).pathname.slice(1));
    });
    try {
      await page.page.goto(env.appUrl);
      await settle(page.page);
    } finally {
      await page.context.close();
    }
    assert.deepEqual(
      [...loaded].sort(),
      initial.files.map((f) => f.file),
    );
    assert.ok(initial.gzipBytes <= MARKETPLACE_BUDGET_GZIP_BYTES, `${initial.gzipBytes} bytes gzipped`);
    // The contracts' ABIs (and viem's encoders with them) load with the pages that call contracts. The marketplace
    // shows what the API says: one import of a chain hook once put them in its initial JS (42 of 193 KB gzipped).
    assert.deepEqual(
      platformAbiErrorsIn(
        process.env.E2E_BUILD_DIR!,
        initial.files.map((f) => f.file),
      ),
      [],
    );
  });

  for (const role of ROLES) {
    describe(`as ${role}`, () => {
      let t: TestPage;
      before(async () => {
        t = await openAs(role);
      });
      after(async () => {
        await t?.context.close();
      });

      for (const { visit, refused } of visitsOf(role)) {
        const name = `${pageSlug(visit)}-${role}`;
        it(`${visit.route}${visit.variant ? ` (${visit.variant})` : ""}${refused ? ", turned away" : ""}`, async (ctx) => {
          const problems: string[] = [];
          for (const width of WIDTHS) {
            t.errors.length = 0;
            await t.page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
            const start = Date.now();
            await t.page.goto(`${env.appUrl}${visit.path(data)}`);
            await settle(t.page);
            const settled = Date.now();
            await screenshot(t.page, `pages/${name}-${width}`);
            const main = (await t.page.locator("main").textContent()) ?? "";
            if (refused && !REFUSAL.test(main)) problems.push(`${width}px: ${role} is not turned away`);
            const shot = Date.now();
            for (const v of await seriousA11yViolations(t.page)) problems.push(`${width}px axe: ${v}`);
            ctx.diagnostic(
              `${width}px: settled ${settled - start} ms, screenshot ${shot - settled} ms, axe ${Date.now() - shot} ms`,
            );
            if (width === 390) for (const o of await horizontalOverflow(t.page)) problems.push(`${width}px: ${o}`);
            for (const e of t.errors) problems.push(`${width}px ${e}`);
          }
          assert.deepEqual(problems, [], `${name}: ${problems.join("\n")}`);
        });
      }
    });
  }
});
