/**
 * Issue 19 after audit 2026-12, in real Chromium with the production bundle: the exit takes an approved sale only on
 * the supply the holders voted on (`ExitSupplyChanged`) and until one voting period after the vote
 * (`ExitSaleExpired`). The manager's "Votes & exit" tab must say so instead of offering a deposit the exit refuses,
 * and tell the manager to propose the sale again.
 *
 * One holder holds the property's 4 units; the governor's votes last one day (the least the factory accepts), so the
 * chain's clock moves three days in all. The votes, the governor and the exit are set up through the harness as the
 * other screens would (exit.e2e.ts walks them in the browser); the manager's page is the one under test:
 * 1. sale #1 approved, then the holder redeems one unit of its own (ERC-1594 `redeem`): the supply is 3, not the 4
 *    voted on; the panel says so, offers no deposit, and the manager proposes the sale again from the page;
 * 2. sale #2 approved on 3 units: the deposit is offered with its deadline; the clock passes the deadline: the panel
 *    says the approval ran out, offers no deposit, and the propose form is there again.
 * Each time the exit itself is asked (a simulated deposit) and refuses with the error the panel anticipates.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator } from "playwright-core";
import { BaseError, ContractFunctionRevertedError, numberToHex, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { abis } from "@freehold/deployments";
import { rpc } from "@freehold/dev-kit/chain";
import { seedVerifiedProperty, type SeededProperty } from "../harness/api";
import { screenshotsAtBothWidths, withPages } from "../harness/artefacts";
import { launchBrowser } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signedIn } from "../harness/flows";
import { verifyThroughBackend } from "../harness/kyc";
import { signInAdmin, signInApi, signInManager } from "../harness/people";
import { Platform, USD } from "../harness/platform";
import { DEV_KEYS } from "../harness/wallet";
import { formatUnits } from "../../src/format/amounts";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
const DAY = 86_400;
const holderKey: Hex = generatePrivateKey();
const holder = privateKeyToAccount(holderKey).address;
const manager = privateKeyToAccount(DEV_KEYS.manager).address;
let browser: Browser;
let platform: Platform;
let property: SeededProperty;
let token: Address;
let governor: Address;
let exit: Address;

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  const admin = await signInAdmin();
  property = await seedVerifiedProperty(await signInManager(admin), admin, {
    name: "Casa do Largo 4",
    city: "Évora",
    country: "PT",
    type: "RESIDENTIAL",
  });
  const launched = await platform.launch(property.id, {
    name: "Casa do Largo 4",
    symbol: "CDL",
    pricePerUnit: 10n * USD,
    softCap: 2n,
    hardCap: 4n,
    minTicket: 1n,
    maxTicket: 4n,
  });
  token = launched.token;
  await rpc(env.rpcUrl, "anvil_setBalance", [holder, numberToHex(10n ** 18n)]);
  await verifyThroughBackend(
    admin,
    await signInApi(holderKey),
    {
      givenNames: "Beatriz",
      familyName: "Lopes",
      city: "Évora",
      line1: "Rua do Raimundo 12",
      postalCode: "7000-661",
      documentNumber: "CC9384756",
      country: 620,
    },
    platform,
  );
  await platform.fund(holder, 40n * USD);
  await platform.subscribe(holderKey, launched.offering, 4n, 10n * USD);
  await platform.finalize(launched.offering);
  await platform.claim(holderKey, launched.offering);
  governor = await platform.launchGovernor(token, {
    votingPeriod: DAY,
    quorumBps: 3_000,
    approvalBps: 6_000,
    proposerThreshold: 0n,
  });
  exit = await platform.launchExit(token);
});
after(async () => {
  await browser?.close();
});

const text = async (l: Locator) => ((await l.textContent()) ?? "").trim();
const supply = () => platform.read<bigint>(token, abis.PropertyToken, "totalSupply");

/** The custom error the exit answers to the manager's deposit of `amount` for `proposalId`, simulated. */
async function depositRefusal(proposalId: bigint, amount: bigint): Promise<string | undefined> {
  try {
    await platform.client.simulateContract({
      account: manager,
      address: exit,
      // The payment token's errors too: a deposit the exit accepts fails only at pulling the money.
      abi: [...abis.PropertyExit, ...abis.TestStablecoin.filter((item) => item.type === "error")],
      functionName: "depositProceeds",
      args: [proposalId, amount],
    });
    return undefined;
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : String(error);
  }
}

describe("19 the exit's window: the supply voted on and the deadline", () => {
  it("the panel offers no deposit the exit refuses and says to propose the sale again", async () => {
    await withPages("exit-window", async (open) => {
      // Sale #1: proposed on 4 units, approved by the holder's 4 votes.
      const documentHash = `0x${createHash("sha256").update(property.deed).digest("hex")}` as Hex;
      const first = await platform.proposeSale(governor, 40n * USD, documentHash);
      await platform.vote(holderKey, governor, first, "for");
      await platform.moveClockBy(DAY + 60);
      assert.equal(await platform.finalizeProposal(governor, first), true);

      const m = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}?tab=governance`);
      open.push(m);
      const panel = m.page.getByTestId("deposit-proceeds");
      const depositButton = panel.getByRole("button", { name: "Deposit the proceeds" });
      const form = m.page.getByTestId("propose-form");
      await m.page.getByText("Votes last 1 day;", { exact: false }).waitFor(ON_CHAIN);
      // Within the window and on the supply voted on, the deposit is offered with its deadline.
      await panel.getByTestId("sale-deadline").waitFor(ON_CHAIN);
      await depositButton.waitFor(ON_CHAIN);

      // The holder redeems one unit of its own: 3 units now, the sale was voted on 4.
      await platform.send(holderKey, token, abis.PropertyToken, "redeem", [1n, "0x"]);
      assert.equal(await supply(), 3n);
      const changed = panel.getByTestId("sale-supply-changed");
      await changed.waitFor(ON_CHAIN);
      const said = await text(changed);
      assert.match(said, new RegExp(`^Sale #1 was voted on ${formatUnits(4n)}; the token has ${formatUnits(3n)} now`));
      assert.match(said, /Propose the sale again/);
      assert.equal(await depositButton.count(), 0, "no deposit offered on another supply");
      assert.equal(await depositRefusal(first, 40n * USD), "ExitSupplyChanged");
      await form.waitFor(ON_CHAIN);
      await screenshotsAtBothWidths(m.page, "exit-window-supply-changed");

      // The manager proposes the sale again from the page: sale #2, on the 3 units of today.
      await form.getByLabel("Minimum price").fill("40");
      await form.getByLabel("Document").selectOption({ index: 1 });
      await form.getByRole("button", { name: "Open the vote" }).click();
      const managed = m.page.getByTestId("managed-proposal").first();
      await managed.getByTestId("proposal-status").getByText("Voting").waitFor(ON_CHAIN);
      // Sale #1 stays refused; the panel now follows the new vote instead of asking for it.
      await changed.getByText("The sale is put to the holders again (#2)", { exact: false }).waitFor(ON_CHAIN);
      assert.doesNotMatch(await text(changed), /Propose the sale again/);
      await screenshotsAtBothWidths(m.page, "exit-window-voting-again");
      const second = await platform.read<bigint>(governor, abis.PropertyGovernor, "latestProposalId");
      assert.equal(second, 2n);
      await platform.vote(holderKey, governor, second, "for");
      await platform.moveClockBy(DAY + 60);
      await managed.getByRole("button", { name: "Finalize" }).click();
      await managed.getByTestId("proposal-status").getByText("Approved").waitFor(ON_CHAIN);
      // The new approval is depositable, until one voting period after its vote.
      await panel.getByTestId("sale-deadline").waitFor(ON_CHAIN);
      await depositButton.waitFor(ON_CHAIN);
      // Within the window and on its supply, the exit goes as far as pulling the money (not approved here).
      assert.equal(await depositRefusal(second, 40n * USD), "ERC20InsufficientAllowance");

      // A voting period later the approval ran out: no deposit, the propose form again.
      await platform.moveClockBy(DAY);
      const expired = panel.getByTestId("sale-expired");
      await expired.waitFor(ON_CHAIN);
      assert.match(await text(expired), /^The holders' approval of sale #2 ran out on .+ Propose the sale again/);
      assert.equal(await depositButton.count(), 0, "no deposit offered past the deadline");
      assert.equal(await depositRefusal(second, 40n * USD), "ExitSaleExpired");
      await form.waitFor(ON_CHAIN);
      await screenshotsAtBothWidths(m.page, "exit-window-expired");
    });
  });
});
