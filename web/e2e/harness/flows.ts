/** Steps many journeys share: a browser page with a wallet, connected and signed in through the app's own UI. */
import assert from "node:assert/strict";
import type { Browser, Locator } from "playwright-core";
import type { Hex } from "viem";
import { openPage, type TestPage } from "./browser";
import { e2eEnv } from "./env";
import { TestWallet } from "./wallet";

export type WalletPage = TestPage & { wallet: TestWallet };

export async function walletPage(browser: Browser, key: Hex, path = "/"): Promise<WalletPage> {
  const env = e2eEnv();
  const opened = await openPage(browser);
  const wallet = new TestWallet(key, env.rpcUrl, env.chainId);
  await wallet.install(opened.page);
  await opened.page.goto(`${env.appUrl}${path}`);
  return { ...opened, wallet };
}

/** Connects the page's wallet through the app's dialog, without signing in. */
export async function connectWallet(t: WalletPage): Promise<void> {
  await t.page.getByRole("button", { name: "Connect wallet" }).click();
  await t.page.getByRole("dialog").getByRole("button", { name: "Freehold Test Wallet" }).click();
  await t.page.locator(".account__chip").waitFor();
}

/** A wallet page connected without signing in (reading and writing the chain needs no backend session). */
export async function connectedPage(browser: Browser, key: Hex, path = "/"): Promise<WalletPage> {
  const t = await walletPage(browser, key, path);
  await connectWallet(t);
  return t;
}

export async function connectAndSignIn(t: WalletPage): Promise<void> {
  await connectWallet(t);
  await t.page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
  await t.page.getByRole("button", { name: "Sign out" }).waitFor();
}

export async function signedIn(browser: Browser, key: Hex, path = "/"): Promise<WalletPage> {
  const t = await walletPage(browser, key, path);
  await connectAndSignIn(t);
  return t;
}

/**
 * A two-step flow (approve, then act) showed its first step's confirmation on screen before it asked the wallet for
 * the second transaction (issue 15): the page's text when the last transaction request arrived says `confirmation`,
 * and it did not yet when the one before arrived (so the text is that step's, not a leftover).
 */
export function assertFirstStepShownBeforeSecond(wallet: TestWallet, confirmation: RegExp): void {
  const shown = wallet.shownAtTransaction;
  assert.ok(shown.length >= 2, `two transactions were requested (${shown.length})`);
  assert.doesNotMatch(shown.at(-2)!, confirmation, "the confirmation was on screen before the first step ran");
  assert.match(shown.at(-1)!, confirmation, "the first step's confirmation was not on screen when the second began");
}

/**
 * The value of an input once it shows `expected`, or what it shows after `timeoutMs`. `inputValue()` reads at once,
 * and a value the page fills after an async read (a picked period's amount, once the fee schedule arrived) may not
 * be there yet: asserting on it at once made the journeys race the page.
 */
export async function inputShowing(input: Locator, expected: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let value = await input.inputValue();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await input.inputValue();
  }
  return value;
}
