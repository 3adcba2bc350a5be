/**
 * Outside browser review: an officer who would not accept an investor's proof of address after the application was
 * submitted had no way to say so, and the investor's page kept saying "We are checking your application". Now the
 * officer refuses that one document with a standard reason; the investor's page shows it refused, why, and the
 * upload to make, and the replacement sends the application back to the officer. The officer's note stays theirs.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { idempotencyKey } from "../harness/api";
import { screenshotsAtBothWidths, withPages } from "../harness/artefacts";
import { launchBrowser, seriousA11yViolations } from "../harness/browser";
import { signedIn } from "../harness/flows";
import { applyForKyc, PASSPORT_PDF } from "../harness/kyc";
import { signInAdmin, signInApi } from "../harness/people";
import { DEV_KEYS } from "../harness/wallet";

const NOTE = "Bill from 2023; compare with the address on file";
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => browser?.close());

describe("a KYC document refused after submission", () => {
  it("the investor sees it refused, with the reason and what to do, and sends a new one", async () => {
    await signInAdmin(); // the officer's roles and the sanctions list
    const investor = await signInApi(DEV_KEYS.applicant);
    const id = await applyForKyc(investor, {
      givenNames: "Marta",
      familyName: "Costa",
      country: 620,
      city: "Porto",
      line1: "Rua das Flores 12",
      postalCode: "4050-262",
      documentNumber: "CC998877",
    });
    const form = new FormData();
    form.set("kind", "PROOF_OF_ADDRESS");
    form.set("file", new Blob([PASSPORT_PDF], { type: "application/pdf" }), "utility-bill.pdf");
    await investor.request("POST", `/kyc/applications/${id}/documents`, form, { "idempotency-key": idempotencyKey() });

    await withPages("kyc-document-refusal", async (open) => {
      const officer = await signedIn(browser, DEV_KEYS.officer, `/admin/kyc/${id}`);
      open.push(officer);
      const review = officer.page.getByTestId("kyc-review");
      await review.waitFor();
      await review.getByRole("button", { name: "Start review" }).click();
      await review.getByText("Under review", { exact: true }).waitFor();
      const proof = review.locator("li", { hasText: "Proof of address: utility-bill.pdf" });
      await proof.getByRole("button", { name: "Refuse…" }).click();
      await proof
        .getByLabel("Why the proof of address is refused")
        .selectOption("The document is older than three months");
      await proof.getByLabel("Note for reviewers (optional)").fill(NOTE);
      await proof.getByRole("button", { name: "Refuse and ask for a new one" }).click();
      await proof.getByText("Refused", { exact: true }).waitFor();
      await proof.getByText(`Note: ${NOTE}`, { exact: false }).waitFor();
      await screenshotsAtBothWidths(officer.page, "kyc-document-refused-officer");

      const me = await signedIn(browser, DEV_KEYS.applicant, "/kyc");
      open.push(me);
      const status = me.page.getByTestId("kyc-status");
      await status.getByText("A document you sent was refused").waitFor();
      const text = (await status.textContent()) ?? "";
      assert.match(text, /The document is older than three months/);
      assert.match(text, /Upload a new proof of address below, then send your application again/);
      assert.ok(!text.includes(NOTE), "the officer's note is not the investor's to read");
      assert.deepEqual(await seriousA11yViolations(me.page), []);
      await screenshotsAtBothWidths(me.page, "kyc-document-refused-investor");

      const moreInfo = me.page.getByTestId("kyc-more-info");
      assert.equal(await moreInfo.getByRole("button", { name: "Upload and send again" }).isDisabled(), true);
      await moreInfo.getByLabel("Document type").selectOption("PROOF_OF_ADDRESS");
      await moreInfo
        .getByLabel("File")
        .setInputFiles({ name: "new-bill.pdf", mimeType: "application/pdf", buffer: Buffer.from(PASSPORT_PDF) });
      await moreInfo.getByRole("button", { name: "Upload and send again" }).click();
      await status.getByText("We are checking your application").waitFor();
      await status.getByText("Replaced", { exact: true }).waitFor();
      await screenshotsAtBothWidths(me.page, "kyc-document-replaced-investor");
      assert.deepEqual(me.errors, []);
    });
  });
});
