/**
 * 13.7, the production stablecoin, in real Chromium: the manager launches from the launch panel in the stablecoin the
 * deployment record names (never a contract looked up by name), priced in its decimals; an investor pays in it, with
 * one signed permit when the record says the coin has one, with approve + subscribe when it has none.
 *
 * `npm run test:e2e -w web` runs it with the deploy's own TestStablecoin (permit). With
 * `E2E_STABLECOIN=no-permit npx tsx scripts/e2e.ts e2e/journeys/stablecoin.e2e.ts` (from web/) a stablecoin issuer
 * first deploys a 6-decimal coin without permit (USDT-like), and the platform is deployed with `--payment-token`, as on
 * a public network (see e2e/harness/deploy.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { createWalletClient, getAddress, http, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { abis, erc20Abi, paymentTokenOf, type PaymentTokenRecord } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { seedVerifiedProperty, type SeededProperty } from "../harness/api";
import { withPages } from "../harness/artefacts";
import { launchBrowser, screenshot, takeTxStatuses } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signInAdmin, signInApi, signInManager } from "../harness/people";
import { assertFirstStepShownBeforeSecond, signedIn } from "../harness/flows";
import { verifyThroughBackend } from "../harness/kyc";
import { Platform } from "../harness/platform";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
/** A new investor for this journey only (other journeys keep their wallets' history). */
const investorKey: Hex = generatePrivateKey();
const investor = privateKeyToAccount(investorKey).address;
let browser: Browser;
let platform: Platform;
let pay: PaymentTokenRecord;
let property: SeededProperty;

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  pay = paymentTokenOf(readDeployment(env.chainId, env.deploymentsDir)!);
  const admin = await signInAdmin();
  const manager = await signInManager(admin);
  property = await seedVerifiedProperty(manager, admin, {
    name: "Rua Augusta 120",
    city: "Lisbon",
    country: "PT",
    type: "RESIDENTIAL",
  });
  // Setup: the investor gets gas from the deployer, is verified through the backend, and holds 1,000 coins.
  const deployer = createWalletClient({ account: privateKeyToAccount(DEV_KEYS.deployer), transport: http(env.rpcUrl) });
  await platform.client.waitForTransactionReceipt({
    hash: await deployer.sendTransaction({ to: investor, value: 10n ** 18n, chain: null }),
  });
  const session = await signInApi(investorKey);
  await verifyThroughBackend(
    admin,
    session,
    {
      givenNames: "Inês",
      familyName: "Carvalho",
      country: 620,
      city: "Porto",
      line1: "Rua das Flores 22",
      postalCode: "4050-262",
      documentNumber: "CC7788990",
    },
    platform,
  );
  await platform.fund(investor, 1_000n * 10n ** BigInt(pay.decimals));
});
after(async () => {
  await browser?.close();
});

const balance = (holder: Address) => platform.read<bigint>(pay.address, erc20Abi, "balanceOf", [holder]);

describe("13.7 the recorded stablecoin, launch to subscription", () => {
  it(`13.7 the manager launches in the recorded stablecoin and an investor pays in it (permit when it has one, approve otherwise)`, async () => {
    await withPages("stablecoin", async (open) => {
      const coin = 10n ** BigInt(pay.decimals);

      // The launch panel offers the recorded stablecoin, priced in its symbol and decimals.
      const manager = await signedIn(browser, DEV_KEYS.manager, "/");
      open.push(manager);
      await manager.page.getByRole("link", { name: "Manage" }).click();
      await manager.page
        .getByRole("region", { name: "Your properties" })
        .getByRole("link", { name: property.name })
        .click();
      // The manager's console opens on its overview; the launch form is on the Tokenization tab.
      await manager.page.getByRole("tab", { name: "Tokenization" }).click();
      const tokenization = manager.page.getByRole("region", { name: "Tokenization" });
      // The form appears once the chain has answered that nothing was launched yet: an on-chain wait.
      await tokenization.getByLabel(`Price per unit (${pay.symbol})`).waitFor(ON_CHAIN);
      await tokenization.getByLabel(`Price per unit (${pay.symbol})`).fill("12.5");
      await tokenization.getByLabel("Token symbol").fill("RA120");
      await tokenization.getByLabel("Units for sale").fill("40");
      await tokenization.getByLabel("Minimum to succeed (%)").fill("10");
      await tokenization.getByRole("button", { name: "Launch tokenization" }).click();
      const controls = tokenization.getByTestId("offering-controls");
      await controls.getByText("Open", { exact: true }).waitFor(ON_CHAIN);
      // Addresses are shown through the one Address component, which carries the full value (issue 15).
      const offering = getAddress((await controls.locator("[data-address]").nth(1).getAttribute("data-address")) ?? "");
      const terms = await platform.read<{ paymentToken: Address; pricePerUnit: bigint }>(
        offering,
        abis.PropertyOffering,
        "terms",
      );
      assert.equal(
        getAddress(terms.paymentToken),
        getAddress(pay.address),
        "the offering is paid in the recorded stablecoin",
      );
      assert.equal(terms.pricePerUnit, (125n * coin) / 10n, "12.5 coins in the coin's own decimals");
      await screenshot(manager.page, `stablecoin-${pay.symbol}-launched`);

      // The investor pays for 4 units: 50.00 in the recorded coin.
      const me = await signedIn(browser, investorKey, `/properties/${property.id}/invest`);
      open.push(me);
      await me.page.getByRole("heading", { name: "Offering terms" }).waitFor(ON_CHAIN);
      await me.page.getByLabel("Number of units").fill("4");
      await me.page.getByTestId("quote").getByText(`4 units for 50.00 ${pay.symbol}`).waitFor();
      const before = await balance(investor);
      await takeTxStatuses(me.page);
      if (pay.permit) {
        assert.equal(
          await me.page.getByLabel(/Sign a permit/).isChecked(),
          true,
          "permit is the default where the coin has one",
        );
      } else {
        await me.page
          .getByTestId("pay-method")
          .getByText(`${pay.symbol} has no signed permit: you approve the amount for this offering, then subscribe`)
          .waitFor();
        assert.equal(
          await me.page.getByLabel(/Sign a permit/).count(),
          0,
          "no permit is offered for a coin without one",
        );
      }
      await me.page.getByRole("button", { name: `Pay 50.00 ${pay.symbol}` }).click();
      await me.page.getByText("You subscribed 4 units").waitFor(ON_CHAIN);
      const statuses = await takeTxStatuses(me.page);
      const sent = me.wallet.requests.filter((r) => r === "eth_sendTransaction").length;
      const signed = me.wallet.requests.filter((r) => r === "eth_signTypedData_v4").length;
      // SIWE signs with personal_sign; the payment is one permit + one transaction, or approve + subscribe.
      assert.deepEqual(
        { sent, signed },
        pay.permit ? { sent: 1, signed: 1 } : { sent: 2, signed: 0 },
        `tracker: ${statuses.join(" > ")}`,
      );
      if (!pay.permit)
        assertFirstStepShownBeforeSecond(
          me.wallet,
          new RegExp(`Step 1 of 2 confirmed: Approve 50\\.00 ${pay.symbol} for this offering`),
        );
      assert.equal(await platform.read<bigint>(offering, abis.PropertyOffering, "unitsSold"), 4n);
      assert.equal(before - (await balance(investor)), 50n * coin);
      await me.page.getByText(`${pay.symbol} per unit`).first().waitFor();
      await screenshot(me.page, `stablecoin-${pay.symbol}-subscribed`);
      assert.deepEqual(me.errors, []);
      assert.deepEqual(manager.errors, []);
    });
  });
});
