/** The marketplace card shows what an investor compares: price per unit, gross yield and funding, or the registry figures before launch. */
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { PropertySummary } from "../../api/types";
import { render, type Rendered } from "../../test/render";
import { PropertyCard } from "./PropertyCard";

const base: PropertySummary = {
  id: "0b7c7d2e-6f3a-4a43-9f59-0d1c1e0b2a11",
  name: "Harbour View",
  type: "RESIDENTIAL",
  status: "OFFERING",
  address: { city: "Lisbon", region: null, country: "PT" },
  coordinates: null,
  floorAreaSqm: "120.50",
  bedrooms: 3,
  currency: "EUR",
  currentValuation: "1200000.00",
  ownerId: "1b7c7d2e-6f3a-4a43-9f59-0d1c1e0b2a11",
  managerId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  version: 3,
  coverImageUrl: null,
  yieldBps: 700,
  chain: null,
};

const chain = {
  tokenAddress: "0x7777777777777777777777777777777777777777",
  tokenSymbol: "HVW",
  offeringAddress: "0x2222222222222222222222222222222222222222",
  pricePerUnit: "100000000",
  softCap: "100",
  hardCap: "1000",
  unitsSold: "250",
  startTime: 1_767_225_600,
  endTime: 1_769_904_000,
  outcome: "open",
  paymentToken: { address: "0x9999999999999999999999999999999999999999", symbol: "tUSD", decimals: 6 },
} as const;

let shown: Rendered | undefined;
afterEach(() => shown?.unmount());

function figures(property: PropertySummary): Record<string, string> {
  shown = render(
    <MemoryRouter>
      <PropertyCard property={property} />
    </MemoryRouter>,
  );
  const out: Record<string, string> = {};
  for (const div of shown.container.querySelectorAll("dl > div"))
    out[div.querySelector("dt")!.textContent!] = div.querySelector("dd")!.textContent!;
  return out;
}

describe("PropertyCard", () => {
  it("shows price per unit, gross yield and funding once the offering is on chain", () => {
    expect(figures({ ...base, chain })).toEqual({ "Per unit": "100.00 tUSD", "Gross yield": "7%", Funded: "25%" });
    expect(shown!.container.textContent).toContain("250 units of 1,000 units sold");
    expect(shown!.container.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")).toBe("25");
  });

  it("shows no gross yield for a property without an active lease (its yield is 0: nothing contracted)", () => {
    expect(figures({ ...base, yieldBps: 0, chain })["Gross yield"]).toBe("—");
  });

  it("shows the price in the offering's own coin, whatever the platform's coin is now", () => {
    // 100,000,000 base units: 1.00 of an 8-decimal coin, 1,000,000.00 of a 2-decimal one (never 100.00 of an assumed 6).
    const eight = { ...chain, paymentToken: { ...chain.paymentToken, symbol: "EURC8", decimals: 8 } };
    expect(figures({ ...base, chain: eight })["Per unit"]).toBe("1.00 EURC8");
    shown!.unmount();
    shown = undefined;
    const two = { ...chain, paymentToken: { ...chain.paymentToken, symbol: "tEUR2", decimals: 2 } };
    expect(figures({ ...base, chain: two })["Per unit"]).toBe("1,000,000.00 tEUR2");
  });

  it('shows "—" for the price when the API has no coin (it did not answer on chain)', () => {
    expect(figures({ ...base, chain: { ...chain, paymentToken: null } })["Per unit"]).toBe("—");
  });

  it("falls back to the registry figures before launch, or when the terms could not be read", () => {
    expect(figures(base)).toEqual({ Valuation: "€1.2m", "Floor area": "120.5 m²", Bedrooms: "3" });
    shown!.unmount();
    shown = undefined;
    expect(figures({ ...base, chain: { ...chain, pricePerUnit: null, hardCap: null } })).toEqual({
      Valuation: "€1.2m",
      "Floor area": "120.5 m²",
      Bedrooms: "3",
    });
  });

  it("links to the property and shows its cover image", () => {
    figures({ ...base, coverImageUrl: "/api/v1/properties/x/documents/y/content" });
    expect(shown!.container.querySelector("a")?.getAttribute("href")).toBe(`/properties/${base.id}`);
    expect(shown!.container.querySelector("img")?.getAttribute("src")).toBe("/api/v1/properties/x/documents/y/content");
  });
});
