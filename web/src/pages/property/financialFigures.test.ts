// @vitest-environment node
import { METRICS } from "@freehold/finance";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FinancialPeriod, ValuationRecord } from "../../api/financials";
import { formatDate, formatMonth } from "../../format/dates";
import {
  saleWorth,
  approvedValuations,
  countingPeriods,
  navBasis,
  propertyMetrics,
  signedCents,
  trailingNoi,
} from "./financialFigures";

const totals = (noi: bigint) => ({
  totalIncome: String(noi + 20_000n),
  operatingExpenses: "20000",
  capitalExpenditure: "0",
  noi: String(noi),
  reserveContribution: "0",
  distributable: String(noi > 0n ? noi : 0n),
  shortfall: "0",
});

let n = 0;
function period(year: number, month: number, noi: bigint, extra: Partial<FinancialPeriod> = {}): FinancialPeriod {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    propertyId: "p",
    kind: "MONTH",
    year,
    month,
    sequence: 0,
    correctsId: null,
    currency: "EUR",
    status: "CLOSED",
    reserveContribution: "0",
    totals: totals(noi),
    distribution: null,
    distributedMinor: null,
    closedAt: "2026-01-05T00:00:00.000Z",
    statementSha256: "a".repeat(64),
    version: 2,
    ...extra,
  };
}

function valuation(valuedOn: string, amount: string, extra: Partial<ValuationRecord> = {}): ValuationRecord {
  return {
    id: `v-${valuedOn}-${amount}`,
    propertyId: "p",
    kind: "APPRAISAL",
    method: "APPRAISAL",
    amount,
    currency: "EUR",
    valuer: "Valuer",
    valuedOn,
    liabilities: "0.00",
    documentId: null,
    reportSha256: null,
    status: "APPROVED",
    recordedById: "u",
    decidedById: "o",
    decidedAt: null,
    decisionReason: null,
    createdAt: `${valuedOn}T00:00:00.000Z`,
    ...extra,
  };
}

describe("16 the property page's financial figures", () => {
  it("16 regression: NAV figures are decimal strings, read exactly (BigInt('12000.00') crashed the page)", () => {
    expect(signedCents("12000.00")).toBe(1_200_000n);
    expect(signedCents("0.5")).toBe(50n);
    expect(signedCents("-1500.25")).toBe(-150_025n);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (cents) => {
        const abs = cents < 0n ? -cents : cents;
        const text = `${cents < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
        expect(signedCents(text)).toBe(cents);
      }),
    );
  });

  it("16 one closed period per month: the latest correction counts, drafts are left out, newest first", () => {
    const jan = period(2026, 1, 100_000n);
    const janFix = period(2026, 1, 90_000n, { kind: "ADJUSTMENT", sequence: 1, correctsId: jan.id });
    const feb = period(2026, 2, 50_000n);
    const marDraft = period(2026, 3, 70_000n, { status: "DRAFT", statementSha256: null, closedAt: null });
    expect(countingPeriods([feb, jan, marDraft, janFix]).map((p) => p.id)).toEqual([feb.id, janFix.id]);
  });

  it("16 trailing NOI sums the latest twelve closed months only", () => {
    // 14 months of 1,000.00 NOI each (Jan 2025 .. Feb 2026): the last twelve make 12,000.00
    const months = Array.from({ length: 14 }, (_, i) => period(2025 + Math.floor(i / 12), (i % 12) + 1, 100_000n));
    expect(trailingNoi(months)).toEqual({ noi: 1_200_000n, months: 12, from: "2025-03", to: "2026-02" });
    expect(trailingNoi([])).toEqual({ noi: 0n, months: 0, from: null, to: null });
  });

  it("16 the metrics by hand: gross yield, net yield, cap rate, occupancy, with METRICS' words", () => {
    // Valuation 600,000.00 (latest approved; the newer recorded 900,000 and the rejected one are ignored);
    // purchase price 500,000.00. Rent 36,000.00 a year: gross 36,000 / 600,000 = 6%.
    // NOI: 12 months of 2,250.00 = 27,000.00: net 27,000 / 600,000 = 4.5%; cap 27,000 / 500,000 = 5.4%.
    // 3 of 4 units leased: 75%.
    const periods = Array.from({ length: 12 }, (_, i) => period(2025, i + 1, 225_000n));
    const valuations = [
      valuation("2026-06-01", "900000.00", { status: "RECORDED" }),
      valuation("2026-05-01", "650000.00", { status: "REJECTED" }),
      valuation("2026-01-10", "600000.00"),
      valuation("2024-03-01", "500000.00", { method: "PURCHASE_PRICE", kind: "INTERNAL" }),
    ];
    const metrics = propertyMetrics({
      currency: "EUR",
      rent: { annualContractedRent: "36000.00", unitsLeased: 3, unitsTotal: 4 },
      periods,
      valuations,
    });
    expect(metrics.map((m) => [m.name, m.value])).toEqual([
      ["grossYield", "6%"],
      ["netYield", "4.5%"],
      ["capRate", "5.4%"],
      ["occupancy", "75%"],
    ]);
    for (const m of metrics) {
      expect(m.label).toBe(METRICS[m.name].label);
      expect(m.definition).toBe(METRICS[m.name].definition);
    }
    expect(metrics[1]!.basis).toMatch(/over the last 12 closed months/);
  });

  it("16 says why a metric is missing instead of showing a number", () => {
    const metrics = propertyMetrics({
      currency: "EUR",
      rent: { annualContractedRent: "0.00", unitsLeased: 0, unitsTotal: 0 },
      periods: [],
      valuations: [valuation("2026-01-10", "600000.00", { status: "RECORDED" })],
    });
    expect(metrics.map((m) => [m.value, m.basis])).toEqual([
      ["—", "No approved valuation yet"],
      ["—", "No approved valuation yet"],
      ["—", "No approved purchase price recorded"],
      ["—", "No rentable units registered"],
    ]);
  });

  it("shows no gross yield without a contracted rent (review 2026-12-06 M6: 'Gross yield 0%' under 'no yield to report')", () => {
    const [gross] = propertyMetrics({
      currency: "EUR",
      rent: { annualContractedRent: "0.00", unitsLeased: 0, unitsTotal: 2 },
      periods: [],
      valuations: [valuation("2026-01-10", "600000.00")],
    });
    expect([gross!.value, gross!.basis]).toEqual(["—", "No active lease: no contracted rent to measure"]);
  });

  it("class: a gross yield is a number exactly when there is an approved valuation and some contracted rent", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 9n })),
        fc.boolean(),
        (rentCents, valued) => {
          const [gross] = propertyMetrics({
            currency: "EUR",
            rent: {
              annualContractedRent: `${rentCents / 100n}.${String(rentCents % 100n).padStart(2, "0")}`,
              unitsLeased: 1,
              unitsTotal: 2,
            },
            periods: [],
            valuations: valued ? [valuation("2026-01-10", "600000.00")] : [],
          });
          expect(gross!.value !== "—").toBe(valued && rentCents > 0n);
        },
      ),
    );
  });

  it("16 approved valuations only, newest valuation date first, whatever the order received", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 28 }),
            status: fc.constantFrom("RECORDED" as const, "APPROVED" as const, "REJECTED" as const),
          }),
          { maxLength: 20 },
        ),
        (rows) => {
          const list = rows.map((r, i) =>
            valuation(`2026-02-${String(r.day).padStart(2, "0")}`, `${1000 + i}.00`, { status: r.status }),
          );
          const approved = approvedValuations(list);
          expect(approved.every((v) => v.status === "APPROVED")).toBe(true);
          expect(approved.length).toBe(rows.filter((r) => r.status === "APPROVED").length);
          for (let i = 1; i < approved.length; i++)
            expect(approved[i - 1]!.valuedOn >= approved[i]!.valuedOn).toBe(true);
        },
      ),
    );
  });

  it("16 NAV says what it rests on: the valuation, the closed periods' reserves, the liabilities", () => {
    const nav = {
      propertyId: "p",
      currency: "EUR",
      valuationId: "v",
      valuedOn: "2026-06-30",
      valuation: "600000.00",
      cashReserves: "0.00",
      reservesSource: "none" as const,
      reservesPeriodId: null,
      reservesMonth: null,
      liabilities: "0.00",
      units: "1000",
      nav: "600000.00",
      perUnit: "600.00",
      sale: null,
    };
    const on = formatDate("2026-06-30");
    expect(navBasis(nav, "EUR")).toBe(`As of the valuation of ${on} (€600,000).`);
    expect(
      navBasis(
        { ...nav, reservesSource: "period", reservesMonth: "2026-11", cashReserves: "1500.00", liabilities: "250000" },
        "EUR",
      ),
    ).toBe(
      `As of the valuation of ${on} (€600,000), plus €1,500 of reserves to ${formatMonth("2026-11")}, less €250,000 of liabilities.`,
    );
  });

  it("H3 a sold property: each unit is worth what it redeems for in the exit's coin, not the valuation's NAV", () => {
    expect(saleWorth({ sale: null })).toBeNull();
    const sale = {
      closedAt: "2026-11-20T10:00:00.000Z",
      proceeds: "720000000000",
      supplyAtClose: "600",
      perUnit: "1200000000",
      paymentToken: { address: "0x00000000000000000000000000000000000000aa", symbol: "tUSD", decimals: 6 },
    };
    const sold = saleWorth({ sale })!;
    expect(sold.value).toBe("1,200.00 tUSD");
    expect(sold.detail).toBe(
      `Sold on ${formatDate(sale.closedAt)}: each unit redeems for 1,200.00 tUSD, 720,000.00 tUSD shared over the 600 units outstanding at the close. The valuation no longer sets what a unit is worth.`,
    );
    expect(saleWorth({ sale: { ...sale, paymentToken: { ...sale.paymentToken, decimals: null } } })!.value).toBe(
      "Sold",
    );
  });
});
