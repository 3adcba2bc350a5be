/**
 * Issue 16 "Done when", in real Chromium against the real backend (chain sync, email worker), a local chain and the
 * local SMTP sink: one month from the manager's books to the investor's statement.
 *
 *   The manager drafts last month in the Financials tab (its rent line taken from the lease payment recorded),
 *   records parking income, maintenance and insurance, sets a reserve, reads the totals and closes the month: its
 *   statement SHA-256 is shown. On the Tokenization tab the manager picks that closed period in the rent deposit
 *   form and deposits its distributable cash; the chain records that the deposit pays out that statement, and the
 *   picker no longer offers it. The investor (one of two holders, with a verified email address and email on for
 *   rent claimable) sees the bell's unread count and "Rent to claim" in the inbox, gets the email (caught by the
 *   sink, read on the dev mail page, its link opens the portfolio), claims exactly their pro-rata share, then
 *   downloads the month's statement from the property page: its figures are what the manager entered and what was
 *   deposited on chain, the document check confirms it, and a modified copy is not confirmed.
 *
 * Set up through the API and the chain (other journeys cover those screens): the verified property, its lease with
 * last month's rent paid (leases journey), the launch, both holders' KYC, subscriptions and claims (investors
 * guide), the investor's email verified with the link of the caught confirmation email (notifications journey).
 * Unhappy paths: closing a month with no lines shows the backend's words and closes nothing; the deposit picker
 * offers no period already paid out.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { abis } from "@freehold/deployments";
import { idempotencyKey, seedVerifiedProperty, type ApiSession, type SeededProperty } from "../harness/api";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { e2eEnv } from "../harness/env";
import { inputShowing, signedIn } from "../harness/flows";
import { screenshotsAtBothWidths, withPages } from "../harness/artefacts";
import { verifyThroughBackend } from "../harness/kyc";
import { activeLease, addUnit, addValuation, chartMonth, monthStart } from "../harness/leases";
import { linksIn, verifyEmailAddress, waitForMail } from "../harness/mail";
import { ownWallet, signInAdmin, signInApi, signInManager } from "../harness/people";
import { Platform, USD } from "../harness/platform";
import { DEV_KEYS } from "../harness/wallet";

const env = e2eEnv();
const ON_CHAIN = { timeout: 60_000 };
const PROPERTY_NAME = "Alfama Courtyard Flats";
/** Last month: the month the manager closes (`2026-11`), as the manager's console names it and as a chart does. */
const LAST_MONTH = monthStart(-1);
const MONTH_NAME = new Date(`${LAST_MONTH}T00:00:00Z`).toLocaleString("en-GB", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
/** Two months ago: nothing happened then, so its draft has no line. */
const EMPTY_MONTH = monthStart(-2);

/** What the manager enters, in cents of EUR; rent is 1,500 received less 45 of fees withheld. */
const FIGURES = {
  rent: 145_500n,
  parking: 24_000n,
  maintenance: 18_000n,
  insurance: 9_500n,
  reserve: 12_000n,
};
const TOTAL_INCOME = FIGURES.rent + FIGURES.parking;
const OPERATING_EXPENSES = FIGURES.maintenance + FIGURES.insurance;
const NOI = TOTAL_INCOME - OPERATING_EXPENSES;
const DISTRIBUTABLE = NOI - FIGURES.reserve;
/** The deposit: one tUSD per EUR (6 decimals), the whole distributable cash. */
const DEPOSIT = DISTRIBUTABLE * 10_000n;
const UNITS = { investor: 60n, partner: 40n };

let browser: Browser;
let platform: Platform;
let manager: ApiSession;
let investor: ApiSession;
let investorKey: Hex;
let property: SeededProperty;
let token: Address;
let emailAddress: string;

before(async () => {
  browser = await launchBrowser();
  platform = new Platform(env.rpcUrl, env.chainId, env.deploymentsDir!);
  const admin = await signInAdmin();
  manager = await signInManager(admin);
  property = await seedVerifiedProperty(manager, admin, {
    name: PROPERTY_NAME,
    city: "Lisbon",
    country: "PT",
    type: "RESIDENTIAL",
  });
  await addValuation(manager, admin, property.id, "480000.00");
  // Last month's rent, received on the 5th with 45 EUR of fees withheld: the period's rent line.
  const lease = await activeLease(manager, {
    propertyId: property.id,
    unitId: await addUnit(manager, property.id, "Flat 2B"),
    tenantName: "Sofia Almeida",
    startDate: LAST_MONTH,
    endDate: monthStart(11),
    rentAmount: "1500.00",
    dueDay: 1,
  });
  const { body: schedule } = await manager.request<{ id: string; periodStart: string }[]>(
    "GET",
    `/leases/${lease}/schedule`,
  );
  const first = schedule.find((e) => e.periodStart === LAST_MONTH);
  assert.ok(first, `the schedule has an entry starting ${LAST_MONTH}`);
  await manager.request(
    "POST",
    `/leases/${lease}/payments`,
    {
      scheduleEntryId: first.id,
      amount: "1500.00",
      fees: "45.00",
      paidOn: `${LAST_MONTH.slice(0, 8)}05`,
      method: "BANK_TRANSFER",
    },
    { "idempotency-key": idempotencyKey() },
  );

  // Launched (100 units at 10 tUSD); two verified holders: the investor 60 units, a partner 40.
  const launched = await platform.launch(property.id, {
    name: PROPERTY_NAME,
    symbol: "ALFAMA",
    pricePerUnit: 10n * USD,
    softCap: 50n,
    hardCap: 100n,
    minTicket: 1n,
    maxTicket: 100n,
  });
  token = launched.token;
  investorKey = await ownWallet();
  const partnerKey = await ownWallet();
  investor = await signInApi(investorKey);
  const partner = await signInApi(partnerKey);
  await verifyThroughBackend(
    admin,
    investor,
    {
      givenNames: "Beatriz",
      familyName: "Moreira",
      country: 620,
      city: "Lisbon",
      line1: "Rua de São Miguel 14",
      postalCode: "1100-544",
      documentNumber: "MS16INV001",
    },
    platform,
  );
  await verifyThroughBackend(
    admin,
    partner,
    {
      givenNames: "Lars",
      familyName: "de Vries",
      country: 528,
      city: "Rotterdam",
      line1: "Witte de Withstraat 50",
      postalCode: "3012 BR",
      documentNumber: "MS16PTR002",
    },
    platform,
  );
  for (const [key, units] of [
    [investorKey, UNITS.investor],
    [partnerKey, UNITS.partner],
  ] as const) {
    await platform.fund(privateKeyToAccount(key).address, units * 10n * USD);
    await platform.subscribe(key, launched.offering, units, 10n * USD);
  }
  await platform.finalize(launched.offering);
  await platform.claim(investorKey, launched.offering);
  await platform.claim(partnerKey, launched.offering);
  await platform.fund(privateKeyToAccount(DEV_KEYS.manager).address, DEPOSIT);

  // The investor's address, verified through the app's email flow, and email on for rent claimable.
  emailAddress = `holder-${randomBytes(4).toString("hex")}@example.test`;
  await verifyEmailAddress(investor, emailAddress);
  const { body: preferences } = await investor.request<{ items: { event: string; email: boolean }[] }>(
    "PUT",
    "/me/notification-preferences",
    { items: [{ event: "RENT_CLAIMABLE", email: true }] },
  );
  assert.equal(preferences.items.find((p) => p.event === "RENT_CLAIMABLE")?.email, true);
});
after(async () => {
  await browser?.close();
});

const euro = (cents: bigint) => {
  const whole = (cents / 100n).toLocaleString("en-GB");
  return cents % 100n === 0n ? `€${whole}` : `€${whole}.${String(cents % 100n).padStart(2, "0")}`;
};
const tusd = (units: bigint) =>
  `${(units / USD).toLocaleString("en-GB")}.${String((units % USD) / 10_000n).padStart(2, "0")} tUSD`;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const distributor = () => platform.address("RentDistributor");
/** The amount of the first RentDistributor event `eventName` with these indexed arguments. */
async function distributorAmount(
  eventName: "RentDeposited" | "RentClaimed",
  args: Record<string, unknown>,
): Promise<bigint | undefined> {
  const [event] = await platform.client.getContractEvents({
    address: distributor(),
    abi: abis.RentDistributor,
    eventName,
    args,
    fromBlock: 0n,
  } as never);
  return (event as { args?: { amount?: bigint } } | undefined)?.args?.amount;
}
const usdOf = (holder: Address) =>
  platform.read<bigint>(platform.address("TestStablecoin"), abis.TestStablecoin, "balanceOf", [holder]);

/** Waits until `check` holds, reloading the page between tries (what a person does while the chain sync catches up). */
async function untilAfterReload(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + ON_CHAIN.timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${ON_CHAIN.timeout / 1000} s`);
    await page.waitForTimeout(1_000);
    await page.reload();
  }
}

async function managerTab(page: Page, name: string): Promise<Locator> {
  await page.getByRole("tablist", { name: "Property sections" }).getByRole("tab", { name }).click();
  return page.getByRole("tabpanel", { name });
}

interface Statement {
  lines: { type: string; category: string; description: string; amount: string; source: string }[];
  totals: Record<"totalIncome" | "operatingExpenses" | "noi" | "reserveContribution" | "distributable", string>;
}

describe("16 a month from the manager's books to the investor's statement", () => {
  let statementHash = "";

  it(
    "16 the manager closes a month and pays it out; the investor is told, claims their share and checks the statement",
    { timeout: 8 * 60_000 },
    () =>
      withPages("month", async (open) => {
        // 1. The manager drafts last month, records its lines and reserve, reads the totals and closes it.
        const m = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}`);
        open.push(m);
        const financials = await managerTab(m.page, "Financials");
        assert.equal(
          await financials.getByLabel("Month", { exact: true }).inputValue(),
          LAST_MONTH.slice(0, 7),
          "last month first",
        );
        await financials.getByRole("button", { name: "Draft this month" }).click();
        const period = financials.getByTestId("period-editor");
        await period.getByRole("heading", { name: MONTH_NAME }).waitFor();
        const lines = period.getByRole("table", { name: `Lines of ${MONTH_NAME}` });
        const rentLine = lines.getByRole("row").filter({ hasText: "From the lease payments (read-only)" });
        assert.match((await rentLine.textContent()) ?? "", new RegExp(`Rent · income.*${euro(FIGURES.rent)}`));
        const addLine = async (category: string, description: string, cents: bigint) => {
          const form = period.getByRole("form", { name: "Add a line" });
          await form.getByLabel("Category").selectOption({ label: category });
          await form.getByLabel("Description").fill(description);
          await form.getByLabel("Amount (EUR)").fill(String(cents / 100n));
          await form.getByRole("button", { name: "Add the line" }).click();
          await period.getByRole("status").getByText(`line “${description}” added`).waitFor();
        };
        await addLine("Parking", "Parking spaces, 4 bays", FIGURES.parking);
        await addLine("Maintenance and repairs", "Boiler service", FIGURES.maintenance);
        await addLine("Insurance", "Building insurance, monthly", FIGURES.insurance);
        for (const description of ["Parking spaces, 4 bays", "Boiler service", "Building insurance, monthly"])
          await lines.getByRole("row").filter({ hasText: description }).waitFor();
        assert.equal(await lines.locator("tbody tr").count(), 4);
        await period.getByLabel("Reserve contribution (EUR)").fill(String(FIGURES.reserve / 100n));
        await period.getByRole("button", { name: "Save reserve" }).click();
        await period.getByRole("status").getByText("The reserve was saved.").waitFor();
        // The totals follow the saved period once it is read again: wait for each figure, then compare it.
        const total = async (key: string, expected: string) => {
          const cell = period.getByTestId(`total-${key}`);
          const read = async () => ((await cell.textContent()) ?? "").trim();
          for (let deadline = Date.now() + 30_000; Date.now() < deadline && (await read()) !== expected;)
            await m.page.waitForTimeout(200);
          assert.equal(await read(), expected, key);
        };
        await total("totalIncome", euro(TOTAL_INCOME));
        await total("operatingExpenses", euro(OPERATING_EXPENSES));
        await total("noi", euro(NOI));
        await total("reserveContribution", euro(FIGURES.reserve));
        await total("distributable", euro(DISTRIBUTABLE));
        assert.deepEqual(await seriousA11yViolations(m.page), []);
        await screenshotsAtBothWidths(m.page, "month-01-period-draft");
        await period.getByRole("button", { name: `Close ${MONTH_NAME}` }).click();
        const hash = period.getByTestId("statement-hash");
        await hash.waitFor();
        statementHash = ((await hash.textContent()) ?? "").trim();
        assert.match(statementHash, /^[0-9a-f]{64}$/);
        await period
          .getByRole("status")
          .getByText(`${MONTH_NAME} is closed: its statement and SHA-256 are below.`)
          .waitFor();
        const row = financials
          .getByRole("table", { name: "Financial periods" })
          .getByRole("row")
          .filter({ hasText: MONTH_NAME });
        await row.getByText("Closed", { exact: true }).waitFor();
        await row.getByText(statementHash).waitFor();
        await screenshotsAtBothWidths(m.page, "month-02-period-closed");

        // 2. The manager deposits that period's rent, picking the closed period; the deposit names its statement.
        const rent = (await managerTab(m.page, "Tokenization")).getByRole("region", { name: "Distribute rent" });
        const picker = rent.getByLabel("Period it pays out");
        await picker.selectOption({ label: `${MONTH_NAME}: ${euro(DISTRIBUTABLE)} distributable` });
        const amount = tusd(DEPOSIT).replace(" tUSD", "");
        assert.equal(await inputShowing(rent.getByLabel(/^Rent to deposit/), amount), amount);
        await rent.getByTestId("deposit-statement").getByText(statementHash).waitFor();
        await screenshotsAtBothWidths(m.page, "month-03-deposit-picked");
        await rent.getByRole("button", { name: "Deposit rent" }).click();
        await rent
          .locator('[data-tx-status="confirmed"]', { hasText: `Deposit ${tusd(DEPOSIT)} of rent` })
          .waitFor(ON_CHAIN);
        const depositId = await platform.read<bigint>(distributor(), abis.RentDistributor, "depositOfStatement", [
          token,
          `0x${statementHash}`,
        ]);
        assert.ok(depositId > 0n, "the distributor knows the deposit that paid out this statement");
        assert.equal(
          await platform.read<Hex>(distributor(), abis.RentDistributor, "statementHashOf", [token, depositId]),
          `0x${statementHash}`,
        );
        assert.equal(
          await distributorAmount("RentDeposited", { token, depositId }),
          DEPOSIT,
          "the whole distributable was deposited",
        );
        await screenshotsAtBothWidths(m.page, "month-04-deposited");

        // 3. The investor is told: the bell counts it, the inbox names the property, an email was sent.
        const holder = privateKeyToAccount(investorKey).address;
        const rentNotice = async () =>
          (
            await investor.request<{ items: { event: string; data: Record<string, string>; link: string }[] }>(
              "GET",
              "/me/notifications?limit=50",
            )
          ).body.items.find((n) => n.event === "RENT_CLAIMABLE" && n.data["propertyId"] === property.id);
        const deadline = Date.now() + ON_CHAIN.timeout;
        while (!(await rentNotice())) {
          if (Date.now() > deadline) throw new Error("no RENT_CLAIMABLE notification for the investor");
          await new Promise((r) => setTimeout(r, 500));
        }
        const me = await signedIn(browser, investorKey, "/");
        open.push(me);
        const { body: unread } = await investor.request<{ unread: number }>("GET", "/me/notifications/unread-count");
        assert.ok(unread.unread > 0);
        await me.page.getByRole("link", { name: `Notifications, ${unread.unread} unread` }).click();
        await me.page.getByRole("heading", { name: "Your notifications", level: 1 }).waitFor();
        const item = me.page.getByTestId("notification").filter({ hasText: `Rent to claim: ${PROPERTY_NAME}` });
        const itemLink = item.getByRole("link", { name: `Unread: Rent to claim: ${PROPERTY_NAME}` });
        await itemLink.waitFor();
        assert.equal(await itemLink.getAttribute("href"), "/portfolio");
        assert.deepEqual(await seriousA11yViolations(me.page), []);
        await screenshotsAtBothWidths(me.page, "month-05-inbox");

        const mail = await waitForMail(emailAddress, new RegExp(`^Rent to claim: ${PROPERTY_NAME}$`));
        assert.match(
          mail.text ?? "",
          new RegExp(`A rent distribution of ${PROPERTY_NAME}.*was deposited \\(1300 EUR in total`),
        );
        const portfolioLink = linksIn(mail.text).find((l) => new URL(l).pathname === "/portfolio");
        assert.ok(portfolioLink, `the email links to the portfolio:\n${mail.text}`);
        assert.equal(new URL(portfolioLink).origin, new URL(env.appUrl).origin);
        await me.page.getByRole("link", { name: "Dev mail" }).click();
        const caught = me.page
          .getByTestId("caught-mail")
          .filter({ hasText: emailAddress })
          .filter({
            hasText: `Rent to claim: ${PROPERTY_NAME}`,
          });
        await caught.first().waitFor();
        await screenshot(me.page, "month-06-dev-mail");

        // 4. The investor follows the email's link and claims: exactly their pro-rata share of the deposit.
        const supply = await platform.read<bigint>(token, abis.PropertyToken, "totalSupply");
        const held = await platform.read<bigint>(token, abis.PropertyToken, "balanceOf", [holder]);
        assert.equal(held, UNITS.investor);
        // Holders share the deposit net of the platform's management fee (the test world's, read from the chain).
        const [rentFeeBps] = await platform.read<readonly [number, Address]>(
          platform.address("PlatformFees"),
          abis.PlatformFees,
          "feeOf",
          [1, token],
        );
        const share = ((DEPOSIT - (DEPOSIT * BigInt(rentFeeBps)) / 10_000n) * held) / supply;
        assert.equal(
          await platform.read<bigint>(distributor(), abis.RentDistributor, "claimableOf", [token, holder]),
          share,
        );
        await me.page.goto(portfolioLink);
        const portfolio = me.page.getByTestId("portfolio");
        const claimable = portfolio.getByTestId("claimable-rent");
        await claimable.getByText(tusd(share), { exact: true }).waitFor(ON_CHAIN);
        const before = await usdOf(holder);
        await portfolio.getByRole("button", { name: "Claim all rent" }).click();
        await me.page.locator('[data-tx-status="confirmed"]').waitFor(ON_CHAIN);
        await claimable.getByText("0.00 tUSD", { exact: true }).waitFor();
        assert.equal((await usdOf(holder)) - before, share, "the claim paid the investor's pro-rata share");
        assert.equal(await distributorAmount("RentClaimed", { token, holder }), share);
        await screenshotsAtBothWidths(me.page, "month-07-rent-claimed");

        // 5. The month's statement from the property page: the manager's figures, the chain's deposit, its hash.
        await me.page.goto(`${env.appUrl}/properties/${property.id}`);
        const section = me.page.getByTestId("financials");
        const periodRow = section.getByTestId("period-row");
        await periodRow.first().waitFor();
        assert.equal(await periodRow.count(), 1, "one closed period");
        const rowText = (await periodRow.textContent()) ?? "";
        for (const cents of [TOTAL_INCOME, OPERATING_EXPENSES, NOI, DISTRIBUTABLE])
          assert.ok(rowText.includes(euro(cents)), `the period row shows ${euro(cents)}: ${rowText}`);
        const statementLink = periodRow.getByRole("link", { name: `Statement of ${chartMonth(LAST_MONTH)}` });
        const href = await statementLink.getAttribute("href");
        assert.ok(href);
        const download = await me.page.request.get(new URL(href, me.page.url()).toString());
        assert.equal(download.status(), 200);
        const bytes = new Uint8Array(await download.body());
        assert.equal(sha256(bytes), statementHash, "the file is the statement whose hash the deposit names");
        const statement = JSON.parse(Buffer.from(bytes).toString("utf8")) as Statement;
        assert.deepEqual(
          {
            totalIncome: statement.totals.totalIncome,
            operatingExpenses: statement.totals.operatingExpenses,
            noi: statement.totals.noi,
            reserveContribution: statement.totals.reserveContribution,
            distributable: statement.totals.distributable,
          },
          {
            totalIncome: String(TOTAL_INCOME),
            operatingExpenses: String(OPERATING_EXPENSES),
            noi: String(NOI),
            reserveContribution: String(FIGURES.reserve),
            distributable: String(DISTRIBUTABLE),
          },
        );
        assert.deepEqual(
          statement.lines
            .map((l) => [l.category, l.description.startsWith("Rent collected") ? "rent" : l.description, l.amount])
            .sort(),
          [
            ["INSURANCE", "Building insurance, monthly", String(FIGURES.insurance)],
            ["MAINTENANCE", "Boiler service", String(FIGURES.maintenance)],
            ["PARKING", "Parking spaces, 4 bays", String(FIGURES.parking)],
            ["RENT", "rent", String(FIGURES.rent)],
          ],
        );
        assert.equal(BigInt(statement.totals.distributable) * 10_000n, DEPOSIT, "distributable = deposited on chain");

        // The document check on the property page confirms the file; a copy changed by one byte is not confirmed.
        const check = me.page.getByRole("region", { name: "Verify a document" });
        const fileInput = check.getByLabel("Choose a file to check");
        await fileInput.setInputFiles({
          name: "statement.json",
          mimeType: "application/json",
          buffer: Buffer.from(bytes),
        });
        await check.getByText("Authentic: this file matches the registry").waitFor();
        await screenshotsAtBothWidths(me.page, "month-08-statement-confirmed");
        const modified = Buffer.from(bytes);
        const at = modified.length - 2;
        modified.writeUInt8(modified.readUInt8(at) ^ 1, at);
        await fileInput.setInputFiles({
          name: "statement-edited.json",
          mimeType: "application/json",
          buffer: modified,
        });
        await check.getByText("No match: this file was not recorded").waitFor();
        const { body: checked } = await investor.request<{
          recorded: boolean;
          matches: { kind: string; propertyId: string }[];
        }>("GET", `/documents/check?sha256=${statementHash}`);
        assert.deepEqual(
          checked.matches.filter((x) => x.kind === "financial_statement").map((x) => x.propertyId),
          [property.id],
        );
        assert.deepEqual(await seriousA11yViolations(me.page), []);
        await screenshot(me.page, "month-09-modified-copy-refused");

        for (const t of open) assert.deepEqual(t.errors, []);
      }),
  );

  it("16 a paid-out period: the deposit picker no longer offers it, the property page shows it distributed", async () => {
    assert.ok(statementHash, "the month was closed and paid out above");
    const m = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}`);
    try {
      // Once the chain sync has seen the deposit, the paid month is no longer offered (the distributor would refuse it).
      await untilAfterReload(
        m.page,
        async () => {
          const region = (await managerTab(m.page, "Tokenization")).getByRole("region", { name: "Distribute rent" });
          await region.getByTestId("no-period-to-pay").or(region.getByLabel("Period it pays out")).first().waitFor();
          return (await region.getByRole("option", { name: new RegExp(`^${MONTH_NAME}:`) }).count()) === 0;
        },
        "the paid period leaving the deposit picker",
      );
      await m.page.getByRole("region", { name: "Distribute rent" }).getByTestId("no-period-to-pay").waitFor();
      await screenshotsAtBothWidths(m.page, "month-11-nothing-left-to-pay");
      // The overview's last twelve months: the month's NOI, distributable and what the deposit paid out.
      await m.page.goto(new URL(`/manage/properties/${property.id}`, m.page.url()).toString());
      const months = m.page.getByTestId("dashboard-months");
      await months.getByTestId("next-distribution").getByText("No closed month is waiting to be paid out.").waitFor();
      const row = months.getByTestId("dashboard-month").filter({ hasText: MONTH_NAME });
      const cell = async (label: string) => ((await row.locator(`[data-label="${label}"]`).textContent()) ?? "").trim();
      assert.deepEqual(
        [await cell("NOI"), await cell("Distributable"), await cell("Distributed")],
        [euro(NOI), euro(DISTRIBUTABLE), euro(DISTRIBUTABLE)],
      );
      await screenshotsAtBothWidths(m.page, "month-12-manager-dashboard");
      assert.deepEqual(m.errors, []);
    } finally {
      await m.context.close();
    }

    // Distributed vs distributable on the property page: the deposit on chain, against the period it paid out.
    const visitor = await signedIn(browser, investorKey, `/properties/${property.id}`);
    try {
      const periodRow = visitor.page.getByTestId("financials").getByTestId("period-row");
      await periodRow.first().waitFor();
      assert.equal(
        ((await periodRow.locator('[data-label="Distributed"]').textContent()) ?? "").trim(),
        euro(DISTRIBUTABLE),
      );
      assert.deepEqual(visitor.errors, []);
    } finally {
      await visitor.context.close();
    }
  });

  it("16 closing a month with no lines shows the backend's words and closes nothing", async () => {
    const m = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}`);
    try {
      const financials = await managerTab(m.page, "Financials");
      const name = new Date(`${EMPTY_MONTH}T00:00:00Z`).toLocaleString("en-GB", {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      });
      await financials.getByLabel("Month", { exact: true }).fill(EMPTY_MONTH.slice(0, 7));
      await financials.getByRole("button", { name: "Draft this month" }).click();
      const period = financials.getByTestId("period-editor");
      await period.getByRole("heading", { name }).waitFor();
      await period.getByText("No line yet").waitFor();
      await period.getByRole("button", { name: `Close ${name}` }).click();
      const refusal = period.getByRole("alert").filter({ hasText: "That was not saved" });
      await refusal.waitFor();
      assert.match(
        (await refusal.textContent()) ?? "",
        new RegExp(`the ${EMPTY_MONTH.slice(0, 7)} period has no lines to close`),
      );
      assert.deepEqual(await seriousA11yViolations(m.page), []);
      await screenshotsAtBothWidths(m.page, "month-10-empty-close-refused");
      const row = financials
        .getByRole("table", { name: "Financial periods" })
        .getByRole("row")
        .filter({ hasText: name });
      await row.getByText("Draft", { exact: true }).waitFor();
      // The browser logs the refused request itself (422); nothing else went wrong on the page.
      assert.deepEqual(
        m.errors.filter((e) => !/status of 422 \(Unprocessable Entity\)/.test(e)),
        [],
      );
    } finally {
      await m.context.close();
    }
    const { body: list } = await manager.request<
      { year: number; month: number; status: string; statementSha256: string | null }[]
    >("GET", `/properties/${property.id}/financial-periods`);
    const empty = list.filter((p) => `${p.year}-${String(p.month).padStart(2, "0")}` === EMPTY_MONTH.slice(0, 7));
    assert.deepEqual(
      empty.map((p) => [p.status, p.statementSha256]),
      [["DRAFT", null]],
      "the empty month stays a draft, with no statement",
    );
    // The month closed before is the only closed one, still with its statement.
    assert.deepEqual(
      list.filter((p) => p.status === "CLOSED").map((p) => p.statementSha256),
      [statementHash],
    );
  });
});
