/**
 * Issue 20, gasless investing, in real Chromium with the production bundle: a new investor whose wallet holds ZERO
 * ETH (a fresh key; the stablecoin issuer gives it test USD, its identity is verified through the backend's KYC flow)
 * subscribes on an open offering with one permit and one forward-request signature, claims the units after the
 * manager finalized, and claims the rent the manager deposited, each time through the backend's relayer (`POST
 * /relay`), which pays the network fee. The page says so before anything is signed, with the day's allowance left;
 * the tracker shows each action's steps; the chain has the units and the money; the wallet's ETH is still exactly 0
 * and the wallet never sent a transaction of its own.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { getAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { abis, erc20Abi, paymentTokenOf, type PaymentTokenRecord } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { demoStatementHash } from "@freehold/dev-kit/demo-chain";
import { seedVerifiedProperty, type SeededProperty } from "../harness/api";
import { screenshotsAtBothWidths } from "../harness/artefacts";
import { launchBrowser, takeTxStatuses } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signedIn, type WalletPage } from "../harness/flows";
import { verifyThroughBackend } from "../harness/kyc";
import { signInAdmin, signInApi, signInManager } from "../harness/people";
import { Platform, USD } from "../harness/platform";
import { RELAYER_KEY } from "../harness/wallet";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
/** The journey's own investor: a fresh key that is never given ETH. */
const investorKey: Hex = generatePrivateKey();
const investor = privateKeyToAccount(investorKey).address;
const relayer = privateKeyToAccount(RELAYER_KEY).address;
let browser: Browser;
let platform: Platform;
let pay: PaymentTokenRecord;
let property: SeededProperty;
let launched: { token: Address; offering: Address };
const open: WalletPage[] = [];

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  pay = paymentTokenOf(readDeployment(env.chainId, env.deploymentsDir)!);
  const admin = await signInAdmin();
  const manager = await signInManager(admin);
  // Setup: a verified property launched by its manager: 4 units at 10 tUSD, 2 to succeed. The investor buys all 4,
  // so the offering has succeeded and the manager can finalize it at once.
  property = await seedVerifiedProperty(manager, admin, {
    name: "Rua do Ouro 88",
    city: "Lisbon",
    country: "PT",
    type: "RESIDENTIAL",
  });
  launched = await platform.launch(property.id, {
    name: "Rua do Ouro 88",
    symbol: "OURO",
    pricePerUnit: 10n * USD,
    softCap: 2n,
    hardCap: 4n,
    minTicket: 1n,
    maxTicket: 4n,
  });
  // Setup: the investor is verified through the backend (KYC, an officer's approval, the agent's whitelist write:
  // nothing the investor's wallet pays for) and holds 100 tUSD, but no ETH at all.
  await verifyThroughBackend(
    admin,
    await signInApi(investorKey),
    {
      givenNames: "Beatriz",
      familyName: "Moura",
      country: 620,
      city: "Coimbra",
      line1: "Rua Ferreira Borges 5",
      postalCode: "3000-180",
      documentNumber: "CC5566123",
    },
    platform,
  );
  await platform.fund(investor, 100n * USD);
  assert.equal(await eth(investor), 0n, "the investor starts with no ETH");
});
after(async () => {
  for (const t of open) await t.context.close();
  await browser?.close();
});

const eth = (wallet: Address) => platform.client.getBalance({ address: wallet });
const coins = (holder: Address) => platform.read<bigint>(pay.address, erc20Abi, "balanceOf", [holder]);
const units = (holder: Address) => platform.read<bigint>(launched.token, abis.PropertyToken, "balanceOf", [holder]);

/** The tracker went through signing, relaying and confirmation, once, and the wallet signed but sent nothing. */
async function assertRelayed(me: WalletPage, signatures: number): Promise<void> {
  assert.deepEqual(await takeTxStatuses(me.page), ["awaitingWallet", "pending", "confirmed"], "the tracker's steps");
  const asked = me.wallet.requests.splice(0);
  assert.equal(asked.filter((m) => m === "eth_signTypedData_v4").length, signatures, `signatures: ${asked.join(", ")}`);
  assert.equal(asked.includes("eth_sendTransaction"), false, "the wallet sent no transaction of its own");
  assert.equal(await eth(investor), 0n, "the investor's ETH is still exactly 0");
}

/** The last transaction the relayer sent went to the platform's forwarder. */
async function lastRelayedTo(): Promise<Address | null> {
  const block = await platform.client.getBlock({ includeTransactions: true });
  const tx = block.transactions.find((t) => typeof t !== "string" && t.from.toLowerCase() === relayer.toLowerCase());
  return tx && typeof tx !== "string" && tx.to ? getAddress(tx.to) : null;
}

describe("20 gasless investing: a wallet with no ETH subscribes, claims units and claims rent", () => {
  it("20 the relayer pays every network fee; the page says so before signing and the tracker shows each step", async () => {
    const forwarder = platform.address("FreeholdForwarder");
    const me = await signedIn(browser, investorKey, `/properties/${property.id}/invest`);
    open.push(me);
    me.wallet.requests.splice(0);
    await me.page.getByRole("heading", { name: "Offering terms" }).waitFor(ON_CHAIN);

    // Before anything is signed: no ETH needed, and today's allowance (the backend's default 1,500,000 gas).
    const notice = me.page.getByTestId("gasless-notice");
    await notice.getByText("No ETH needed: Freehold pays the network fee.").waitFor(ON_CHAIN);
    await notice.getByText(/Today's allowance left: 1,500,000 of 1,500,000 gas/).waitFor();
    // A permit is the only way without ETH: the approve-then-subscribe choice (a transaction on the coin) is not offered.
    assert.equal(await me.page.getByRole("radio").count(), 0);
    await me.page.getByLabel("Number of units").fill("4");
    await me.page.getByTestId("quote").getByText("40.00 tUSD").waitFor();
    await screenshotsAtBothWidths(me.page, "gasless-01-invest");

    // Subscribe: one permit signature and one forward-request signature; the relayer sends subscribeWithPermit.
    await me.page.getByRole("button", { name: "Pay 40.00 tUSD" }).click();
    const tracker = me.page.locator('[data-tx-status="confirmed"]');
    await tracker.waitFor(ON_CHAIN);
    assert.match((await tracker.textContent()) ?? "", /Freehold sends it and pays the network fee/);
    await assertRelayed(me, 2);
    assert.equal(await lastRelayedTo(), forwarder, "the relayer called the forwarder");
    assert.equal(
      await platform.read<bigint>(launched.offering, abis.PropertyOffering, "subscribedUnitsOf", [investor]),
      4n,
    );
    assert.equal(await coins(investor), 60n * USD, "40 tUSD paid into escrow");

    // The manager finalizes the offering on their side; the investor claims the units, gasless.
    await platform.finalize(launched.offering);
    await me.page.reload();
    const claim = me.page.getByRole("button", { name: "Claim 4 units" });
    await claim.waitFor(ON_CHAIN);
    // The allowance the page shows went down by what the subscription spent.
    await me.page
      .getByRole("region", { name: "Claim your units" })
      .getByTestId("gasless-notice")
      .getByText(/Today's allowance left: (?!1,500,000 of)[\d,]+ of 1,500,000 gas/)
      .waitFor();
    await takeTxStatuses(me.page);
    await claim.click();
    await me.page.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
    await assertRelayed(me, 1);
    assert.equal(await units(investor), 4n, "the units are in the investor's wallet");

    // The manager deposits rent (100 tUSD, of which the 1 % management fee is kept); the investor claims it, gasless.
    await platform.depositRent(launched.token, 100n * USD, demoStatementHash("Rua do Ouro 88, first rent") as Hex);
    const owed = await platform.read<bigint>(platform.address("RentDistributor"), abis.RentDistributor, "claimableOf", [
      launched.token,
      investor,
    ]);
    assert.equal(owed, 99n * USD, "the whole net rent is the only holder's");
    await me.page.getByRole("link", { name: "Portfolio" }).click();
    const claimable = me.page.getByTestId("claimable-rent");
    await claimable.getByText("99.00 tUSD", { exact: true }).waitFor(ON_CHAIN);
    await me.page.getByTestId("gasless-notice").getByText("No ETH needed: Freehold pays the network fee.").waitFor();
    await screenshotsAtBothWidths(me.page, "gasless-02-portfolio-claim");
    await takeTxStatuses(me.page);
    await me.page.getByRole("button", { name: "Claim all rent" }).click();
    await me.page.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
    await assertRelayed(me, 1);
    await claimable.getByText("0.00 tUSD", { exact: true }).waitFor(ON_CHAIN);
    assert.equal(await coins(investor), 60n * USD + owed, "the rent reached the investor's wallet");
    assert.equal(await units(investor), 4n);
    assert.equal(await eth(investor), 0n, "after everything, the investor's ETH is exactly 0");
  });
});
