/**
 * The admins guide (docs/guides/admins.md, "In the app") as one story in real Chromium: each numbered step of the
 * guide is one `guide.step(...)` below, in order. Against the real backend with its compliance agent, on a local
 * chain with the platform deployed by the real deploy script:
 *
 *   the officer-admin signs in and opens Compliance; finds the applicant in the KYC queue by name, with waiting
 *   time and risk, in each server-side order; reviews and approves them (the agent whitelists the wallet on chain);
 *   confirms a sanctions match on another applicant, whose rejection reason the officer writes for the investor (a
 *   reason naming the screening is refused, and the page says so);
 *   verifies a submitted property's title and the property; gives a colleague the compliance-officer role after
 *   confirming, and reads what changed; reads the audit trail in words, filters it by record and sees repeated
 *   views as one line; checks the trail's integrity; reads the platform's fee schedule and fee revenue.
 *
 * Set up through the API (other journeys cover those screens): the sanctions list, the investor's KYC application
 * with a document, a listed person's application (the sample list's RAISI, Ebrahim), the manager's submitted property. After the journey: the colleague, an officer who is not an
 * admin, gets the "Admins only" roles page with no refused request.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ApiSession, seedSubmittedProperty, type SeededProperty } from "../harness/api";
import { screenshotsAtBothWidths as screenshots } from "../harness/artefacts";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signInAdmin, signInApi, signInManager } from "../harness/people";
import { signedIn, type WalletPage } from "../harness/flows";
import { GuideJourney } from "../harness/guide";
import { applyForKyc, waitUntilVerified } from "../harness/kyc";
import { Platform } from "../harness/platform";
import { STANDARD_INVESTOR_REASONS } from "../../src/pages/admin/amlDecision";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
// Fresh wallets of this journey's own: the shared dev accounts (investor, outsider) are other journeys' unverified
// newcomers, and an approval here would change their story (seen in CI: the investors guide found its investor verified).
const APPLICANT_KEY = generatePrivateKey();
const COLLEAGUE_KEY = generatePrivateKey();
const LISTED_KEY = generatePrivateKey();
const investor = privateKeyToAccount(APPLICANT_KEY).address;
let browser: Browser;
let platform: Platform;
let property: SeededProperty;
let applicationId: string;
let listed: { session: ApiSession; applicationId: string };
let colleague: ApiSession;
const guide = new GuideJourney("admins");

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  const admin = await signInAdmin();
  const manager = await signInManager(admin);
  property = await seedSubmittedProperty(manager, {
    name: "Ribeira Warehouse Lofts",
    city: "Porto",
    country: "PT",
    type: "RESIDENTIAL",
  });
  const applicant = await signInApi(APPLICANT_KEY);
  applicationId = await applyForKyc(applicant, {
    givenNames: "Inês",
    familyName: "Carvalho",
    country: 620,
    city: "Porto",
    line1: "Rua das Flores 12",
    postalCode: "4050-262",
    documentNumber: "AD4433221",
  });
  colleague = await signInApi(COLLEAGUE_KEY);
  // a name on the sample sanctions list: screened at submission, the application waits for a decision on the hit
  const listedSession = await signInApi(LISTED_KEY);
  listed = {
    session: listedSession,
    applicationId: await applyForKyc(listedSession, {
      givenNames: "Ebrahim",
      familyName: "Raisi",
      country: 620,
      city: "Porto",
      line1: "Rua de Santa Catarina 40",
      postalCode: "4000-442",
      documentNumber: "AD5566778",
    }),
  };
});
after(async () => {
  await browser?.close();
  guide.assertComplete();
});

/** Codes an officer should never read: SCREAMING_CASE statuses and dotted action codes (issue 15). */
const RAW_CODE = /\b[A-Z]{2,}_[A-Z_]+\b|\b[a-z]+\.[a-z]+_[a-z_]+\b/;

describe("admins guide journey", () => {
  it(
    "reviews KYC and a property, changes a role, reads and checks the audit trail",
    { timeout: 6 * 60_000 },
    async () => {
      const open: WalletPage[] = [];
      try {
        const me = await guide.step("Sign in and open Compliance", async () => {
          const t = await signedIn(browser, DEV_KEYS.officer, "/");
          open.push(t);
          await t.page.getByRole("link", { name: "Compliance" }).click();
          await t.page.getByRole("heading", { name: "KYC review queue" }).waitFor();
          return t;
        });
        const page = me.page;

        await guide.step("Pick an application from the KYC queue", async () => {
          const row = page.getByTestId("kyc-row").filter({ hasText: "Inês Carvalho" });
          await row.waitFor();
          assert.match(await row.innerText(), /\d+ (minute|hour|day)s?/, "the queue says how long it has waited");
          assert.match(await row.innerText(), /risk|Not screened/i, "the queue shows the risk");
          for (const order of ["Highest risk first", "Newest first", "Waiting longest first"]) {
            await page.getByLabel("Order").selectOption({ label: order });
            await row.waitFor();
          }
          assert.doesNotMatch(await page.locator("main").innerText(), RAW_CODE);
          await screenshots(page, "admin-kyc-queue");
          await row.getByRole("link", { name: /Review/ }).click();
          await page.getByTestId("kyc-review").waitFor();
        });

        await guide.step("Review the application and decide", async () => {
          await page.getByRole("button", { name: "Start review" }).click();
          await page.getByText("Under review", { exact: true }).waitFor();
          await page.getByLabel("Country to register on chain").selectOption({ label: "Portugal" });
          await page.getByRole("button", { name: "Approve and whitelist" }).click();
          await page.getByText("Approved", { exact: true }).first().waitFor();
          await waitUntilVerified(platform, investor);
          await screenshots(page, "admin-kyc-review");

          // A possible sanctions match: the officer confirms it, which rejects the application, and chooses the
          // reason the investor reads from the standard reasons officers also give ordinary rejections (never free
          // text: no tipping-off).
          await page.getByRole("link", { name: "← Back to the queue" }).click();
          await page
            .getByTestId("kyc-row")
            .filter({ hasText: "Ebrahim Raisi" })
            .getByRole("link", { name: /Review/ })
            .click();
          await page.getByRole("button", { name: "Start review" }).click();
          await page.getByText("Under review", { exact: true }).waitFor();
          const decision = page.getByTestId("aml-decision");
          await decision.getByLabel(/Confirm the match/).check();
          await decision
            .getByLabel("Grounds (reviewers only)")
            .fill("Name, date of birth and nationality checked against the listed person");
          const forInvestor = decision.getByLabel("Reason for the rejection (the investor reads it)");
          assert.deepEqual(
            (await forInvestor.locator("option").allTextContents()).slice(1),
            [...STANDARD_INVESTOR_REASONS],
            "a choice of the standard reasons, not a text to write",
          );
          assert.equal(
            await decision.getByRole("button", { name: "Confirm match and reject" }).isDisabled(),
            true,
            "a reason must be chosen",
          );
          await screenshots(page, "admin-aml-decision-choose");
          const reason = "The identity document could not be verified";
          await forInvestor.selectOption(reason);
          await decision.getByRole("button", { name: "Confirm match and reject" }).click();
          await page.getByText(`Rejected: ${reason}`).waitFor();
          await page.getByText(/^Grounds: Name, date of birth and nationality/).waitFor();
          await screenshots(page, "admin-aml-decision");
          // the investor reads the officer's reason, as from any rejection
          const { body: seen } = await listed.session.request<{ status: string; rejectionReason: string }>(
            "GET",
            `/kyc/applications/${listed.applicationId}`,
          );
          assert.deepEqual([seen.status, seen.rejectionReason], ["REJECTED", reason]);
        });

        await guide.step("Verify a submitted property", async () => {
          await page
            .getByRole("navigation", { name: "Compliance sections" })
            .getByRole("link", { name: "Properties and titles" })
            .click();
          const card = page.getByRole("article", { name: property.name });
          await card.getByRole("button", { name: "Verify title" }).click();
          await card.getByRole("button", { name: "Verify property" }).click();
          await card.waitFor({ state: "detached" });
          await screenshots(page, "admin-properties");
        });

        await guide.step("Change someone's role", async () => {
          await page
            .getByRole("navigation", { name: "Compliance sections" })
            .getByRole("link", { name: "Roles" })
            .click();
          const box = page.getByRole("checkbox", {
            name: new RegExp(`^Compliance officer role for .*${colleague.address}`, "i"),
          });
          await box.click(); // asks first: the box changes once the change is confirmed
          const dialog = page.getByRole("alertdialog");
          assert.match(await dialog.innerText(), /Give .* the Compliance officer role\?/);
          await dialog.getByRole("button", { name: "Confirm" }).click();
          await page.getByText(/now has the Compliance officer role/).waitFor();
          await screenshots(page, "admin-roles");
        });

        await guide.step("Read the audit trail", async () => {
          await page
            .getByRole("navigation", { name: "Compliance sections" })
            .getByRole("link", { name: "Audit trail" })
            .click();
          const line = (text: string) => page.getByTestId("audit-line").filter({ hasText: text });
          await page.getByTestId("audit-line").first().waitFor();
          await line("Changed someone's roles").first().waitFor();
          // the review opened the application several times: one line per run of views, in words
          await page.getByLabel("Record", { exact: true }).selectOption({ label: "KYC application" });
          await page.getByLabel("Record id").fill(applicationId);
          await line("Approved a KYC application").waitFor();
          const views = line("Viewed a KYC application");
          assert.ok((await views.count()) >= 1);
          assert.doesNotMatch(await page.locator("main").innerText(), RAW_CODE);
          await screenshots(page, "admin-audit");
        });

        await guide.step("Check the trail's integrity", async () => {
          await page.getByRole("button", { name: "Check integrity" }).click();
          await page.getByText("The trail is intact").waitFor();
          assert.deepEqual(await seriousA11yViolations(page), []);
        });

        await guide.step("Read the platform's fees", async () => {
          await page
            .getByRole("navigation", { name: "Compliance sections" })
            .getByRole("link", { name: "Fees" })
            .click();
          const schedule = page.getByRole("table", { name: "Fee per kind" });
          await schedule.waitFor();
          // the deployed schedule, as the chain sync read it: four kinds, each at most 5 %; the e2e world's primary fee
          // is 1 % with an increase to 1.5 % announced (web/scripts/e2e.ts), which the row shows with its date
          const rows = schedule.locator("tbody tr");
          assert.equal(await rows.count(), 4);
          assert.match(
            await rows.nth(0).innerText(),
            /Primary sale[\s\S]*\b1%[\s\S]*5%[\s\S]*1\.5% from \d+ \w+ \d{4}/,
          );
          for (let i = 0; i < 4; i++) assert.match(await rows.nth(i).innerText(), /5%/);
          // the revenue of the default period: a table or, before any fee was paid, the empty state
          await page
            .getByRole("table", { name: /revenue/i })
            .or(page.getByText("No fee paid in this period"))
            .first()
            .waitFor();
          await page.getByLabel("From").fill("2030-02-01");
          await page.getByLabel("To (included)").fill("2030-01-01");
          await page.getByText("The period ends before it starts.").waitFor();
          await page.getByLabel("To (included)").fill("2030-03-01");
          await page.getByText("No fee paid in this period").waitFor();
          assert.doesNotMatch(await page.locator("main").innerText(), RAW_CODE);
          assert.deepEqual(await seriousA11yViolations(page), []);
          await screenshots(page, "admin-fees");
        });
      } catch (error) {
        // what the officer saw when a step failed, and why, for whoever reads the run
        if (open[0]) await screenshot(open[0].page, "admin-failure");
        console.error((error as Error).cause);
        throw error;
      } finally {
        for (const t of open) await t.context.close();
      }
    },
  );

  it(
    "an officer who is not an admin gets an 'Admins only' roles page and no refused request",
    { timeout: 2 * 60_000 },
    async () => {
      const t = await signedIn(browser, COLLEAGUE_KEY, "/admin/roles");
      try {
        const refused: string[] = [];
        t.page.on("response", (r) => {
          if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
        });
        await t.page.reload();
        await t.page.getByText("Admins only").waitFor();
        assert.deepEqual(refused, []);
        assert.deepEqual(t.errors, [], "no console error");
        assert.equal(
          await t.page
            .getByRole("navigation", { name: "Compliance sections" })
            .getByRole("link", { name: "Roles" })
            .count(),
          0,
        );
        await screenshots(t.page, "admin-roles-officer");
      } finally {
        await t.context.close();
      }
    },
  );
});
