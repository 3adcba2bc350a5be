/**
 * Issue 20, private placements, in real Chromium with the production bundle: the property's manager invites a
 * verified investor from the managed property's page (the invitation signed in the manager's wallet, EIP-712, and
 * posted to the backend), the investor finds it under "Your invitations" on the portfolio, accepts it on the invest
 * page (price, platform fee and total shown before signing) and pays at the invitation's price, below the public one;
 * the units arrive after the manager finalizes, the escrow releases the proceeds with the 1 % primary fee, and the
 * manager sees the invitation redeemed with its redemption. A second invitation is revoked on chain from the manager's
 * page: the investor sees it revoked, without "Accept", and the offering refuses it. Another verified investor sees
 * neither invitation, not even through the accept link or the property's list.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { BaseError, ContractFunctionRevertedError, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { abis, erc20Abi, paymentTokenOf, type PaymentTokenRecord } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { ApiFailure, seedVerifiedProperty, type ApiSession, type SeededProperty } from "../harness/api";
import { launchBrowser, takeTxStatuses } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { screenshotsAtBothWidths, withPages } from "../harness/artefacts";
import { signedIn } from "../harness/flows";
import { verifyThroughBackend } from "../harness/kyc";
import { ownWallet, signInAdmin, signInApi, signInManager } from "../harness/people";
import { Platform, USD } from "../harness/platform";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
let browser: Browser;
let platform: Platform;
let pay: PaymentTokenRecord;
let manager: ApiSession;
let property: SeededProperty;
let launched: { token: Address; offering: Address };
let investorKey: Hex;
let outsiderKey: Hex;
let investor: Address;

interface InvitationView {
  hash: Hex;
  status: string;
  minUnits: string;
  maxUnits: string;
  pricePerUnit: string;
  expiry: string;
  salt: Hex;
  identity: Address;
  signature: Hex;
  redemption: { investor: string; units: string; paid: string; txHash: string } | null;
}

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  pay = paymentTokenOf(readDeployment(env.chainId, env.deploymentsDir)!);
  const admin = await signInAdmin();
  manager = await signInManager(admin);
  // Setup: two verified investors of the journey's own (the invited one, and an outsider), through the backend's KYC.
  investorKey = await ownWallet();
  outsiderKey = await ownWallet();
  investor = privateKeyToAccount(investorKey).address;
  for (const [key, givenNames, documentNumber] of [
    [investorKey, "Inês", "CC7788123"],
    [outsiderKey, "Duarte", "CC7788456"],
  ] as const)
    await verifyThroughBackend(
      admin,
      await signInApi(key),
      {
        givenNames,
        familyName: "Placement",
        country: 620,
        city: "Porto",
        line1: "Rua das Flores 12",
        postalCode: "4050-262",
        documentNumber,
      },
      platform,
    );
  await platform.fund(investor, 100n * USD);
  // Setup: a verified property launched by the manager: 3 units at 10 tUSD publicly, 1 to succeed.
  property = await seedVerifiedProperty(manager, admin, {
    name: "Travessa do Carmo 3",
    city: "Porto",
    country: "PT",
    type: "RESIDENTIAL",
  });
  launched = await platform.launch(property.id, {
    name: "Travessa do Carmo 3",
    symbol: "CARMO",
    pricePerUnit: 10n * USD,
    softCap: 1n,
    hardCap: 3n,
    minTicket: 1n,
    maxTicket: 3n,
  });
  // The backend syncs blocks in order: once it knows the launch, it knows the registrations before it too.
  const deadline = Date.now() + 60_000;
  while (
    !(await manager.request<{ chain: { offeringAddress?: string } | null }>("GET", `/properties/${property.id}`)).body
      .chain?.offeringAddress
  ) {
    assert.ok(Date.now() < deadline, "the backend synced the launch");
    await new Promise((r) => setTimeout(r, 300));
  }
});
after(async () => {
  await browser?.close();
});

const coins = (holder: Address) => platform.read<bigint>(pay.address, erc20Abi, "balanceOf", [holder]);
const units = (holder: Address) => platform.read<bigint>(launched.token, abis.PropertyToken, "balanceOf", [holder]);
const invitations = async () =>
  (await manager.request<{ items: InvitationView[] }>("GET", `/properties/${property.id}/invitations`)).body.items;

/** The revert the offering answers `investor`'s redemption of `invitation` with (its custom error's name). */
async function refusal(invitation: InvitationView, count: bigint): Promise<string | undefined> {
  try {
    await platform.client.simulateContract({
      account: investor,
      address: launched.offering,
      abi: abis.PropertyOffering,
      functionName: "subscribeWithInvitation",
      args: [
        {
          identity: invitation.identity,
          minUnits: BigInt(invitation.minUnits),
          maxUnits: BigInt(invitation.maxUnits),
          pricePerUnit: BigInt(invitation.pricePerUnit),
          expiry: Math.floor(Date.parse(invitation.expiry) / 1000),
          salt: invitation.salt,
        },
        count,
        invitation.signature,
      ],
    });
    return undefined;
  } catch (error) {
    const reverted =
      error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : String(error);
  }
}

describe("20 private placements: invite, accept and pay, revoke, and nobody else sees it", () => {
  it("20 the manager invites, the investor accepts at the invitation's price, a revoked invitation is refused", async () => {
    await withPages("placements", async (open) => {
      // The manager's page: Tokenization tab of the managed property, with "Invite an investor" once launched.
      const m = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}?tab=tokenization`);
      open.push(m);
      const panel = m.page.getByTestId("invite-panel");
      await panel.waitFor(ON_CHAIN);
      const form = panel.getByTestId("invite-form");
      // The price defaults to the offering's; the expiry to 14 days ahead.
      assert.equal(await form.getByLabel("Price per unit (tUSD)").inputValue(), "10.00");

      // Checked before signing: a range upside down and a broken checksum are refused, and the wallet is not asked.
      m.wallet.requests.splice(0);
      await form.getByLabel("Investor's wallet").fill(investor.replace(/[a-f]/, (c) => c.toUpperCase()));
      await form.getByLabel("Minimum units").fill("4");
      await form.getByLabel("Maximum units").fill("2");
      await form.getByRole("button", { name: "Sign and send the invitation" }).click();
      await form.getByText("The maximum must be at least the minimum.").waitFor();
      await form.getByText(/checksum .* does not match/).waitFor();
      assert.equal(m.wallet.requests.includes("eth_signTypedData_v4"), false, "nothing was signed");

      // The first invitation: 2 to 3 units at 8 tUSD (below the public 10).
      await form.getByLabel("Investor's wallet").fill(investor);
      await form.getByLabel("Minimum units").fill("2");
      await form.getByLabel("Maximum units").fill("3");
      await form.getByLabel("Price per unit (tUSD)").fill("8");
      await form.getByRole("button", { name: "Sign and send the invitation" }).click();
      await form.getByText(/Invitation signed and sent/).waitFor(ON_CHAIN);
      // The second: exactly 1 unit at the public price; it will be revoked.
      await form.getByLabel("Investor's wallet").fill(investor);
      await form.getByLabel("Minimum units").fill("1");
      await form.getByLabel("Maximum units").fill("1");
      await form.getByLabel("Price per unit (tUSD)").fill("10");
      await form.getByRole("button", { name: "Sign and send the invitation" }).click();
      await form.getByText(/Invitation signed and sent/).waitFor(ON_CHAIN);
      assert.equal(m.wallet.requests.filter((r) => r === "eth_signTypedData_v4").length, 2, "one signature each");
      assert.equal(m.wallet.requests.includes("eth_sendTransaction"), false, "inviting sends no transaction");
      const [second, first] = await invitations();
      assert.ok(first && second);
      assert.deepEqual(
        [first.minUnits, first.maxUnits, first.pricePerUnit, first.status],
        ["2", "3", `${8n * USD}`, "open"],
      );
      assert.equal(second.maxUnits, "1");
      // The digest the manager's wallet signed is the offering's own.
      const onChainHash = await platform.read<Hex>(launched.offering, abis.PropertyOffering, "invitationHash", [
        {
          identity: first.identity,
          minUnits: 2n,
          maxUnits: 3n,
          pricePerUnit: 8n * USD,
          expiry: Math.floor(Date.parse(first.expiry) / 1000),
          salt: first.salt,
        },
      ]);
      assert.equal(onChainHash.toLowerCase(), first.hash.toLowerCase());
      const rows = panel.getByTestId("invitations").locator("tbody tr");
      await rows.nth(1).getByText("Open").waitFor();
      assert.equal(await rows.count(), 2);
      await rows.nth(1).getByText("2–3 units").waitFor();
      await rows.nth(1).getByText("8.00 tUSD").waitFor();
      await screenshotsAtBothWidths(m.page, "placements-01-manager-invites");

      // The manager revokes the second on chain; the list follows the sync.
      const secondRow = panel.locator(`tr[data-invitation="${second.hash}"]`);
      await takeTxStatuses(m.page);
      await secondRow.getByRole("button", { name: "Revoke" }).click();
      await panel.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
      await secondRow.getByText("Revoked").waitFor(ON_CHAIN);
      assert.equal(await secondRow.getByRole("button", { name: "Revoke" }).count(), 0);
      assert.equal(
        await platform.read<number>(launched.offering, abis.PropertyOffering, "invitationStatus", [second.hash]),
        2,
        "revoked on chain",
      );

      // The investor: "Your invitations" on the portfolio, the revoked one shown as such, without "Accept".
      const inv = await signedIn(browser, investorKey, "/portfolio");
      open.push(inv);
      const mine = inv.page.getByTestId("my-invitations");
      await mine.waitFor(ON_CHAIN);
      const revokedRow = mine.locator(`tr[data-invitation="${second.hash}"]`);
      await revokedRow.getByText("Revoked").waitFor();
      assert.equal(await revokedRow.getByRole("link", { name: "Accept" }).count(), 0);
      const openRow = mine.locator(`tr[data-invitation="${first.hash}"]`);
      await openRow.getByText("Travessa do Carmo 3").waitFor();
      await openRow.getByText("Open").waitFor();
      await openRow.getByText("2–3 units").waitFor();
      await screenshotsAtBothWidths(inv.page, "placements-02-investor-portfolio");
      // The offering itself refuses the revoked invitation.
      assert.equal(await refusal(second, 1n), "OfferingInvitationRevoked");
      // And its accept link, typed by hand, offers nothing to sign.
      await inv.page.goto(`${env.appUrl}/properties/${property.id}/invest?invitation=${second.hash}`);
      await inv.page.getByText("This invitation is revoked").waitFor(ON_CHAIN);
      assert.equal(await inv.page.getByRole("button", { name: /^Pay/ }).count(), 0);

      // Accept the open one: price, fee and total before signing; out of range is refused on the page.
      await inv.page.goto(`${env.appUrl}/portfolio`);
      await openRow.getByRole("link", { name: "Accept" }).click();
      await inv.page.waitForURL(new RegExp(`/properties/${property.id}/invest\\?invitation=${first.hash}$`));
      const accept = inv.page.getByTestId("invitation-invest");
      await accept.waitFor(ON_CHAIN);
      const count = accept.getByLabel("Number of units");
      await count.fill("4");
      await accept.getByText("This invitation is for 2 units to 3 units.").waitFor();
      assert.equal(await accept.getByRole("button", { name: "Pay" }).isDisabled(), true);
      await count.fill("3");
      await accept.getByTestId("invitation-total").getByText("24.00 tUSD").waitFor();
      await accept.getByTestId("invitation-fee").getByText("0.00 tUSD added to your payment").waitFor();
      await accept
        .getByText(
          "No fee is added to your payment: the platform's primary fee of 1% is taken from the issuer's proceeds when they are released, and is fixed in this offering's terms.",
        )
        .waitFor();
      // Finding 3: the offering's own limits and the token's verdict are checked before paying, as for the public offering.
      await accept.getByTestId("eligibility").getByText("Within the offering's limits.").waitFor(ON_CHAIN);
      await accept.getByTestId("eligibility").getByText("You are eligible to hold these units.").waitFor();
      await screenshotsAtBothWidths(inv.page, "placements-03-accept");
      const before = { investor: await coins(investor), escrow: await coins(launched.offering) };
      await takeTxStatuses(inv.page);
      await accept.getByRole("button", { name: "Pay 24.00 tUSD" }).click();
      await accept.getByText("Paid: your units are reserved in the offering's escrow").waitFor(ON_CHAIN);
      assert.equal(await coins(investor), before.investor - 24n * USD, "24 tUSD left the investor's wallet");
      assert.equal(await coins(launched.offering), before.escrow + 24n * USD, "and reached the offering's escrow");
      assert.equal(
        await platform.read<bigint>(launched.offering, abis.PropertyOffering, "subscribedUnitsOf", [investor]),
        3n,
      );
      assert.equal(await refusal(first, 3n), "OfferingInvitationRedeemed", "an invitation is good once");

      // Review 2026-12, the portfolio: what the offering holds for the investor is what they paid at the invitation's
      // price (24 tUSD), not 3 units x the public 10 tUSD; one line of totals, in the offering's coin.
      await inv.page.goto(`${env.appUrl}/portfolio`);
      const portfolio = inv.page.getByTestId("portfolio");
      await portfolio.getByTestId("escrowed").getByText("24.00 tUSD", { exact: true }).waitFor(ON_CHAIN);
      await portfolio
        .getByTestId("holding-row")
        .filter({ hasText: property.name })
        .getByText("3 units subscribed, not yet claimed (24.00 tUSD in escrow)")
        .waitFor();
      assert.equal(await portfolio.getByTestId("portfolio-totals").count(), 1, "one coin, one line of totals");
      assert.doesNotMatch((await portfolio.textContent()) ?? "", /30\.00 tUSD/);
      await screenshotsAtBothWidths(inv.page, "placements-03b-portfolio-invited-escrow");

      // Review 2026-12 finding 2: the manager's proceeds are what was paid (24 tUSD at the invitation's price), not
      // 3 units x the public 10 tUSD. Finding 1: the rent deposit waits while units sold are not delivered.
      const controls = m.page.getByTestId("offering-controls");
      const proceeds = controls.getByTestId("offering-proceeds");
      await proceeds.getByText("24.00 tUSD", { exact: true }).waitFor(ON_CHAIN);
      assert.equal(
        (await proceeds.locator("dl").textContent()) ?? "",
        "Gross proceeds24.00 tUSDPlatform primary fee (1%)0.24 tUSDNet proceeds to the treasury23.76 tUSD",
      );
      const rent = controls.getByRole("region", { name: "Distribute rent" });
      const blocked = rent.getByTestId("deposit-blocked");
      await blocked
        .getByText(/3 units sold in the offering are not delivered yet.*Finalize the offering/)
        .waitFor(ON_CHAIN);

      // The offering is full: the manager finalizes, delivers the units from the rent panel (claimFor), and the
      // proceeds are released with the 1 % fee.
      await platform.finalize(launched.offering);
      const deliver = rent.getByRole("button", { name: "Deliver 3 units to 1 subscriber" });
      await deliver.waitFor(ON_CHAIN);
      await blocked.getByText(/Deliver them first/).waitFor();
      await screenshotsAtBothWidths(m.page, "placements-05-manager-deliver-units");
      await deliver.click();
      await rent.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
      assert.equal(await units(investor), 3n, "the 3 units are in the investor's wallet");
      await blocked.waitFor({ state: "detached", ...ON_CHAIN });
      await screenshotsAtBothWidths(m.page, "placements-06-manager-delivered");
      const [, collector] = await platform.read<[number, Address]>(
        platform.address("PlatformFees"),
        abis.PlatformFees,
        "feeOf",
        [0, launched.token],
      );
      const treasury = privateKeyToAccount(DEV_KEYS.manager).address;
      const atRelease = { collector: await coins(collector), treasury: await coins(treasury) };
      await platform.send(DEV_KEYS.manager, launched.offering, abis.PropertyOffering, "releaseProceeds", []);
      const fee = (24n * USD * 100n) / 10_000n;
      assert.equal(await coins(collector), atRelease.collector + fee, "the primary fee: 1 % of 24 tUSD");
      assert.equal(await coins(treasury), atRelease.treasury + 24n * USD - fee, "the rest to the treasury");

      // The manager sees it redeemed, with the wallet, units, amount and transaction.
      const redeemedRow = panel.locator(`tr[data-invitation="${first.hash}"]`);
      await redeemedRow.getByText("Redeemed").waitFor(ON_CHAIN);
      await redeemedRow
        .getByTestId("redemption")
        .getByText(/3 units for 24\.00 tUSD/)
        .waitFor();
      const [, redeemed] = await invitations();
      assert.equal(redeemed?.redemption?.paid, `${24n * USD}`);
      assert.equal(redeemed?.redemption?.investor.toLowerCase(), investor.toLowerCase());
      // A finalized offering sells no more: the list stays, the form is gone.
      await panel.getByText("The offering is no longer selling").waitFor(ON_CHAIN);
      assert.equal(await panel.getByTestId("invite-form").count(), 0);
      // Nothing invites any more: the panel is the placements' record, not "Invite an investor".
      await panel.getByRole("heading", { name: "Private placements", level: 3 }).waitFor();
      assert.equal(await panel.getByText("Invite an investor").count(), 0);
      await screenshotsAtBothWidths(m.page, "placements-04-manager-redeemed");

      // Finding 5: the property page says what a funded offering sold.
      await inv.page.goto(`${env.appUrl}/properties/${property.id}`);
      const investment = inv.page.locator('[data-status="FUNDED"]');
      await investment.waitFor(ON_CHAIN);
      await investment.getByText(/^This offering is funded: all 3 units sold\./).waitFor();
      assert.doesNotMatch((await investment.textContent()) ?? "", /fully funded/);
      await screenshotsAtBothWidths(inv.page, "placements-07-property-funded");
    });
  });

  it("20 another verified investor sees none of it: no section, no list, no invitation behind the link", async () => {
    const outsider = await signInApi(outsiderKey);
    assert.deepEqual((await outsider.request<{ items: unknown[] }>("GET", "/me/invitations")).body.items, []);
    await assert.rejects(
      outsider.request("GET", `/properties/${property.id}/invitations`),
      (e: unknown) => e instanceof ApiFailure && e.status === 403,
    );
    const [, first] = await invitations();
    await withPages("placements-outsider", async (open) => {
      const o = await signedIn(browser, outsiderKey, "/portfolio");
      open.push(o);
      await o.page.getByText("You do not hold any units yet").waitFor(ON_CHAIN);
      assert.equal(await o.page.getByTestId("my-invitations").count(), 0);
      await o.page.goto(`${env.appUrl}/properties/${property.id}/invest?invitation=${first!.hash}`);
      await o.page.getByText("No such invitation for you").waitFor(ON_CHAIN);
      assert.equal(await o.page.getByRole("button", { name: /^Pay/ }).count(), 0);
    });
  });
});
