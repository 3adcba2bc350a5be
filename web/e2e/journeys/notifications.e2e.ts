/**
 * Issue 16 §4 in the browser, against the real backend and the real local SMTP sink: an investor is told in the
 * inbox (the header's bell counts it), marks it read, gives an email address, finds the confirmation email on the
 * development mail page, follows its link to the app's verification route and confirms; the officer's decision is
 * emailed, and that email's unsubscribe link turns its kind off in a browser with no wallet; a second kind is turned
 * off in the settings. Each page is checked with axe.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { screenshotsAtBothWidths } from "../harness/artefacts";
import { launchBrowser, openPage, screenshot, seriousA11yViolations } from "../harness/browser";
import { signedIn } from "../harness/flows";
import { applyForKyc } from "../harness/kyc";
import { waitForMail } from "../harness/mail";
import { ownWallet, signInAdmin, signInApi } from "../harness/people";

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

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
      await screenshotsAtBothWidths(page, "notifications-inbox");
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
      const emailPreferences = async () =>
        new Map(
          (
            await investor.request<{ items: { event: string; email: boolean }[] }>(
              "GET",
              "/me/notification-preferences",
            )
          ).body.items.map((p) => [p.event, p.email]),
        );

      // The decision is emailed now. Its "stop emails of this kind" link works in a browser with no wallet and no
      // session; opening it changes nothing (mail scanners open links), the button does.
      await officer.versioned(application, "POST", `${application}/reject`, {
        reason: "The proof of address did not arrive",
      });
      const decision = await waitForMail(address, /Your verification was not approved/);
      const stopLink = /https?:\/\/\S+\/settings\/email\/unsubscribe\?token=\S+/.exec(decision.text ?? "")?.[0];
      assert.ok(stopLink, `the email links to the app's unsubscribe page:\n${decision.text}`);
      const stranger = await openPage(browser);
      try {
        await stranger.page.goto(stopLink);
        await stranger.page.getByText("Stop the emails “Your identity verification is decided”?").waitFor();
        assert.equal((await emailPreferences()).get("KYC_DECIDED"), true, "opening the link turns nothing off");
        assert.deepEqual(await seriousA11yViolations(stranger.page), []);
        await screenshotsAtBothWidths(stranger.page, "unsubscribe");
        await stranger.page.getByRole("button", { name: "Stop these emails" }).click();
        await stranger.page.getByText("You will get no more of these emails").waitFor();
        assert.deepEqual(await seriousA11yViolations(stranger.page), []);
        await screenshot(stranger.page, "unsubscribed");
        assert.deepEqual(stranger.errors, []);
      } finally {
        await stranger.context.close();
      }

      // Verified now; that kind of email is off in the settings too, and a second kind is turned off there.
      await page.getByRole("link", { name: "Your email preferences" }).click();
      await page.getByTestId("email-status").getByText("Verified").waitFor();
      const decided = page.getByRole("checkbox", { name: "Your identity verification is decided" });
      assert.equal(await decided.isChecked(), false, "off through the email's link");
      const rent = page.getByRole("checkbox", { name: "Rent can be claimed" });
      assert.equal(await rent.isChecked(), true);
      await rent.uncheck();
      await page.getByText("Saved.").waitFor();
      // Capital returned by a refinance is its own kind, in its own words: turning rent off leaves it on.
      const capital = page.getByRole("checkbox", { name: "Capital returned by a refinance can be claimed" });
      assert.equal(await capital.isChecked(), true);
      const preferences = await emailPreferences();
      assert.equal(preferences.get("KYC_DECIDED"), false);
      assert.equal(preferences.get("RENT_CLAIMABLE"), false);
      assert.equal(preferences.get("CAPITAL_RETURNED"), true);
      assert.equal(preferences.get("KYC_MORE_INFO_REQUESTED"), true);
      assert.deepEqual(await seriousA11yViolations(page), []);
      await screenshotsAtBothWidths(page, "notification-settings");
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });
});
