/**
 * A property manager registers a property in the app (details, photo, title deed, land title), submits it; a
 * compliance officer verifies title and property on the compliance pages; the manager launches the tokenization
 * with one factory transaction; investors then find the live offering from the property page.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { ApiSession, grantRoles } from "../harness/api";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signedIn, walletPage } from "../harness/flows";
import { DEV_KEYS } from "../harness/wallet";
import { Platform, USD } from "../harness/platform";
import { privateKeyToAccount } from "viem/accounts";
import { minimalPdf } from "@freehold/dev-kit/pdf";

const env = e2eEnv();
let browser: Browser;
let deed: string;

before(async () => {
  browser = await launchBrowser();
  const admin = await ApiSession.signIn(env.apiUrl!, env.appUrl, env.chainId, DEV_KEYS.officer);
  await grantRoles(admin, admin, ["ADMIN", "COMPLIANCE_OFFICER", "INVESTOR"]);
  const manager = await ApiSession.signIn(env.apiUrl!, env.appUrl, env.chainId, DEV_KEYS.manager);
  await grantRoles(admin, manager, ["PROPERTY_MANAGER"]);
  deed = join(mkdtempSync(join(tmpdir(), "freehold-deed-")), "title-deed.pdf");
  writeFileSync(deed, minimalPdf(`Title deed of Cais do Sodre Warehouse ${Date.now()}`));
});
after(async () => {
  await browser?.close();
});

describe("property manager", () => {
  it("registers a property, gets it verified and launches the tokenization", async () => {
    const manager = await signedIn(browser, DEV_KEYS.manager);
    try {
      await manager.page.getByRole("link", { name: "Manage" }).click();
      await manager.page.getByRole("link", { name: "Register a property" }).click();
      const form = manager.page.getByRole("form", { name: "Register a property" });
      await form.getByLabel("Name").fill("Cais do Sodré Warehouse");
      await form.getByLabel("Type").selectOption("INDUSTRIAL");
      await form
        .getByLabel("Description")
        .fill("A restored riverside warehouse let to a logistics company on a ten-year lease.");
      await form.getByLabel("Street address").fill("Rua Nova do Carvalho 8");
      await form.getByLabel("City").fill("Lisbon");
      await form.getByLabel("Floor area (m²)").fill("3200");
      assert.deepEqual(await seriousA11yViolations(manager.page), []);
      await form.getByRole("button", { name: "Save and continue" }).click();

      const page = manager.page.getByTestId("managed-property");
      await page.getByRole("heading", { name: "Cais do Sodré Warehouse" }).waitFor();
      const docs = page.getByRole("region", { name: "Photos and documents" });
      await docs.getByLabel("Kind").selectOption("TITLE_DEED");
      await docs.getByLabel("File").setInputFiles(deed);
      await docs.getByRole("button", { name: "Upload" }).click();
      await docs.getByText(/Title deed: title-deed\.pdf/).waitFor();

      const title = page.getByRole("region", { name: "Land title" });
      await title.getByLabel("Title number").fill(`LX-${Date.now()}`);
      await title.getByLabel("Parcel id").fill("1101-44");
      await title.getByLabel("Registry office").fill("Conservatória do Registo Predial de Lisboa");
      await title.getByLabel("Area (m²)").fill("1650");
      await title.getByLabel("Owner of record").fill("Tejo Armazéns SA");
      await title.getByLabel("Acquired on").fill("2012-09-14");
      await title.getByRole("button", { name: "Record the land title" }).click();
      await title.getByText("Pending").waitFor();
      await page.getByRole("button", { name: "Submit for verification" }).click();
      await page.getByText("Submitted. The compliance team is reviewing it.").waitFor();
      await screenshot(manager.page, "manager-submitted");

      // The officer verifies the title, then the property, on the compliance pages.
      const officer = await signedIn(browser, DEV_KEYS.officer, "/");
      try {
        await officer.page.getByRole("link", { name: "Compliance" }).click();
        await officer.page.getByRole("link", { name: "Properties and titles" }).click();
        const review = officer.page.getByRole("article").filter({ hasText: "Cais do Sodré Warehouse" });
        await review.getByRole("button", { name: "Verify title" }).click();
        await review.getByText("verified", { exact: true }).waitFor();
        await review.getByRole("button", { name: "Verify property" }).click();
        await review.waitFor({ state: "detached" });
      } finally {
        await officer.context.close();
      }

      await manager.page.reload();
      const tokenization = page.getByRole("region", { name: "Tokenization" });
      await tokenization.getByLabel("Token symbol").fill("CSW");
      await tokenization.getByLabel(/^Price per unit \(/).fill("25");
      await tokenization.getByLabel("Units for sale").fill("2000");
      assert.deepEqual(await seriousA11yViolations(manager.page), []);
      await tokenization.getByRole("button", { name: "Launch tokenization" }).click();
      await tokenization.getByTestId("offering-controls").getByText("Open", { exact: true }).waitFor();
      assert.match((await tokenization.textContent()) ?? "", /Sold0 units/);
      await screenshot(manager.page, "manager-launched");

      // Depositing rent before any unit exists is refused by the contract: the app decodes the custom error.
      await new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!).fund(
        privateKeyToAccount(DEV_KEYS.manager).address,
        1_000n * USD,
      );
      const rent = tokenization.getByRole("region", { name: "Distribute rent" });
      await rent.getByLabel("Net rent to distribute").fill("300");
      await rent.getByRole("button", { name: "Deposit rent" }).click();
      const failed = rent.locator('[data-tx-status="failed"]');
      await failed.waitFor();
      assert.match((await failed.textContent()) ?? "", /This property has no units in circulation yet\./);
      assert.match((await failed.textContent()) ?? "", /DistributorNoSupply/);
      assert.equal(await failed.getAttribute("role"), "alert");
      await screenshot(manager.page, "manager-rent-refused");
      assert.deepEqual(manager.errors, []);

      // Anyone finds the live offering from the property page.
      const propertyUrl = manager.page.url().replace("/manage/properties/", "/properties/");
      const visitor = await walletPage(browser, DEV_KEYS.outsider, new URL(propertyUrl).pathname);
      try {
        await visitor.page.getByRole("region", { name: "Investment" }).getByRole("link", { name: "Invest" }).click();
        await visitor.page.getByText(/Connect your wallet to invest/).waitFor();
      } finally {
        await visitor.context.close();
      }
    } finally {
      await manager.context.close();
    }
  });
});
