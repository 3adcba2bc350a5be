/**
 * Issue 16 §4 in the browser, against the real backend and the real local SMTP sink: an investor is told in the
 * inbox (the header's bell counts it), marks it read, gives an email address, finds the confirmation email on the
 * development mail page, follows its link to the app's verification route and confirms, then turns one kind of
 * email off. Each page is checked with axe.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { signedIn } from "../harness/flows";
import { applyForKyc } from "../harness/kyc";
import { ownWallet, signInAdmin, signInApi } from "../harness/people";

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

interface Caught {
  to: string[];
  subject: string | null;
  text: string | null;
}

/** What the SMTP sink caught (the e2e runner started it beside the backend: E2E_MAIL_URL). */
async function caughtMail(): Promise<Caught[]> {
  const url = process.env.E2E_MAIL_URL;
  if (!url) throw new Error("E2E_MAIL_URL is not set: run through scripts/e2e.ts");
  return (await (await fetch(`${url}/messages`)).json()) as Caught[];
}

async function waitForMail(to: string, subject: RegExp, timeoutMs = 30_000): Promise<Caught> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await caughtMail()).find((m) => m.to.includes(to) && subject.test(m.subject ?? ""));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email "${subject}" to ${to} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("16 notifications", () => {
  it("16 inbox and bell, email confirmed through the caught link, an email kind turned off", async () => {
    const key = await ownWallet();
    const investor = await signInApi(key);
    const officer = await signInAdmin();
    const application = `/kyc/applications/${await applyForKyc(investor, {
      givenNames: "Noor",
      familyName: "Vermeulen",
      country: 528,
      city: "Utrecht",
      line1: "Oudegracht 12",
      postalCode: "3511 AB",
      documentNumber: "NTF16E2E01",
    })}`;
    await officer.versioned(application, "POST", `${application}/review`);
    await officer.versioned(application, "POST", `${application}/request-info`, {
      message: "Please upload a proof of address",
    });

    const t = await signedIn(browser, key, "/");
    try {
      const { page } = t;
      // The bell counts the unread notification; the inbox names it and links to where to act.
      await page.getByRole("link", { name: "Notifications, 1 unread" }).click();
      await page.getByRole("heading", { name: "Your notifications", level: 1 }).waitFor();
      const item = page.getByRole("link", { name: /Your verification needs more information/ });
      await item.waitFor();
      assert.equal(await item.getAttribute("href"), "/kyc");
      assert.deepEqual(await seriousA11yViolations(page), []);
      await screenshot(page, "notifications-inbox");
      await page.getByRole("button", { name: "Mark all read" }).click();
      await page.getByRole("link", { name: "Notifications, none unread" }).waitFor();
      await page.getByText("1 notification marked read.").waitFor();

      // An address: a confirmation email goes to the sink, and nothing else is sent to it before it is confirmed.
      const address = `investor-${randomBytes(4).toString("hex")}@example.test`;
      await page.getByRole("link", { name: "Email and preferences" }).click();
      await page.getByRole("textbox", { name: "Email address" }).fill(address);
      await page.getByRole("button", { name: "Send a confirmation link" }).click();
      await page.getByText("Not verified yet").waitFor();
      const mail = await waitForMail(address, /Confirm your email address/);
      const link = /https?:\/\/\S+\/settings\/email\/verify\?token=\S+/.exec(mail.text ?? "")?.[0];
      assert.ok(link, `the confirmation email links to the app's verification route:\n${mail.text}`);
      assert.equal(new URL(link).origin, new URL(page.url()).origin);

      // The development mail page shows the same email, and its link works from there.
      await page.getByRole("link", { name: "Dev mail" }).click();
      await page.getByRole("heading", { name: "Caught email", level: 1 }).waitFor();
      const caught = page.getByTestId("caught-mail").filter({ hasText: address }).first();
      await caught.getByText("Confirm your email address for Freehold").first().waitFor();
      assert.deepEqual(await seriousA11yViolations(page), []);
      await screenshot(page, "dev-mail");

      await page.goto(link);
      await page.getByRole("button", { name: "Confirm my email address" }).click();
      await page.getByText("Your email address is confirmed").waitFor();
      assert.deepEqual(await seriousA11yViolations(page), []);

      // Verified now; one kind of email off, and it stays off.
      await page.getByRole("link", { name: "Your email preferences" }).click();
      await page.getByTestId("email-status").getByText("Verified").waitFor();
      const decided = page.getByRole("checkbox", { name: "Your identity verification is decided" });
      assert.equal(await decided.isChecked(), true);
      await decided.uncheck();
      await page.getByText("Saved.").waitFor();
      const { body } = await investor.request<{ items: { event: string; email: boolean }[] }>(
        "GET",
        "/me/notification-preferences",
      );
      assert.equal(body.items.find((p) => p.event === "KYC_DECIDED")?.email, false);
      assert.equal(body.items.find((p) => p.event === "KYC_MORE_INFO_REQUESTED")?.email, true);
      assert.deepEqual(await seriousA11yViolations(page), []);
      await screenshot(page, "notification-settings");
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });
});
