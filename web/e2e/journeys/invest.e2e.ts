/**
 * Investing on a real chain with the platform deployed by the real deploy script: a verified property is launched
 * through the factory; a whitelisted investor sees their eligibility before paying, declines the wallet's request
 * once (calm message, nothing sent), then pays with a permit and with approve + subscribe; the issuer finalizes;
 * the investor claims the units, sees them in the portfolio and claims the rent the manager deposits. A wallet that never passed KYC is told why it cannot invest, before any signature.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { abis } from "@freehold/deployments";
import { ApiSession, grantRoles, seedVerifiedProperty, type SeededProperty } from "../harness/api";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { walletPage, type WalletPage } from "../harness/flows";
import { Platform, USD } from "../harness/platform";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
let browser: Browser;
let platform: Platform;
let property: SeededProperty;
let launched: { token: Address; offering: Address };

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  const admin = await ApiSession.signIn(env.apiUrl!, env.appUrl, env.chainId, DEV_KEYS.officer);
  await grantRoles(admin, admin, ["ADMIN", "COMPLIANCE_OFFICER", "INVESTOR"]);
  const manager = await ApiSession.signIn(env.apiUrl!, env.appUrl, env.chainId, DEV_KEYS.manager);
  await grantRoles(admin, manager, ["PROPERTY_MANAGER"]);
  property = await seedVerifiedProperty(manager, admin, { name: "Baixa Office Tower", city: "Lisbon", country: "PT", type: "COMMERCIAL" });
  launched = await platform.launch(property.id, { name: "Baixa Office Tower", symbol: "BAIXA", pricePerUnit: 50n * USD, softCap: 20n, hardCap: 100n, minTicket: 5n, maxTicket: 100n });
});
after(async () => {
  await browser?.close();
});

async function openInvest(key: `0x${string}`): Promise<WalletPage> {
  const t = await walletPage(browser, key, `/properties/${property.id}/invest`);
  await t.page.getByRole("button", { name: "Connect wallet" }).click();
  await t.page.getByRole("dialog").getByRole("button", { name: "Freehold Test Wallet" }).click();
  await t.page.getByRole("heading", { name: "Offering terms" }).waitFor();
  return t;
}

const unitsSold = () => platform.read<bigint>(launched.offering, abis.PropertyOffering, "unitsSold");

describe("invest", () => {
  it("tells a wallet without KYC why it cannot invest, before any signature", async () => {
    const t = await openInvest(DEV_KEYS.outsider);
    try {
      await t.page.getByLabel("Number of units").fill("10");
      const checks = t.page.getByTestId("eligibility");
      await checks.getByText("Your wallet is not verified for investing yet.").waitFor();
      assert.match((await checks.textContent()) ?? "", /ERC-1066 0x57 RECEIVER_NOT_VERIFIED/);
      assert.equal(await checks.getByRole("link", { name: "Go to identity verification" }).count(), 1);
      assert.equal(await t.page.getByRole("button", { name: /^Pay/ }).isDisabled(), true);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "invest-ineligible");
      assert.ok(!t.wallet.requests.some((m) => m.startsWith("eth_sign") || m === "eth_sendTransaction" || m === "personal_sign"));
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });

  it("a whitelisted investor declines once, then subscribes with a permit and with approve + subscribe, and claims", async () => {
    const investorAddress = privateKeyToAccount(DEV_KEYS.investor).address;
    await platform.whitelist(investorAddress);
    await platform.fund(investorAddress, 10_000n * USD);
    const t = await openInvest(DEV_KEYS.investor);
    try {
      const amount = t.page.getByLabel("Number of units");
      await amount.fill("10");
      await t.page.getByTestId("quote").getByText("10 units").waitFor();
      assert.match((await t.page.getByTestId("quote").textContent()) ?? "", /10 units for 500\.00 tUSD/);
      await t.page.getByTestId("eligibility").getByText("You are eligible to hold these units.").waitFor();
      await t.page.getByTestId("eligibility").getByText("Within the offering's limits.").waitFor();
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "invest-eligible");

      // The wallet moves to another network: the banner explains, paying is blocked, nothing breaks; switch back.
      await t.wallet.switchTo(1);
      await t.page.getByTestId("wrong-network").waitFor();
      assert.equal(await t.page.getByRole("button", { name: "Pay 500.00 tUSD" }).isDisabled(), true);
      await t.page.getByText(/Your wallet is on another network\. Switch with the banner above/).waitFor();
      await screenshot(t.page, "invest-wrong-network");
      await t.page.getByTestId("wrong-network").getByRole("button", { name: "Switch to Local chain" }).click();
      await t.page.getByTestId("wrong-network").waitFor({ state: "detached" });
      assert.equal(await t.page.getByRole("button", { name: "Pay 500.00 tUSD" }).isDisabled(), false);

      // The user rejects the permit signature in the wallet: a calm message, nothing sent, nothing broken.
      t.wallet.rejectNext("eth_signTypedData_v4");
      await t.page.getByRole("button", { name: "Pay 500.00 tUSD" }).click();
      const tracker = t.page.locator("[data-tx-status]");
      await tracker.and(t.page.locator('[data-tx-status="rejected"]')).waitFor();
      assert.match((await tracker.textContent()) ?? "", /You declined the request in your wallet\.Nothing was sent and nothing was charged/);
      assert.equal(await tracker.getAttribute("role"), "status");
      assert.equal(await unitsSold(), 0n);
      await screenshot(t.page, "invest-rejected");

      // Permit + subscribe in one transaction.
      await t.page.getByRole("button", { name: "Pay 500.00 tUSD" }).click();
      await t.page.locator('[data-tx-status="confirmed"]').waitFor();
      assert.equal(await unitsSold(), 10n);
      await t.page.getByText("You subscribed 10 units").waitFor();
      await screenshot(t.page, "invest-confirmed");

      // Approve, then subscribe, for the remaining 90 units (amount typed in stablecoin): the hard cap is reached.
      await t.page.getByRole("button", { name: "tUSD", exact: true }).click();
      await t.page.getByLabel("Amount in tUSD").fill("4,520");
      await t.page.getByTestId("quote").getByText("90 units").waitFor();
      assert.match((await t.page.getByTestId("quote").textContent()) ?? "", /90 units for 4,500\.00 tUSD \(20\.00 tUSD left over: units are whole\)/);
      await t.page.getByLabel(/Approve, then subscribe/).check();
      await t.page.getByRole("button", { name: "Pay 4,500.00 tUSD" }).click();
      await t.page.getByText("Step 2 of 2").waitFor();
      await t.page.locator('[data-tx-status="confirmed"]').waitFor();
      assert.equal(await unitsSold(), 100n);
      assert.ok(t.wallet.requests.filter((m) => m === "eth_sendTransaction").length >= 3);
      await t.page.getByText(/The offering reached its target/).waitFor();

      // The issuer finalizes (on the manager's screen); the investor claims.
      await platform.finalize(launched.offering);
      await t.page.reload();
      await t.page.getByRole("button", { name: "Claim 100 units" }).click();
      await t.page.locator('[data-tx-status="confirmed"]').waitFor();
      await t.page.getByText("Your units are in your wallet").waitFor();
      assert.equal(await platform.read<bigint>(launched.token, abis.PropertyToken, "balanceOf", [investorAddress]), 100n);
      await screenshot(t.page, "invest-claimed");

      // The manager deposits rent; the investor sees the holding in the portfolio and claims all rent at once.
      await platform.depositRent(launched.token, 250n * USD);
      await t.page.getByRole("link", { name: "Portfolio" }).click();
      const portfolio = t.page.getByTestId("portfolio");
      const row = portfolio.getByTestId("holding-row").filter({ hasText: "Baixa Office Tower" });
      await row.waitFor();
      assert.match((await row.textContent()) ?? "", /Ordinary units100 units5,000\.00none250\.00/);
      await portfolio.getByTestId("claimable-rent").getByText("250.00").waitFor();
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "portfolio");
      await portfolio.getByRole("button", { name: "Claim all rent" }).click();
      await t.page.locator('[data-tx-status="confirmed"]').waitFor();
      await portfolio.getByTestId("claimable-rent").getByText("0.00").waitFor();
      await portfolio.getByRole("region", { name: "History" }).getByText("Rent claimed").waitFor();
      assert.equal(await platform.read<bigint>(platform.address("TestStablecoin"), abis.TestStablecoin, "balanceOf", [investorAddress]), 10_000n * USD - 5_000n * USD + 250n * USD);
      await screenshot(t.page, "portfolio-rent-claimed");

      // The property page shows the distribution and the on-chain activity.
      await t.page.goto(`${env.appUrl}/properties/${property.id}`);
      const activity = t.page.getByRole("region", { name: "Recent on-chain activity" });
      await activity.getByText(/Rent of 250\.00 distributed to holders/).waitFor();
      await activity.getByText(/100 units issued to 0x7099/).waitFor();
      assert.match((await t.page.getByRole("region", { name: "Rent distributions" }).textContent()) ?? "", /250 distributed to holders so far/);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "property-activity");
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  });
});
