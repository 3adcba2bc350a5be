// @vitest-environment node
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PerformancePosition, PerformanceTotal } from "../../api/performance";
import { catchingUp, countsCoinAsCurrency, positionRow, totalRow, unpricedLine } from "./performanceView";
import { ORDINARY_PARTITION } from "./partition";

const TUSD = { address: "0x00000000000000000000000000000000000000aa" as const, symbol: "tUSD", decimals: 6 };

const position: PerformancePosition = {
  propertyId: "11111111-1111-4111-8111-111111111111",
  propertyName: "Canal House",
  currency: "EUR",
  token: "0x0000000000000000000000000000000000000001",
  symbol: "CANAL",
  partition: ORDINARY_PARTITION,
  units: "150",
  supply: "1000",
  ownershipPercent: "15.00",
  costBasis: "1500000000",
  incomeReceived: "37500000",
  realizedGain: "0",
  capitalReturned: "0",
  pendingSubscription: "0",
  navBasis: "valuation",
  navPerUnit: "11000000",
  navValuedOn: "2026-06-30",
  valueAtNav: "1650000000",
  unrealizedGain: "-12345678",
  irr: 0.08765,
  realizedProceeds: "0",
  unredeemed: null,
  paymentToken: TUSD,
  coins: [TUSD],
};

const total: PerformanceTotal = {
  currency: "EUR",
  paymentToken: TUSD,
  coins: [TUSD],
  costBasis: "1250000000",
  incomeReceived: "0",
  realizedGain: "0",
  capitalReturned: "250000000",
  valueAtNav: null,
  unredeemed: null,
  unrealizedGain: null,
  irr: null,
};

describe("16 the portfolio's performance rows", () => {
  const coin = 6; // the reply's amountUnit.decimals

  it("a position bought in two coins (a market order in another coin) names both coins, never '(unknown coin)'", () => {
    const EURS = { address: "0x00000000000000000000000000000000000000bb" as const, symbol: "EURS", decimals: 2 };
    const mixed: PerformancePosition = { ...position, paymentToken: null, coins: [TUSD, EURS] };
    expect(positionRow(mixed, coin)).toMatchObject({
      costBasis: "1,500.00 tUSD+EURS",
      incomeReceived: "37.50 tUSD+EURS",
    });
    expect(totalRow({ ...total, paymentToken: null, coins: [TUSD, EURS] }, coin)).toMatchObject({
      title: "EUR, paid in tUSD+EURS",
      costBasis: "1,250.00 tUSD+EURS",
    });
    // A cost in several coins is counted one for one against the currency, and the page says so.
    expect(countsCoinAsCurrency(mixed)).toBe(true);
  });

  it("16 / H5 amounts paid in the position's coin, NAV figures in the property's currency, never relabelled", () => {
    expect(positionRow(position, coin)).toMatchObject({
      property: "Canal House",
      tokenClass: "Ordinary units",
      ownership: "15.00%",
      costBasis: "1,500.00 tUSD",
      incomeReceived: "37.50 tUSD",
      navPerUnit: "11.00 EUR",
      valueAtNav: "1,650.00 EUR",
      gainAtNav: "-12.345678 EUR",
      irr: "8.76%",
      pending: null,
    });
  });

  it("19 / H3 a sold property: what a unit redeems for, received and still to redeem, all in the coin", () => {
    expect(positionRow(position, coin).sale).toBeNull();
    const sold: PerformancePosition = {
      ...position,
      navBasis: "sale",
      navPerUnit: "1200000000",
      valueAtNav: "18000000",
      unrealizedGain: "3000000",
      realizedProceeds: "45000000",
      unredeemed: "18000000",
    };
    expect(positionRow(sold, coin)).toMatchObject({
      valueAtNav: "18.00 tUSD",
      navPerUnit: "1,200.00 tUSD",
      gainAtNav: "3.00 tUSD",
      sale: "Sold: each unit redeems for 1,200.00 tUSD; 45.00 tUSD received, 18.00 tUSD to redeem",
    });
    expect(positionRow({ ...sold, realizedProceeds: "0" }, coin).sale).toMatch(/; 18.00 tUSD to redeem$/);
    expect(positionRow({ ...sold, unredeemed: "0" }, coin).sale).toMatch(/; 45.00 tUSD received$/);
    expect(positionRow({ ...sold, realizedProceeds: "0", unredeemed: "0" }, coin).sale).toMatch(/nothing to redeem$/);
  });

  it("the position's own coin, not the platform's: a property launched in USDC reads USDC", () => {
    const usdc = { ...TUSD, address: "0x00000000000000000000000000000000000000bb" as const, symbol: "USDC" };
    expect(positionRow({ ...position, paymentToken: usdc }, coin).costBasis).toBe("1,500.00 USDC");
    expect(totalRow({ ...total, paymentToken: usdc }, coin).costBasis).toBe("1,250.00 USDC");
  });

  it("H3 totals: the valued positions in the currency, plus what sold units still redeem for in the coin", () => {
    const row = totalRow({ ...total, valueAtNav: "962160000000", unredeemed: "420000000000" }, coin);
    expect(row.title).toBe("EUR, paid in tUSD");
    expect(row.valueAtNav).toBe("962,160.00 EUR + 420,000.00 tUSD to redeem");
    expect(totalRow({ ...total, unredeemed: "420000000000", unrealizedGain: "1" }, coin).gainAtNav).toBe(
      "0.000001 tUSD",
    );
  });

  it("unpriced positions are listed with their units and why they have no figures", () => {
    expect(
      unpricedLine({
        propertyId: null,
        propertyName: "Old Mill",
        currency: "EUR",
        token: "0x0000000000000000000000000000000000000002",
        symbol: "MILL",
        units: "7",
        paymentToken: { ...TUSD, symbol: null, decimals: null },
      }),
    ).toBe(
      "Old Mill: 7 units, paid in 0x0000…00aa, a coin that did not say its decimals, so no amount of it can be shown",
    );
  });

  it("L5 catching up: the chain's units differ from the units the figures count", () => {
    const token = position.token;
    expect(catchingUp({ positions: [position], unpriced: [] }, new Map([[token, 150n]]))).toBe(false);
    // Redeemed on chain, not yet recorded: the holdings dropped the property, the figures still count it.
    expect(catchingUp({ positions: [position], unpriced: [] }, new Map())).toBe(true);
    expect(catchingUp({ positions: [{ ...position, units: "0" }], unpriced: [] }, new Map())).toBe(false);
    expect(catchingUp({ positions: [], unpriced: [] }, new Map([[token, 3n]]))).toBe(true);
  });

  it("class: every amount is labelled with what it is in (coin, or the currency for a valuation's NAV)", () => {
    const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map(String);
    fc.assert(
      fc.property(
        // One coin, or several (market orders in other coins than the offering's): the amounts are then in all of them.
        fc.uniqueArray(fc.constantFrom("tUSD", "USDC", "EURC", null), { minLength: 1, maxLength: 3 }),
        fc.constantFrom("EUR", "USD", "GBP"),
        fc.constantFrom("valuation" as const, "sale" as const, null),
        fc.integer({ min: 2, max: 8 }),
        fc.record({ cost: amount, income: amount, nav: amount, value: amount, gain: amount }),
        (symbols, currency, basis, decimals, a) => {
          const coins = symbols.map((symbol, i) => ({ ...TUSD, address: `0x${"0".repeat(38)}a${i}` as const, symbol }));
          const p: PerformancePosition = {
            ...position,
            currency,
            paymentToken: coins.length === 1 ? coins[0]! : null,
            coins,
            navBasis: basis,
            costBasis: a.cost,
            incomeReceived: a.income,
            navPerUnit: a.nav,
            valueAtNav: a.value,
            unrealizedGain: a.gain,
            unredeemed: basis === "sale" ? a.value : null,
          };
          const row = positionRow(p, decimals);
          const coinName = coins.map((c) => c.symbol ?? `0x0000…${c.address.slice(-4)}`).join("+");
          const navIn = basis === "valuation" ? currency : coinName;
          expect(row.costBasis.endsWith(` ${coinName}`)).toBe(true);
          expect(row.incomeReceived.endsWith(` ${coinName}`)).toBe(true);
          for (const shown of [row.navPerUnit, row.valueAtNav, row.gainAtNav])
            expect(shown.endsWith(` ${navIn}`)).toBe(true);
        },
      ),
    );
  });

  it("capital a refinance returned is shown beside the cost basis it lowered, only when there is some", () => {
    expect(positionRow(position, coin).capitalReturned).toBeNull();
    expect(positionRow({ ...position, capitalReturned: "250000000" }, coin).capitalReturned).toBe("250.00 tUSD");
    expect(totalRow(total, coin).capitalReturned).toBe("250.00 tUSD");
    expect(totalRow({ ...total, capitalReturned: "0" }, coin).capitalReturned).toBeNull();
  });

  it("16 no NAV yet: value, gain and IRR are dashes, never zero", () => {
    const row = positionRow({ ...position, navPerUnit: null, valueAtNav: null, unrealizedGain: null, irr: null }, coin);
    expect([row.valueAtNav, row.gainAtNav, row.irr]).toEqual(["—", "—", "—"]);
    expect(totalRow({ ...total, capitalReturned: "0", costBasis: "1" }, coin)).toEqual({
      key: `EUR-${TUSD.address}`,
      title: "EUR, paid in tUSD",
      costBasis: "0.000001 tUSD",
      incomeReceived: "0.00 tUSD",
      valueAtNav: "—",
      gainAtNav: "—",
      irr: "—",
      capitalReturned: null,
    });
  });

  it("16 a subscription still in escrow is said, at cost", () => {
    expect(positionRow({ ...position, pendingSubscription: "250000000" }, coin).pending).toBe("250.00 tUSD");
  });
});
