// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { PerformancePosition } from "../../api/performance";
import { performanceCoin, positionRow, totalRow } from "./performanceView";
import { ORDINARY_PARTITION } from "./partition";

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
  navPerUnit: "11000000",
  navValuedOn: "2026-06-30",
  valueAtNav: "1650000000",
  unrealizedGain: "-12345678",
  irr: 0.08765,
  realizedProceeds: "0",
  unredeemed: null,
  paymentToken: null,
};

describe("16 the portfolio's performance rows", () => {
  const coin = performanceCoin({ amountUnit: { description: "payment-token base units", decimals: 6 } }, "tUSD");

  it("16 shows base units with the token's symbol, ownership as sent, IRR like every rate", () => {
    expect(positionRow(position, coin)).toMatchObject({
      property: "Canal House",
      tokenClass: "Ordinary units",
      ownership: "15.00%",
      costBasis: "1,500.00 tUSD",
      incomeReceived: "37.50 tUSD",
      valueAtNav: "1,650.00 tUSD",
      gainAtNav: "-12.345678 tUSD",
      irr: "8.76%",
      pending: null,
    });
  });

  it("19 a sold property: the proceeds received and what is still to redeem; nothing before a sale", () => {
    expect(positionRow(position, coin).sale).toBeNull();
    const sold = { ...position, realizedProceeds: "45000000", unredeemed: "18000000" };
    expect(positionRow(sold, coin).sale).toBe("Sold: 45.00 tUSD received, 18.00 tUSD to redeem");
    expect(positionRow({ ...sold, realizedProceeds: "0" }, coin).sale).toBe("Sold: 18.00 tUSD to redeem");
    expect(positionRow({ ...sold, unredeemed: "0" }, coin).sale).toBe("Sold: 45.00 tUSD received");
    expect(positionRow({ ...sold, realizedProceeds: "0", unredeemed: "0" }, coin).sale).toBe("Sold: nothing to redeem");
  });

  it("capital a refinance returned is shown beside the cost basis it lowered, only when there is some", () => {
    expect(positionRow(position, coin).capitalReturned).toBeNull();
    expect(positionRow({ ...position, capitalReturned: "250000000" }, coin).capitalReturned).toBe("250.00 tUSD");
    const total = {
      currency: "EUR",
      costBasis: "1250000000",
      incomeReceived: "0",
      realizedGain: "0",
      capitalReturned: "250000000",
      valueAtNav: null,
      unrealizedGain: null,
      irr: null,
    };
    expect(totalRow(total, coin).capitalReturned).toBe("250.00 tUSD");
    expect(totalRow({ ...total, capitalReturned: "0" }, coin).capitalReturned).toBeNull();
  });

  it("16 no NAV yet: value, gain and IRR are dashes, never zero", () => {
    const row = positionRow({ ...position, navPerUnit: null, valueAtNav: null, unrealizedGain: null, irr: null }, coin);
    expect([row.valueAtNav, row.gainAtNav, row.irr]).toEqual(["—", "—", "—"]);
    expect(
      totalRow(
        {
          currency: "EUR",
          costBasis: "1",
          incomeReceived: "0",
          realizedGain: "0",
          capitalReturned: "0",
          valueAtNav: null,
          unrealizedGain: null,
          irr: null,
        },
        coin,
      ),
    ).toEqual({
      currency: "EUR",
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
