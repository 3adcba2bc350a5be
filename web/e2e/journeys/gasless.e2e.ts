/**
 * Issue 20, gasless investing, in real Chromium with the production bundle: a new investor whose wallet holds ZERO
 * ETH (a fresh key; the stablecoin issuer gives it test USD, its identity is verified through the backend's KYC flow)
 * subscribes on an open offering with one permit and one forward-request signature, claims the units after the
 * manager finalized, and claims the rent the manager deposited, each time through the backend's relayer (`POST
 * /relay`), which pays the network fee. The page says so before anything is signed, with the day's allowance left;
 * the tracker shows each action's steps; the chain has the units and the money; the wallet's ETH is still exactly 0
 * and the wallet never sent a transaction of its own.
 *
 * Then the market, still without ETH: the investor posts a sell order (one forward-request signature: the token
 * holds the units for the settlement, no approval), cancels it, posts again, and a second zero-ETH investor fills it
 * with one permit signature and one forward-request signature (`fillWithPermit`). Before that, the relayer's
 * refusals (429: allowance spent; 422: would revert) are shown in words and write nothing.
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
import { dismissClosedOrder, launchBrowser, takeTxStatuses } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signedIn, type WalletPage } from "../harness/flows";
import { verifyThroughBackend, type Applicant } from "../harness/kyc";
import { signInAdmin, signInApi, signInManager } from "../harness/people";
import { Platform, USD } from "../harness/platform";
import { RELAYER_KEY } from "../harness/wallet";
import { TYPICAL_GAS } from "../../src/gasless/decision";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
/** The journey's own investor: a fresh key that is never given ETH. */
const investorKey: Hex = generatePrivateKey();
const investor = privateKeyToAccount(investorKey).address;
/** The market's buyer: another fresh key, verified and funded, never given ETH. */
const buyerKey: Hex = generatePrivateKey();
const buyer = privateKeyToAccount(buyerKey).address;
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
  // Setup: the investor and the market's buyer are verified through the backend (KYC, an officer's approval, the
  // agent's whitelist write: nothing their wallets pay for) and hold test USD, but no ETH at all.
  const zeroEthInvestor = async (key: Hex, applicant: Omit<Applicant, "country">, usd: bigint) => {
    await verifyThroughBackend(admin, await signInApi(key), { ...applicant, country: 620 }, platform);
    const wallet = privateKeyToAccount(key).address;
    await platform.fund(wallet, usd * USD);
    assert.equal(await eth(wallet), 0n, `${applicant.givenNames} starts with no ETH`);
  };
  await zeroEthInvestor(
    investorKey,
    {
      givenNames: "Beatriz",
      familyName: "Moura",
      city: "Coimbra",
      line1: "Rua Ferreira Borges 5",
      postalCode: "3000-180",
      documentNumber: "CC5566123",
    },
    100n,
  );
  await zeroEthInvestor(
    buyerKey,
    {
      givenNames: "Tiago",
      familyName: "Lourenço",
      city: "Braga",
      line1: "Avenida da Liberdade 140",
      postalCode: "4710-251",
      documentNumber: "CC7788234",
    },
    50n,
  );
});
after(async () => {
  for (const t of open) await t.context.close();
  await browser?.close();
});

const eth = (wallet: Address) => platform.client.getBalance({ address: wallet });
const coins = (holder: Address) => platform.read<bigint>(pay.address, erc20Abi, "balanceOf", [holder]);
const units = (holder: Address) => platform.read<bigint>(launched.token, abis.PropertyToken, "balanceOf", [holder]);

/** The tracker went through signing, relaying and confirmation, once, and the wallet signed but sent nothing. */
async function assertRelayed(me: WalletPage, signatures: number, wallet: Address = investor): Promise<void> {
  assert.deepEqual(await takeTxStatuses(me.page), ["awaitingWallet", "pending", "confirmed"], "the tracker's steps");
  const asked = me.wallet.requests.splice(0);
  assert.equal(asked.filter((m) => m === "eth_signTypedData_v4").length, signatures, `signatures: ${asked.join(", ")}`);
  assert.equal(asked.includes("eth_sendTransaction"), false, "the wallet sent no transaction of its own");
  assert.equal(await eth(wallet), 0n, "the wallet's ETH is still exactly 0");
}

/** The last transaction the relayer sent (in the latest block): where it went and the gas it used. */
async function lastRelayed(): Promise<{ to: Address | null; gasUsed: bigint } | null> {
  const block = await platform.client.getBlock({ includeTransactions: true });
  const tx = block.transactions.find((t) => typeof t !== "string" && t.from.toLowerCase() === relayer.toLowerCase());
  if (!tx || typeof tx === "string") return null;
  const receipt = await platform.client.getTransactionReceipt({ hash: tx.hash });
  return { to: tx.to ? getAddress(tx.to) : null, gasUsed: receipt.gasUsed };
}

/** The last transaction the relayer sent went to the platform's forwarder. */
async function lastRelayedTo(): Promise<Address | null> {
  return (await lastRelayed())?.to ?? null;
}

/** The relayer sent the last action through the forwarder, within the gas the page plans with for it. */
async function assertRelayedWithin(gas: bigint, action: string): Promise<void> {
  const sent = await lastRelayed();
  assert.equal(sent?.to, platform.address("FreeholdForwarder"), `${action}: the relayer called the forwarder`);
  assert.ok(sent.gasUsed < gas, `${action} used ${sent.gasUsed} gas, TYPICAL_GAS plans ${gas}`);
  console.log(`# gas ${action} (relayed): ${sent.gasUsed}`);
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

describe("20 gasless market: wallets with no ETH post, cancel and fill orders", () => {
  it("20 the relayer sends postOrder, cancel and fillWithPermit; its refusals are explained and write nothing", async () => {
    const settlement = platform.address("Settlement");
    const nextOrderId = () => platform.read<bigint>(settlement, abis.Settlement, "nextOrderId");
    type OnChainOrder = { seller: Address; unitsRemaining: bigint; partition: Hex };
    const orderOf = (id: bigint) => platform.read<OnChainOrder>(settlement, abis.Settlement, "orderOf", [id]);
    const held = (partition: Hex) =>
      platform.read<bigint>(launched.token, abis.PropertyToken, "heldBalanceOfByPartition", [investor, partition]);
    // The first journey left the investor with the offering's 4 units.
    assert.equal(await units(investor), 4n);

    const seller = await signedIn(browser, investorKey, "/market");
    open.push(seller);
    const page = seller.page;
    await page
      .getByTestId("gasless-notice")
      .getByText("No ETH needed: Freehold pays the network fee.")
      .waitFor(ON_CHAIN);
    await page
      .getByTestId("gasless-notice")
      .getByText(/Today's allowance left: [\d,]+ of 1,500,000 gas, about \d+ more actions? like this one\./)
      .waitFor();
    const sell = page.getByRole("region", { name: "Sell units" });
    await sell.getByLabel("Holding").selectOption({ label: "Rua do Ouro 88 (OURO): 4 units" });
    await sell.getByLabel("Units to sell").fill("3");
    await sell.getByLabel("Price per unit").fill("12");
    await screenshotsAtBothWidths(page, "gasless-03-market-sell");
    const post = sell.getByRole("button", { name: "Post sell order for 36.00 tUSD" });

    // Refusals: the relayer's answer replaced by its 429 (allowance spent) and then its 422 (would revert). The page
    // says what happened in words; no order exists, no unit is held, nothing was spent.
    const before = await nextOrderId();
    const refusals: { status: number; headers: Record<string, string>; body: object; says: RegExp }[] = [
      {
        status: 429,
        headers: { "Retry-After": "7200" },
        body: { type: "about:blank", title: "Too Many Requests", status: 429, detail: "daily gas budget used" },
        says: /Freehold cannot pay more network fees for you right now\..*Try again in 2 hours/s,
      },
      {
        status: 422,
        headers: {},
        body: {
          type: "about:blank",
          title: "Unprocessable Content",
          status: 422,
          rule: "relay-would-revert",
          detail: "the call would revert",
        },
        says: /The transaction would be refused by the contract\..*Nothing was sent and nothing was charged\./s,
      },
    ];
    for (const refusal of refusals) {
      await page.route("**/api/v1/relay", (route) =>
        route.request().method() === "POST"
          ? route.fulfill({
              status: refusal.status,
              headers: { "Content-Type": "application/problem+json", ...refusal.headers },
              body: JSON.stringify(refusal.body),
            })
          : route.continue(),
      );
      await takeTxStatuses(page);
      await post.click();
      const failed = sell.locator('[data-tx-status="failed"]');
      await failed.waitFor(ON_CHAIN);
      assert.match((await failed.textContent()) ?? "", refusal.says);
      if (refusal.status === 429) await screenshotsAtBothWidths(page, "gasless-04-market-refused");
      await sell.getByRole("button", { name: "Dismiss" }).click();
      await page.unroute("**/api/v1/relay");
      assert.equal(await nextOrderId(), before, `after the ${refusal.status}, no order was posted`);
      assert.equal(await units(investor), 4n);
      assert.equal(seller.wallet.requests.includes("eth_sendTransaction"), false);
      seller.wallet.requests.splice(0);
    }

    // Post for real: one forward-request signature, no approval of any kind.
    await takeTxStatuses(page);
    await post.click();
    await sell.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
    assert.match((await sell.locator('[data-tx-status="confirmed"]').textContent()) ?? "", /pays the network fee/);
    await assertRelayed(seller, 1);
    await assertRelayedWithin(TYPICAL_GAS.postOrder, "postOrder");
    const first = await orderOf(before);
    assert.equal(getAddress(first.seller), investor, "the order is the investor's, not the relayer's or forwarder's");
    assert.equal(first.unitsRemaining, 3n);
    assert.equal(await held(first.partition), 3n, "3 units are held for the order");

    // Cancel it: the held units are free again.
    const row = page.getByTestId("order").filter({ hasText: "3 units of OURO" });
    await row.getByRole("button", { name: "Cancel order" }).click();
    // Once confirmed, the page says so at the top; the cancelled order's row keeps its tracker until dismissed.
    await page.getByTestId("market-done").getByText(`Order ${before} is cancelled`).waitFor(ON_CHAIN);
    await assertRelayed(seller, 1);
    await assertRelayedWithin(TYPICAL_GAS.cancelOrder, "cancel");
    assert.equal((await orderOf(before)).unitsRemaining, 0n, "the order is gone");
    assert.equal(await held(first.partition), 0n, "no unit is held any more");
    await dismissClosedOrder(row);

    // Post 2 units at 12 tUSD for the buyer.
    await sell.getByRole("button", { name: "Dismiss" }).click();
    await sell.getByLabel("Units to sell").fill("2");
    await sell.getByLabel("Price per unit").fill("12");
    await sell.getByRole("button", { name: "Post sell order for 24.00 tUSD" }).click();
    await sell.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
    await assertRelayed(seller, 1);
    const second = before + 1n;
    assert.equal((await orderOf(second)).unitsRemaining, 2n);

    // The buyer, also without ETH and without any allowance, fills it: one permit and one forward request.
    const [bps, collector] = await platform.read<readonly [number, Address]>(
      platform.address("PlatformFees"),
      abis.PlatformFees,
      "feeOf",
      [2, launched.token],
    );
    const [sellerCoins, collectorCoins] = [await coins(investor), await coins(collector)];
    const b = await signedIn(browser, buyerKey, "/market");
    open.push(b);
    const order = b.page.getByTestId("order").filter({ hasText: "2 units of OURO" });
    await order.getByLabel("Units to buy").fill("2");
    await b.page.getByTestId("gasless-notice").getByText("No ETH needed: Freehold pays the network fee.").waitFor();
    await order
      .getByTestId("buy-fees")
      .getByText(/^You pay 24\.00 tUSD/)
      .waitFor(ON_CHAIN);
    await screenshotsAtBothWidths(b.page, "gasless-05-market-buy");
    b.wallet.requests.splice(0);
    await takeTxStatuses(b.page);
    await order.getByRole("button", { name: "Buy" }).click();
    await b.page.getByTestId("market-done").getByText("You bought 2 units of OURO for 24.00 tUSD.").waitFor(ON_CHAIN);
    await assertRelayed(b, 2, buyer);
    await assertRelayedWithin(TYPICAL_GAS.fillOrder, "fillWithPermit");
    const cost = 24n * USD;
    const fee = (cost * BigInt(bps)) / 10_000n;
    assert.equal((await orderOf(second)).unitsRemaining, 0n, "the order is filled");
    assert.equal(await units(buyer), 2n, "the buyer holds the 2 units");
    assert.equal(await units(investor), 2n, "the seller kept the other 2");
    assert.equal(await coins(buyer), 50n * USD - cost, "the buyer paid the price, nothing more");
    assert.equal(await coins(investor), sellerCoins + cost - fee, "the seller received the price less the trade fee");
    assert.equal(await coins(collector), collectorCoins + fee, "the trade fee reached its collector");
    assert.equal(await eth(investor), 0n, "the seller's ETH is exactly 0");
    assert.equal(await eth(buyer), 0n, "the buyer's ETH is exactly 0");
    // The fill took the order's last units: once the book's refetch (every 4 s) drops it, the buyer's row stays
    // with its confirmation (closed for buying) until dismissed. Before, the row vanished with its tracker, at times
    // before the confirmation showed.
    await order.getByTestId("order-closed").waitFor(ON_CHAIN);
    await screenshotsAtBothWidths(b.page, "gasless-06-market-order-kept");
    await dismissClosedOrder(order);
  });
});
