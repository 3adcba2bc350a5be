/**
 * Wallet journeys in real Chromium against the production bundle: EIP-6963 discovery and connection, a user who
 * declines, and a wallet on the wrong network.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { generatePrivateKey } from "viem/accounts";
import { launchBrowser, openPage, screenshot, seriousA11yViolations, type TestPage } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { TestWallet } from "../harness/wallet";

const env = e2eEnv();
/** A wallet of this journey's own: it only connects, and no other journey sees it. */
const investorKey = generatePrivateKey();
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function withWallet(): Promise<TestPage & { wallet: TestWallet }> {
  const opened = await openPage(browser);
  const wallet = new TestWallet(investorKey, env.rpcUrl, env.chainId);
  await wallet.install(opened.page);
  await opened.page.goto(env.appUrl);
  return { ...opened, wallet };
}

async function connect({ page }: TestPage): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect a wallet" });
  await dialog.getByRole("button", { name: "Freehold Test Wallet" }).click();
}

describe("wallet", () => {
  it("finds the wallet through EIP-6963 and connects it", async () => {
    const t = await withWallet();
    try {
      await connect(t);
      const chip = t.page.locator(".account__chip");
      await chip.waitFor();
      assert.equal(await chip.getAttribute("title"), t.wallet.address);
      assert.ok(t.wallet.requests.includes("eth_requestAccounts"));
      assert.equal(await t.page.getByRole("button", { name: "Sign in" }).isVisible(), true);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "wallet-connected");
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });

  it("stays calm when the user declines the connection", async () => {
    const t = await withWallet();
    try {
      t.wallet.rejectNext("eth_requestAccounts");
      await connect(t);
      const notice = t.page.getByRole("dialog").getByRole("status").filter({ hasText: "Connection cancelled" });
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? "", /You closed the wallet's request\. Nothing was shared\./);
      // No alarm, no broken state: the user can simply try again.
      assert.equal(await t.page.getByRole("dialog").getByRole("alert").count(), 0);
      await screenshot(t.page, "wallet-connection-declined");
      await t.page.getByRole("dialog").getByRole("button", { name: "Freehold Test Wallet" }).click();
      await t.page.locator(".account__chip").waitFor();
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });

  it("explains a wrong network and switches back on request", async () => {
    const t = await withWallet();
    try {
      await connect(t);
      await t.page.locator(".account__chip").waitFor();
      await t.wallet.switchTo(1);
      const banner = t.page.getByTestId("wrong-network");
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? "", /Your wallet is on Ethereum; Freehold runs on Local chain\./);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "wallet-wrong-network");

      // The user declines the switch first: the banner stays and says so.
      t.wallet.rejectNext("wallet_switchEthereumChain");
      await banner.getByRole("button", { name: "Switch to Local chain" }).click();
      await banner.getByText("You declined the switch.").waitFor();

      await banner.getByRole("button", { name: "Switch to Local chain" }).click();
      await banner.waitFor({ state: "detached" });
      assert.equal(t.wallet.chainId, env.chainId);
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });
});
