/**
 * KYC end to end in two browsers: an investor fills the form and uploads an identity document; a compliance
 * officer finds it in the queue, sees the data and the sanctions screening, and approves (or rejects with a
 * reason); the investor sees the outcome. An investor is refused the compliance pages.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { ApiSession, grantRoles, loadSanctionsList } from "../harness/api";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signedIn, type WalletPage } from "../harness/flows";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
const SAMPLE_LIST = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "backend", "data", "sanctions", "ofac-sample");
let browser: Browser;
let passport: string;

before(async () => {
  browser = await launchBrowser();
  const admin = await ApiSession.signIn(env.apiUrl!, env.appUrl, env.chainId, DEV_KEYS.officer);
  await grantRoles(admin, admin, ["ADMIN", "COMPLIANCE_OFFICER", "INVESTOR"]);
  await loadSanctionsList(admin, SAMPLE_LIST);
  passport = join(mkdtempSync(join(tmpdir(), "freehold-kyc-")), "passport.pdf");
  writeFileSync(passport, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
});
after(async () => {
  await browser?.close();
});

async function fillKyc(t: WalletPage, name: { given: string; family: string }): Promise<void> {
  await t.page.getByRole("link", { name: "Verification" }).click();
  const form = t.page.getByRole("form", { name: "Verify your identity" });
  await form.waitFor();
  await form.getByLabel("Given names").fill(name.given);
  await form.getByLabel("Family name").fill(name.family);
  await form.getByLabel("Date of birth").fill("1984-03-12");
  await form.getByLabel("Nationality").selectOption({ label: "Portugal" });
  await form.getByLabel("Street address").fill("Rua Augusta 100");
  await form.getByLabel("City").fill("Lisbon");
  await form.getByLabel("Postal code").fill("1100-053");
  await form.getByLabel("Country of residence").selectOption({ label: "Portugal" });
  await form.getByLabel("Document number").fill("CB123456");
  await form.getByLabel("Issuing country").selectOption({ label: "Portugal" });
  await form.getByLabel("Expiry date").fill("2031-05-01");
  await form.getByLabel("Scan or photo of the document").setInputFiles(passport);
}

async function officerReview(wallet: string): Promise<WalletPage> {
  const officer = await signedIn(browser, DEV_KEYS.officer, "/");
  await officer.page.getByRole("link", { name: "Compliance" }).click();
  const row = officer.page.getByTestId("kyc-row").filter({ hasText: `${wallet.slice(0, 6)}…${wallet.slice(-4)}` });
  await row.getByRole("link", { name: /Review/ }).click();
  await officer.page.getByTestId("kyc-review").waitFor();
  await officer.page.getByRole("button", { name: "Start review" }).click();
  await officer.page.getByText("Under review", { exact: true }).waitFor();
  return officer;
}

describe("KYC", () => {
  it("an investor applies and an officer approves in the same test", async () => {
    const investor = await signedIn(browser, DEV_KEYS.investor);
    let officer: WalletPage | undefined;
    try {
      await fillKyc(investor, { given: "Maria Helena", family: "Costa" });
      assert.deepEqual(await seriousA11yViolations(investor.page), []);
      await screenshot(investor.page, "kyc-form");
      await investor.page.getByRole("button", { name: "Submit for verification" }).click();
      const status = investor.page.getByTestId("kyc-status");
      await status.getByText("Submitted", { exact: true }).first().waitFor();
      await status.getByText(/Passport: passport\.pdf/).waitFor();
      await screenshot(investor.page, "kyc-submitted");

      officer = await officerReview(investor.wallet.address);
      const review = officer.page.getByTestId("kyc-review");
      assert.match((await review.textContent()) ?? "", /Maria Helena Costa/);
      assert.match((await review.textContent()) ?? "", /Passport CB123456 \(Portugal, expires 2031-05-01\)/);
      await review.getByRole("region", { name: "Sanctions screening" }).getByText("No match on the active sanctions list.").waitFor();
      assert.deepEqual(await seriousA11yViolations(officer.page), []);
      await screenshot(officer.page, "kyc-review");
      await review.getByRole("button", { name: "Approve and whitelist" }).click();
      await review.getByText(/Approved for Portugal/).waitFor();

      await investor.page.reload();
      await investor.page.getByText("You are verified").waitFor();
      assert.match((await investor.page.getByTestId("kyc-status").textContent()) ?? "", /Approved as a resident of Portugal/);
      await screenshot(investor.page, "kyc-approved");
      assert.deepEqual(investor.errors, []);
      assert.deepEqual(officer.errors, []);
    } finally {
      await investor.context.close();
      await officer?.context.close();
    }
  });

  it("a rejected investor sees the officer's reason", async () => {
    const investor = await signedIn(browser, DEV_KEYS.outsider);
    let officer: WalletPage | undefined;
    try {
      await fillKyc(investor, { given: "João", family: "Silva" });
      await investor.page.getByRole("button", { name: "Submit for verification" }).click();
      await investor.page.getByTestId("kyc-status").waitFor();

      officer = await officerReview(investor.wallet.address);
      await officer.page.getByLabel("Reason or question for the investor").fill("The passport scan is unreadable; the number does not match the document.");
      await officer.page.getByRole("button", { name: "Reject" }).click();
      await officer.page.getByText(/Rejected: The passport scan is unreadable/).waitFor();

      await investor.page.reload();
      const status = investor.page.getByTestId("kyc-status");
      await status.getByText("Your application was not approved").waitFor();
      assert.match((await status.textContent()) ?? "", /Reason: The passport scan is unreadable; the number does not match the document\./);
      await status.getByRole("button", { name: "Start a new application" }).waitFor();
      assert.deepEqual(await seriousA11yViolations(investor.page), []);
      await screenshot(investor.page, "kyc-rejected");
    } finally {
      await investor.context.close();
      await officer?.context.close();
    }
  });

  it("refuses the compliance pages to an investor", async () => {
    const investor = await signedIn(browser, DEV_KEYS.investor, "/admin");
    try {
      await investor.page.getByText("You do not have access to this page").waitFor();
      assert.equal(await investor.page.getByTestId("kyc-row").count(), 0);
      // The API refuses too, whatever the page shows.
      const status = await investor.page.evaluate(async () => (await fetch("/api/v1/aml/screenings", { credentials: "include" })).status);
      assert.equal(status, 403);
    } finally {
      await investor.context.close();
    }
  });
});
