/**
 * A property manager records leases and rent in the app: adds a unit, drafts and activates a lease, records the
 * first rent payment, sees the overdue rent of an older lease and marks that lease expired; anyone then reads
 * occupancy, contracted rent, gross yield, net rent collected and overdue rent on the public property page.
 * Unhappy paths: an end date before the start is explained in the form and creates nothing; a deposit over the
 * backend's limit shows the backend's own words and creates nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { generatePrivateKey } from "viem/accounts";
import { ApiSession, seedVerifiedProperty, type SeededProperty } from "../harness/api";
import { signInAdmin, signInManager } from "../harness/people";
import { launchBrowser, screenshot, seriousA11yViolations } from "../harness/browser";
import { signedIn, walletPage } from "../harness/flows";
import { activeLease, addUnit, addValuation, chartMonth, countLeases, isoDay, monthStart } from "../harness/leases";
import { DEV_KEYS } from "../harness/wallet";

let browser: Browser;
let manager: ApiSession;
let property: SeededProperty;

const now = new Date();
const today = isoDay(now);
const nextYear = isoDay(new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate())));

before(async () => {
  browser = await launchBrowser();
  const admin = await signInAdmin();
  manager = await signInManager(admin);
  property = await seedVerifiedProperty(manager, admin, {
    name: "Rua das Flores Residences",
    city: "Porto",
    country: "PT",
    type: "RESIDENTIAL",
  });
  await addValuation(manager, admin, property.id, "360000.00");
  // An older lease, recorded before this journey: three months of rent never paid, and it ended on the 1st.
  const older = await addUnit(manager, property.id, "Flat 0");
  await activeLease(manager, {
    propertyId: property.id,
    unitId: older,
    tenantName: "Rui Costa",
    startDate: monthStart(-3),
    endDate: monthStart(0),
    rentAmount: "800.00",
    dueDay: 1,
  });
});
after(async () => {
  await browser?.close();
});

describe("leases and rent", () => {
  it("a manager adds a unit, drafts and activates a lease, records rent; the property page shows the figures", async () => {
    const t = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}?tab=leases`);
    try {
      const panel = t.page.getByTestId("leases-panel");
      await panel.getByRole("heading", { name: "Leases and rent" }).waitFor();

      // The older lease's unpaid rent is listed as overdue.
      const overdue = panel.getByRole("table", { name: "Overdue rent" });
      await overdue.waitFor();
      assert.equal(await overdue.locator("tbody tr").count(), 3);
      assert.match((await overdue.textContent()) ?? "", /Flat 0: Rui Costa/);

      const unitForm = panel.getByRole("form", { name: "Add a unit" });
      await unitForm.getByLabel("Unit label").fill("Flat 1A");
      await unitForm.getByLabel("Floor area (m²)").fill("82");
      await unitForm.getByLabel("Bedrooms").fill("2");
      await unitForm.getByRole("button", { name: "Add unit" }).click();
      await panel.getByRole("list", { name: "Units" }).getByText("Flat 1A").waitFor();

      const draft = panel.getByRole("form", { name: "Draft a lease" });
      await draft.getByLabel("Unit").selectOption({ label: "Flat 1A" });
      await draft.getByLabel("Tenant name").fill("Marta Lopes");
      await draft.getByLabel("Start date").fill(today);
      await draft.getByLabel("End date").fill(nextYear);
      await draft.getByLabel("Rent per period (EUR)").fill("1500");
      await draft.getByLabel("Rent due on day").fill(String(Math.min(now.getUTCDate(), 28)));
      await draft.getByLabel("Deposit (EUR)").fill("3000");
      await draft.getByLabel("Yearly escalation (%)").fill("2");
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await draft.getByRole("button", { name: "Draft lease" }).click();

      const lease = panel.getByRole("article", { name: "Lease of Flat 1A to Marta Lopes" });
      await lease.getByText("Draft", { exact: true }).waitFor();
      await lease.getByRole("button", { name: "Activate" }).click();
      await lease.getByText("Active", { exact: true }).waitFor();

      // Activation generated the schedule: twelve monthly periods; the first is paid now, net of a 45 EUR fee.
      const schedule = lease.getByRole("table", { name: "Rent schedule of Marta Lopes's lease" });
      await schedule.waitFor();
      assert.equal(await schedule.locator("tbody tr").count(), 12);
      await schedule
        .getByRole("button", { name: /^Record payment for / })
        .first()
        .click();
      const payment = lease.getByRole("form", { name: /^Payment for / });
      assert.equal(await payment.getByLabel("Amount received (EUR)").inputValue(), "1500.00");
      await payment.getByLabel("Fees withheld (EUR)").fill("45");
      await payment.getByLabel("Reference (optional)").fill("SEPA-0001");
      await payment.getByRole("button", { name: "Record payment", exact: true }).click();
      await payment.waitFor({ state: "detached" });
      await schedule.locator("tbody tr").first().getByText("Paid", { exact: true }).waitFor();

      // The older lease ended: the manager marks it expired (its unpaid rent stays overdue).
      const older = panel.getByRole("article", { name: "Lease of Flat 0 to Rui Costa" });
      await older.getByRole("button", { name: "Mark expired" }).click();
      await older.getByText("Expired", { exact: true }).waitFor();
      assert.equal(await overdue.locator("tbody tr").count(), 3);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "leases-manager");
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }

    // Anyone reads the figures on the public property page.
    const visitor = await walletPage(browser, generatePrivateKey(), `/properties/${property.id}`);
    try {
      const rent = visitor.page.getByRole("region", { name: "Leases & rent" });
      await rent.getByText("Occupancy").waitFor();
      const text = (await rent.textContent()) ?? "";
      assert.match(text, /Occupancy50%1 of 2 units leased today/);
      assert.match(text, /Contracted rent€18,000per year, from active leases/);
      assert.match(text, /Gross yield5%contracted rent \/ valuation of €360,000/);
      assert.match(text, /Overdue33 rent instalments overdue/);
      assert.match(text, /Net rent collected, last 12 months: €1,455/);
      const chart = rent.getByRole("img", { name: /^Net rent collected by month\./ });
      assert.match((await chart.getAttribute("aria-label")) ?? "", new RegExp(`${chartMonth(today)}: €1,455$`));
      assert.doesNotMatch(text, /Marta Lopes|Rui Costa/);
      assert.deepEqual(await seriousA11yViolations(visitor.page), []);
      await screenshot(visitor.page, "leases-property-page");
      assert.deepEqual(visitor.errors, []);
    } finally {
      await visitor.context.close();
    }
  });

  it("explains an end date before the start and a deposit the backend refuses, and creates nothing", async () => {
    const before = await countLeases(manager, property.id);
    const t = await signedIn(browser, DEV_KEYS.manager, `/manage/properties/${property.id}?tab=leases`);
    try {
      const draft = t.page.getByTestId("leases-panel").getByRole("form", { name: "Draft a lease" });
      await draft.getByLabel("Unit").selectOption({ label: "Flat 1A" });
      await draft.getByLabel("Tenant name").fill("Late Tenant");
      await draft.getByLabel("Start date").fill("2027-03-01");
      await draft.getByLabel("End date").fill("2027-02-01");
      await draft.getByLabel("Rent per period (EUR)").fill("1200");
      await draft.getByRole("button", { name: "Draft lease" }).click();
      const endDate = draft.getByLabel("End date");
      assert.equal(await endDate.getAttribute("aria-invalid"), "true");
      await draft.getByText("The end date must be after the start date.").first().waitFor();
      await draft.getByRole("alert").filter({ hasText: "Check the lease before drafting it" }).waitFor();

      // Valid in the browser, refused by the backend's rule (at most 3 months of rent): its words are shown.
      await endDate.fill("2028-03-01");
      await draft.getByLabel("Deposit (EUR)").fill("9000");
      await draft.getByRole("button", { name: "Draft lease" }).click();
      const refusal = draft.getByRole("alert").filter({ hasText: "The lease was not drafted" });
      await refusal.waitFor();
      assert.match((await refusal.textContent()) ?? "", /the deposit may not exceed 3 months of rent \(3600\.00 EUR\)/);
      assert.deepEqual(await seriousA11yViolations(t.page), []);
      await screenshot(t.page, "leases-refused");
    } finally {
      await t.context.close();
    }
    assert.equal(await countLeases(manager, property.id), before, "no lease was created");
  });
});
