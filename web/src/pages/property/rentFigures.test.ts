import { describe, expect, it } from "vitest";
import type { RentSummary } from "../../api/leases";
import { formatBpsPercent, formatCents, rentFigures, toCents } from "./rentFigures";

const months = (nets: string[]) => nets.map((net, i) => ({ month: `2026-${String(i + 1).padStart(2, "0")}`, net }));

const summary = (overrides: Partial<RentSummary> = {}): RentSummary => ({
  propertyId: "p",
  asOf: "2026-12-15",
  currency: "EUR",
  unitsTotal: 3,
  unitsLeased: 1,
  occupancyBps: 3333,
  annualContractedRent: "34000.00",
  currentValuation: "600000.00",
  grossYieldBps: 566,
  collected: {
    from: "2026-01-01",
    to: "2027-01-01",
    months: months([
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
      "970.00",
      "485.50",
    ]),
    totalNet: "1455.50",
  },
  overdueEntries: 12,
  ...overrides,
});

describe("rent figures", () => {
  it("parses registry amounts into exact cents and refuses anything else", () => {
    expect(toCents("1455.5")).toBe(145550n);
    expect(toCents("0.07")).toBe(7n);
    expect(toCents("34000")).toBe(3400000n);
    expect(() => toCents("-1.00")).toThrow(RangeError);
    expect(() => toCents("1.005")).toThrow(RangeError);
    expect(() => toCents("1e3")).toThrow(RangeError);
  });

  it("formats money in the property's currency, decimals only when there are cents", () => {
    expect(formatCents(3400000n, "EUR")).toBe("€34,000");
    expect(formatCents(145550n, "EUR")).toBe("€1,455.50");
    expect(formatCents(7n, "USD")).toBe("US$0.07");
  });

  it("shows basis points as a percentage without rounding up", () => {
    expect(formatBpsPercent(3333)).toBe("33.33%");
    expect(formatBpsPercent(6666)).toBe("66.66%");
    expect(formatBpsPercent(600)).toBe("6%");
    expect(formatBpsPercent(505)).toBe("5.05%");
    expect(formatBpsPercent(510)).toBe("5.1%");
    expect(formatBpsPercent(10_000)).toBe("100%");
  });

  it("reads a summary with leases as occupancy, contracted rent, yield, collected rent and overdue", () => {
    const f = rentFigures(summary());
    expect(f.empty).toBe(false);
    expect(f.occupancy).toEqual({ value: "33.33%", detail: "1 of 3 units leased today" });
    expect(f.contractedRent).toEqual({ value: "€34,000", detail: "per year, from active leases" });
    expect(f.grossYield).toEqual({ value: "5.66%", detail: "contracted rent / valuation of €600,000" });
    expect(f.collected.total).toBe("€1,455.50");
    expect(f.collected.points).toHaveLength(12);
    expect(f.collected.points.at(-1)).toEqual({ label: "Dec 26", cents: 48550n });
    expect(f.overdue).toEqual({ count: 12, text: "12 rent instalments overdue" });
    expect(rentFigures(summary({ overdueEntries: 1 })).overdue.text).toBe("1 rent instalment overdue");
  });

  it("says why a figure is missing instead of showing zero", () => {
    const noValuation = rentFigures(summary({ currentValuation: null, grossYieldBps: null }));
    expect(noValuation.grossYield).toEqual({ value: "—", detail: "No valuation recorded" });
    // A valuation but no active lease: no yield to advertise (review 2026-12-06 M6 showed "0%").
    const noLease = rentFigures(summary({ annualContractedRent: "0.00", grossYieldBps: 0 }));
    expect(noLease.grossYield).toEqual({ value: "—", detail: "No active lease: no contracted rent to measure" });
    const noUnits = rentFigures(summary({ unitsTotal: 0, unitsLeased: 0, occupancyBps: null }));
    expect(noUnits.occupancy).toEqual({ value: "—", detail: "No rentable units registered" });
    expect(noUnits.empty).toBe(false);
  });

  it("is empty only with no units, no active lease and nothing collected", () => {
    const nothing = {
      unitsTotal: 0,
      unitsLeased: 0,
      occupancyBps: null,
      annualContractedRent: "0.00",
      grossYieldBps: null,
      collected: { from: "a", to: "b", months: months(["0.00"]), totalNet: "0.00" },
      overdueEntries: 0,
    };
    expect(rentFigures(summary(nothing)).empty).toBe(true);
    expect(rentFigures(summary({ ...nothing, unitsTotal: 1, occupancyBps: 0 })).empty).toBe(false);
    expect(rentFigures(summary({ ...nothing, collected: { ...nothing.collected, totalNet: "10.00" } })).empty).toBe(
      false,
    );
  });
});
