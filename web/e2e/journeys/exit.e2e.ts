/**
 * Issue 19, holder votes and the exit, in real Chromium with the production bundle: the manager launches the
 * property's governor and proposes a sale; three holders with different weights vote (one changes its vote; one
 * holds no ETH and votes through the relayer, issue 20); the chain's clock moves past the end; the manager finalizes
 * (approved), launches the exit and deposits the proceeds (the exit fee shown before signing); two holders redeem,
 * the third later from its portfolio. Every amount on screen is compared with the chain's.
 *
 * The third holder, still without ETH, redeems through the relayer too. At the end the backend's view (its sync of
 * the exit: the property EXITED, `GET .../exit` and `GET .../proposals`) equals the chain's; the subgraph's equals
 * both in the agreement test (subgraph/test/scenario.test.ts), which runs the same steps.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator } from "playwright-core";
import { numberToHex, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { abis, erc20Abi, paymentTokenOf, type PaymentTokenRecord } from "@freehold/deployments";
import { readDeployment } from "@freehold/deployments/node";
import { rpc } from "@freehold/dev-kit/chain";
import { seedVerifiedProperty, type ApiSession, type SeededProperty } from "../harness/api";
import { screenshotsAtBothWidths, withPages } from "../harness/artefacts";
import { launchBrowser } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { signedIn } from "../harness/flows";
import { verifyThroughBackend, type Applicant } from "../harness/kyc";
import { signInAdmin, signInApi, signInManager } from "../harness/people";
import { Platform, USD } from "../harness/platform";
import { DEV_KEYS } from "../harness/wallet";
import { splitFee } from "../../src/contracts/fees";
import type { components } from "../../src/api/generated/openapi";
import { formatMoney, formatUnits } from "../../src/format/amounts";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
/** The journey's own holders (fresh keys: no other journey's wallet); the third holds no ETH when it votes. */
const firstKey: Hex = generatePrivateKey();
const secondKey: Hex = generatePrivateKey();
const thirdKey: Hex = generatePrivateKey();
const HOLDERS = [
  { key: firstKey, units: 5n },
  { key: secondKey, units: 3n },
  { key: thirdKey, units: 2n },
] as const;
const address = (key: Hex) => privateKeyToAccount(key).address;
let browser: Browser;
let platform: Platform;
let pay: PaymentTokenRecord;
let property: SeededProperty;
let managerApi: ApiSession;
let token: Address;
let coin: { symbol: string; decimals: number };

type Schemas = components["schemas"];

/** `read`'s first defined answer, asked every half second for up to a minute (the backend's sync follows the chain). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ON_CHAIN.timeout;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("the backend did not catch up within a minute");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const setEth = (wallet: Address, wei: bigint) => rpc(env.rpcUrl, "anvil_setBalance", [wallet, numberToHex(wei)]);

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  pay = paymentTokenOf(readDeployment(env.chainId, env.deploymentsDir)!);
  coin = { symbol: pay.symbol, decimals: pay.decimals };
  const admin = await signInAdmin();
  const manager = await signInManager(admin);
  managerApi = manager;
  property = await seedVerifiedProperty(manager, admin, {
    name: "Quinta do Lago 7",
    city: "Loulé",
    country: "PT",
    type: "RESIDENTIAL",
  });
  const launched = await platform.launch(property.id, {
    name: "Quinta do Lago 7",
    symbol: "QDL",
    pricePerUnit: 10n * USD,
    softCap: 2n,
    hardCap: 10n,
    minTicket: 1n,
    maxTicket: 10n,
  });
  token = launched.token;
  const applicants: Omit<Applicant, "country">[] = [
    {
      givenNames: "Inês",
      familyName: "Carvalho",
      city: "Faro",
      line1: "Rua de Santo António 3",
      postalCode: "8000-283",
      documentNumber: "CC9081726",
    },
    {
      givenNames: "Rui",
      familyName: "Matos",
      city: "Lagos",
      line1: "Rua 25 de Abril 40",
      postalCode: "8600-763",
      documentNumber: "CC9182736",
    },
    {
      givenNames: "Marta",
      familyName: "Sousa",
      city: "Tavira",
      line1: "Rua da Liberdade 9",
      postalCode: "8800-399",
      documentNumber: "CC9283746",
    },
  ];
  for (const h of HOLDERS) await setEth(address(h.key), 10n ** 18n);
  for (const [i, h] of HOLDERS.entries()) {
    await verifyThroughBackend(admin, await signInApi(h.key), { ...applicants[i]!, country: 620 }, platform);
    await platform.fund(address(h.key), h.units * 10n * USD);
    await platform.subscribe(h.key, launched.offering, h.units, 10n * USD);
  }
  await platform.finalize(launched.offering);
  for (const h of HOLDERS) await platform.claim(h.key, launched.offering);
  // The third holder keeps its units and no ETH: its vote goes through the relayer.
  await setEth(address(thirdKey), 0n);
});
after(async () => {
  await browser?.close();
});

const governorOf = () =>
  platform.read<Address>(platform.address("PropertyTokenFactory"), abis.PropertyTokenFactory, "governorOf", [token]);
const exitOf = () =>
  platform.read<Address>(platform.address("PropertyTokenFactory"), abis.PropertyTokenFactory, "exitOf", [token]);
const usd = (who: Address) => platform.read<bigint>(pay.address, erc20Abi, "balanceOf", [who]);
const text = async (l: Locator) => ((await l.textContent()) ?? "").trim();

async function tallyOnChain(): Promise<{ forVotes: bigint; againstVotes: bigint; abstainVotes: bigint }> {
  return platform.read(await governorOf(), abis.PropertyGovernor, "proposal", [1n]);
}

/**
 * The page's tally equals the governor's. The page re-reads the tally after a vote once the voter's own line is
 * shown (ProposalDetail: `onVoted`), so the test waits for that read instead of racing it (a fresh-clone run once
 * saw the old tally).
 */
async function assertTally(detail: Locator): Promise<void> {
  const chain = await tallyOnChain();
  const want = [chain.forVotes, chain.againstVotes, chain.abstainVotes].map((v) => formatUnits(v));
  const shown = () =>
    Promise.all(["votes-for", "votes-against", "votes-abstain"].map((id) => text(detail.getByTestId(id))));
  await eventually(async () => ((await shown()).join("|") === want.join("|") ? true : undefined)).catch(() => null);
  assert.deepEqual(await shown(), want);
}

describe("19 holder votes and the exit", () => {
  it("a sale proposed, voted, finalized, paid in and redeemed, amounts on screen as on chain", async () => {
    await withPages("exit", async (open) => {
      const managePath = `/manage/properties/${property.id}?tab=governance`;
      const m = await signedIn(browser, DEV_KEYS.manager, managePath);
      open.push(m);
      // The manager launches the governor with the default terms (7 days, 30 % quorum, 60 % approval).
      await m.page.getByTestId("launch-governor").waitFor(ON_CHAIN);
      await screenshotsAtBothWidths(m.page, "exit-launch-governor");
      await m.page.getByRole("button", { name: "Launch the governor" }).click();
      const form = m.page.getByTestId("propose-form");
      await form.waitFor(ON_CHAIN);
      assert.notEqual(await governorOf(), "0x0000000000000000000000000000000000000000");
      // A sale at 90 tUSD at least, naming the property's deed.
      await form.getByLabel("Minimum price").fill("90");
      await form.getByLabel("Document").selectOption({ index: 1 });
      await screenshotsAtBothWidths(m.page, "exit-propose");
      await form.getByRole("button", { name: "Open the vote" }).click();
      const managed = m.page.getByTestId("managed-proposal").first();
      await managed.getByTestId("proposal-status").getByText("Voting").waitFor(ON_CHAIN);

      // Each holder votes on the property page; the voting power shown is the token's.
      const votes: [Hex, string, string?][] = [
        [firstKey, "Vote for"],
        [secondKey, "Vote against", "Change to for"],
        [thirdKey, "Vote against"],
      ];
      for (const [key, first, change] of votes) {
        const h = await signedIn(browser, key, `/properties/${property.id}`);
        open.push(h);
        const detail = h.page.getByTestId("proposal-detail");
        await detail.waitFor(ON_CHAIN);
        const [, power] = await platform.read<[Address, bigint]>(token, abis.PropertyToken, "votingPowerOf", [
          address(key),
        ]);
        assert.equal(await text(detail.getByTestId("voting-power")), formatUnits(power));
        if (key === thirdKey) await detail.getByTestId("gasless-notice").waitFor(ON_CHAIN);
        await detail.getByRole("button", { name: first }).click();
        await detail.getByTestId("my-vote").waitFor(ON_CHAIN);
        if (change) {
          await detail.getByRole("button", { name: change }).click();
          await detail.getByTestId("my-vote").getByText("for").waitFor(ON_CHAIN);
        }
        await assertTally(detail);
        if (key === thirdKey) {
          await screenshotsAtBothWidths(h.page, "exit-vote");
          assert.equal(await platform.client.getBalance({ address: address(key) }), 0n, "voted without ETH");
        }
      }
      const tally = await tallyOnChain();
      assert.deepEqual([tally.forVotes, tally.againstVotes, tally.abstainVotes], [8n, 2n, 0n]);

      // Seven days pass on the chain; the manager finalizes the approved sale.
      await rpc(env.rpcUrl, "evm_increaseTime", [7 * 86_400 + 60]);
      await rpc(env.rpcUrl, "evm_mine", []);
      await m.page.reload();
      await managed.getByRole("button", { name: "Finalize" }).waitFor(ON_CHAIN);
      await screenshotsAtBothWidths(m.page, "exit-finalize");
      await managed.getByRole("button", { name: "Finalize" }).click();
      await managed.getByTestId("proposal-status").getByText("Approved").waitFor(ON_CHAIN);

      // The exit: launched, then 90 tUSD deposited, the fee shown before signing is the fee schedule's.
      await m.page.getByRole("button", { name: "Launch the exit" }).click();
      const deposit = m.page.getByTestId("deposit-proceeds");
      await deposit.waitFor(ON_CHAIN);
      const [bps] = await platform.read<[number, Address]>(
        platform.address("PlatformFees"),
        abis.PlatformFees,
        "feeOf",
        [3, token],
      );
      // The exit takes the sale until one voting period after its vote (7 days here): the manager is told by when.
      assert.match(await text(deposit.getByTestId("sale-deadline")), /\d/);
      const split = splitFee(90n * USD, bps);
      const fees = await text(m.page.getByTestId("exit-fees"));
      assert.match(fees, new RegExp(formatMoney(split.fee, coin).replace(".", "\\.")));
      assert.match(fees, new RegExp(formatMoney(split.net, coin).replace(".", "\\.")));
      await screenshotsAtBothWidths(m.page, "exit-deposit");
      await platform.fund(address(DEV_KEYS.manager), 90n * USD);
      await deposit.getByRole("button", { name: "Deposit the proceeds" }).click();
      await m.page.getByTestId("redemptions").waitFor(ON_CHAIN);
      const exit = await exitOf();
      const [, proceeds, supplyAtClose] = await platform.read<[bigint, bigint, bigint, bigint]>(
        exit,
        abis.PropertyExit,
        "closing",
      );
      assert.equal(proceeds, split.net);
      assert.equal(supplyAtClose, 10n);

      // Two holders redeem from the property page: the amount shown before signing is the exit's payoutOf.
      for (const h of HOLDERS.slice(0, 2)) {
        const p = await signedIn(browser, h.key, `/properties/${property.id}`);
        open.push(p);
        const panel = p.page.getByTestId("redeem");
        await panel.getByTestId("redeem-amount").waitFor(ON_CHAIN);
        const owed = await platform.read<bigint>(exit, abis.PropertyExit, "payoutOf", [address(h.key)]);
        assert.equal(owed, (h.units * proceeds) / supplyAtClose);
        assert.equal(await text(panel.getByTestId("redeem-amount")), formatMoney(owed, coin));
        await p.page.getByTestId("sold-badge").waitFor(ON_CHAIN);
        if (h.key === firstKey) await screenshotsAtBothWidths(p.page, "exit-redeem");
        const before = await usd(address(h.key));
        await panel.getByRole("button", { name: /^Redeem for/ }).click();
        await panel.getByTestId("redeemed").waitFor(ON_CHAIN);
        assert.equal((await usd(address(h.key))) - before, owed);
      }

      // The manager follows the redemptions.
      await m.page.getByTestId("units-redeemed").getByText("8 units").waitFor(ON_CHAIN);
      const [, , , paidOut] = await platform.read<[bigint, bigint, bigint, bigint]>(exit, abis.PropertyExit, "closing");
      assert.equal(await text(m.page.getByTestId("units-left")), formatUnits(2n));
      assert.equal(await text(m.page.getByTestId("paid-out")), formatMoney(paidOut, coin));
      assert.equal(await text(m.page.getByTestId("owed")), formatMoney(proceeds - paidOut, coin));
      await screenshotsAtBothWidths(m.page, "exit-redemptions");

      // The third holder redeems later, from its portfolio, still without ETH: through the relayer.
      const t = await signedIn(browser, thirdKey, "/portfolio");
      open.push(t);
      const panel = t.page.getByTestId("redeem");
      await panel.getByTestId("redeem-amount").waitFor(ON_CHAIN);
      await panel.getByTestId("gasless-notice").waitFor(ON_CHAIN);
      const owed = await platform.read<bigint>(exit, abis.PropertyExit, "payoutOf", [address(thirdKey)]);
      assert.equal(await text(panel.getByTestId("redeem-amount")), formatMoney(owed, coin));
      // The performance row (the backend's positions) says what is still to redeem.
      await t.page
        .getByTestId("position-sale")
        // "Sold: each unit redeems for 1.20 tUSD; 18.00 tUSD to redeem" (what a unit and the position are worth).
        .getByText(new RegExp(`^Sold: each unit redeems for .*; ${escapeRegExp(formatMoney(owed, coin))} to redeem$`))
        .waitFor(ON_CHAIN);
      await screenshotsAtBothWidths(t.page, "exit-portfolio-redeem");
      const before = await usd(address(thirdKey));
      await panel.getByRole("button", { name: /^Redeem for/ }).click();
      // The redeemed holding leaves the portfolio (no units left): its panel goes with it.
      await panel.waitFor({ state: "detached", ...ON_CHAIN });
      assert.equal((await usd(address(thirdKey))) - before, owed);
      // Its history names the redemption and its payout (not "units sent").
      await t.page
        .getByRole("row")
        .filter({ hasText: "Redeemed (property sold)" })
        .getByText(`${formatUnits(2n)} · ${formatMoney(owed, coin)}`)
        .waitFor(ON_CHAIN);
      const [, , , allPaid] = await platform.read<[bigint, bigint, bigint, bigint]>(exit, abis.PropertyExit, "closing");
      assert.ok(allPaid <= proceeds && proceeds - allPaid < 3n, "everything paid but less than a unit per holder");
      assert.equal(await platform.client.getBalance({ address: address(thirdKey) }), 0n, "the third holder's ETH is 0");

      // The backend's view equals the chain's once its sync caught up: the property is EXITED, the exit's figures
      // and every redemption are the chain's, and the sale proposal is approved with the governor's tally.
      const backendExit = await eventually(async () => {
        const { body } = await managerApi.request<Schemas["PropertyExit"]>(
          "GET",
          `/chain/properties/${property.id}/exit`,
        );
        return body.exit?.redemptions.length === 3 ? body.exit : undefined;
      });
      assert.equal(backendExit.address.toLowerCase(), exit.toLowerCase());
      assert.deepEqual(
        [backendExit.sale?.proceeds, backendExit.sale?.supplyAtClose, backendExit.paidOut, backendExit.unitsRedeemed],
        [String(proceeds), String(supplyAtClose), String(allPaid), "10"],
      );
      const chainRedemptions = HOLDERS.map(
        (h) => `${address(h.key).toLowerCase()}:${h.units}:${(h.units * proceeds) / supplyAtClose}`,
      );
      assert.deepEqual(
        backendExit.redemptions.map((r) => `${r.holder.toLowerCase()}:${r.units}:${r.payout}`).sort(),
        chainRedemptions.sort(),
      );
      const { body: status } = await managerApi.request<Schemas["Property"]>("GET", `/properties/${property.id}`);
      assert.equal(status.status, "EXITED");
      const { body: backendVotes } = await managerApi.request<Schemas["Proposals"]>(
        "GET",
        `/chain/properties/${property.id}/proposals`,
      );
      const chainTally = await tallyOnChain();
      const sale = backendVotes.proposals.find((v) => v.id === "1")!;
      assert.deepEqual(
        [sale.votes.for, sale.votes.against, sale.votes.abstain, sale.status],
        [String(chainTally.forVotes), String(chainTally.againstVotes), String(chainTally.abstainVotes), "approved"],
      );
    });
  });
});

/** `text` matched literally inside a RegExp. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
