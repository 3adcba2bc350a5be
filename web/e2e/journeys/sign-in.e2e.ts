/**
 * Sign-In with Ethereum against the real backend: the wallet signs an EIP-4361 message, the backend opens an
 * httpOnly cookie session, roles come from the backend, sign-out revokes it, and a declined signature is calm.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { generatePrivateKey } from "viem/accounts";
import { launchBrowser, openPage, screenshot, seriousA11yViolations, type TestPage } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { connectedPage } from "../harness/flows";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
/** A wallet of this journey's own: signing in makes its user, which no other journey should meet. */
const investorKey = generatePrivateKey();
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const connected = (key: `0x${string}`) => connectedPage(browser, key);

/** The session's user address as the backend reads it (`GET /auth/session`, 200 with or without a user). */
async function me(t: TestPage): Promise<string | null> {
  return t.page.evaluate(async () => {
    const res = await fetch("/api/v1/auth/session", { credentials: "include" });
    if (res.status !== 200) throw new Error(`session read answered ${res.status}`);
    return ((await res.json()) as { user: { address: string } | null }).user?.address ?? null;
  });
}

describe("sign-in with Ethereum", () => {
  it("lets an anonymous visitor browse without a failed request or a console error", async () => {
    const t = await openPage(browser);
    const failed: string[] = [];
    t.page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    try {
      await t.page.goto(env.appUrl);
      await t.page.getByRole("button", { name: "Connect wallet" }).waitFor();
      await t.page.getByRole("link", { name: "Portfolio" }).click();
      await t.page.getByRole("heading", { name: "Your portfolio", level: 1 }).waitFor();
      assert.equal(await me(t), null);
      assert.deepEqual(failed, []);
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });

  it("signs an investor in with a cookie session and out again", async () => {
    const t = await connected(investorKey);
    try {
      assert.equal(await me(t), null);
      await t.page.getByRole("button", { name: "Sign in" }).click();
      await t.page.getByRole("button", { name: "Sign out" }).waitFor();
      assert.ok(t.wallet.requests.includes("personal_sign"));
      assert.equal(await me(t), t.wallet.address);
      const cookies = await t.context.cookies();
      assert.ok(cookies.length > 0 && cookies.every((c) => c.httpOnly), "the session cookie is httpOnly");
      // An investor sees no compliance or manager pages.
      assert.equal(await t.page.getByRole("link", { name: "Compliance" }).count(), 0);
      assert.equal(await t.page.getByRole("link", { name: "Manage" }).count(), 0);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "signed-in-investor");

      await t.page.getByRole("button", { name: "Sign out" }).click();
      await t.page.getByRole("button", { name: "Sign in" }).waitFor();
      assert.equal(await me(t), null);
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });

  it("shows the compliance pages to the configured first admin", async () => {
    const t = await connected(DEV_KEYS.officer);
    try {
      await t.page.getByRole("button", { name: "Sign in" }).click();
      await t.page.getByRole("link", { name: "Compliance" }).waitFor();
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });

  it("keeps calm when the user declines to sign, and can sign in afterwards", async () => {
    const t = await connected(investorKey);
    try {
      t.wallet.rejectNext("personal_sign");
      await t.page.getByRole("button", { name: "Sign in" }).click();
      const notice = t.page.getByTestId("sign-in-error");
      await notice.waitFor();
      assert.equal(await notice.getAttribute("role"), "status");
      assert.match(
        (await notice.textContent()) ?? "",
        /Sign-in cancelled\. You declined the signature\. Nothing was shared\./,
      );
      assert.equal(await me(t), null);
      await screenshot(t.page, "sign-in-declined");

      await t.page.getByRole("button", { name: "Sign in" }).click();
      await t.page.getByRole("button", { name: "Sign out" }).waitFor();
      assert.equal(await me(t), t.wallet.address);
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });
});
