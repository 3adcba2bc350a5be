/**
 * Review 2026-12, portfolio findings. 1: "In escrow" (the total and each row) was the units subscribed x the
 * offering's public price, while an invitation's buyer paid the invitation's price: the escrow now holds what the
 * offering's books say the wallet paid (`paidBy`). 2: every amount was shown in the platform's current payment coin,
 * while an offering and a rent book keep the coin they were launched with (a new `--payment-token` applies to new
 * launches only): each holding's amounts are in its own coins, and the totals are one line per coin.
 */
import fc from "fast-check";
import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../format/amounts";
import {
  amountsText,
  escrowedOf,
  totalsByCoin,
  totalsFigures,
  type HoldingMoney,
  type PortfolioCoin,
  type RentReceived,
} from "./coinTotals";

const TUSD: PortfolioCoin = { address: "0x00000000000000000000000000000000000000a6", symbol: "tUSD", decimals: 6 };
const OLD: PortfolioCoin = { address: "0x00000000000000000000000000000000000000b8", symbol: "OLD", decimals: 8 };
const DAI: PortfolioCoin = { address: "0x00000000000000000000000000000000000000c1", symbol: "DAI", decimals: 18 };

const holding = (h: Partial<HoldingMoney>): HoldingMoney => ({
  units: 0n,
  pricePerUnit: 0n,
  subscribedPending: 0n,
  escrowed: 0n,
  claimableRent: 0n,
  rentOnHold: false,
  coin: TUSD,
  rentCoin: TUSD,
  ...h,
});

describe("finding 1: the escrow is what the wallet paid, each unit at its own price", () => {
  it("3 units bought through an invitation at 8 tUSD (public price 10): 24.00 tUSD in escrow, not 30.00", () => {
    const paid = 24_000_000n; // paidBy(wallet): 3 x 8 tUSD
    const escrowed = escrowedOf({ subscribed: 3n, settled: false, paid });
    expect(escrowed).toBe(24_000_000n);
    const [line] = totalsByCoin([holding({ pricePerUnit: 10_000_000n, subscribedPending: 3n, escrowed })], []);
    expect(totalsFigures(line!).find((f) => f.label === "In escrow (not yet claimed)")?.value).toBe("24.00 tUSD");
  });

  it("a settled subscription (units claimed, or the payment refunded) holds nothing in escrow", () => {
    expect(escrowedOf({ subscribed: 3n, settled: true, paid: 24_000_000n })).toBe(0n);
    expect(escrowedOf({ subscribed: 0n, settled: false, paid: 0n })).toBe(0n);
  });
});

describe("finding 2: each holding in its own coin, one total per coin", () => {
  const holdings = [
    holding({ units: 5n, pricePerUnit: 10_000_000n, claimableRent: 1_500_000n }),
    // Launched before the platform changed coin: priced and paying rent in an 8-decimal coin.
    holding({ units: 2n, pricePerUnit: 100_000_000n, claimableRent: 50_000_000n, coin: OLD, rentCoin: OLD }),
  ];
  const rent: RentReceived[] = [
    { kind: "Rent", amount: 2_000_000n, coin: TUSD },
    { kind: "Rent", amount: 25_000_000n, coin: OLD },
    { kind: "Subscribed", amount: 50_000_000n, coin: TUSD },
  ];

  it("two coins: two total lines, neither adds the other's amounts", () => {
    const totals = totalsByCoin(holdings, rent);
    expect(totals.map((t) => t.coin.symbol)).toEqual(["tUSD", "OLD"]);
    expect(totals.map(totalsFigures)).toEqual([
      [
        { label: "Value at offering price", value: "50.00 tUSD", testId: "value" },
        { label: "Claimable rent", value: "1.50 tUSD", testId: "claimable-rent" },
        { label: "Rent received", value: "2.00 tUSD", testId: "rent-received" },
      ],
      [
        { label: "Value at offering price", value: "2.00 OLD", testId: "value" },
        { label: "Claimable rent", value: "0.50 OLD", testId: "claimable-rent" },
        { label: "Rent received", value: "0.25 OLD", testId: "rent-received" },
      ],
    ]);
  });

  it("the rent to claim names each coin's amount, never a sum of two coins", () => {
    const claimable = totalsByCoin(holdings, []).map((t) => ({ amount: t.claimable, coin: t.coin }));
    expect(amountsText(claimable)).toBe("1.50 tUSD and 0.50 OLD");
    expect(amountsText(claimable.slice(0, 1))).toBe("1.50 tUSD");
    expect(amountsText([...claimable, { amount: 10n ** 18n, coin: DAI }])).toBe("1.50 tUSD, 0.50 OLD and 1.00 DAI");
  });

  it("rent on hold is not claimable now; a coin with only rent on hold shows none to claim", () => {
    const totals = totalsByCoin([holding({ claimableRent: 7n, rentOnHold: true, coin: OLD, rentCoin: OLD })], []);
    expect(totals).toEqual([{ coin: OLD, value: 0n, escrowed: 0n, claimable: 0n, rentReceived: 0n }]);
  });

  it("coins are told apart by address, whatever the letters' case", () => {
    const upper = { ...OLD, address: OLD.address.toUpperCase().replace("0X", "0x") as Address };
    expect(totalsByCoin([holding({ coin: OLD, rentCoin: upper, units: 1n, pricePerUnit: 1n })], [])).toHaveLength(1);
  });
});

/**
 * The class: an offering's books (PropertyOffering: each subscription booked at its own price, public or invited;
 * `paidBy` their sum; a claim or a refund settles the whole position) and rent in each token's own coin, for generated
 * portfolios over 1 to 3 coins of 6, 8 and 18 decimals. The totals shown equal the model's per-coin sums of what was
 * actually paid and received, one line per coin.
 */
describe("findings 1 and 2 (class): totals are per-coin sums of actual payments", () => {
  const COINS = [TUSD, OLD, DAI];
  const portfolio = fc.subarray(COINS, { minLength: 1 }).chain((coins) =>
    fc.record({
      coins: fc.constant(coins),
      holdings: fc.array(
        fc.record({
          coin: fc.constantFrom(...coins),
          // The rent book's coin is fixed at launch like the offering's; generated apart all the same.
          rentCoin: fc.constantFrom(...coins),
          publicPrice: fc.bigInt({ min: 1n, max: 10n ** 24n }),
          units: fc.bigInt({ min: 0n, max: 10_000n }),
          subscriptions: fc.array(
            fc.record({
              units: fc.bigInt({ min: 1n, max: 1_000n }),
              // null: the public price; else an invitation's own price (any, above or below the public one).
              invitedPrice: fc.option(fc.bigInt({ min: 1n, max: 10n ** 24n }), { nil: null }),
            }),
            { maxLength: 4 },
          ),
          settled: fc.boolean(),
          claimableRent: fc.bigInt({ min: 0n, max: 10n ** 24n }),
          rentOnHold: fc.boolean(),
          rentClaims: fc.array(fc.bigInt({ min: 1n, max: 10n ** 24n }), { maxLength: 3 }),
        }),
        { maxLength: 6 },
      ),
    }),
  );

  it("value, escrow, claimable rent and rent received: each coin's own sums, formatted in that coin", () => {
    fc.assert(
      fc.property(portfolio, ({ coins, holdings }) => {
        const model = new Map(coins.map((c) => [c.address, { value: 0n, escrowed: 0n, claimable: 0n, rent: 0n }]));
        const shown: HoldingMoney[] = [];
        const history: RentReceived[] = [];
        for (const h of holdings) {
          const payments = h.subscriptions.map((s) => s.units * (s.invitedPrice ?? h.publicPrice));
          const subscribed = h.subscriptions.reduce((sum, s) => sum + s.units, 0n);
          // What the chain answers: the offering's paidBy (every subscription at its own price), and isSettled.
          const paid = payments.reduce((sum, p) => sum + p, 0n);
          shown.push({
            units: h.units,
            pricePerUnit: h.publicPrice,
            subscribedPending: h.settled ? 0n : subscribed,
            escrowed: escrowedOf({ subscribed, settled: h.settled, paid }),
            claimableRent: h.claimableRent,
            rentOnHold: h.rentOnHold,
            coin: h.coin,
            rentCoin: h.rentCoin,
          });
          for (const amount of h.rentClaims) history.push({ kind: "Rent", amount, coin: h.rentCoin });
          history.push({ kind: "Subscribed", amount: paid, coin: h.coin });
          const inCoin = model.get(h.coin.address)!;
          inCoin.value += h.units * h.publicPrice;
          if (!h.settled) for (const p of payments) inCoin.escrowed += p;
          const inRentCoin = model.get(h.rentCoin.address)!;
          if (!h.rentOnHold) inRentCoin.claimable += h.claimableRent;
          for (const amount of h.rentClaims) inRentCoin.rent += amount;
        }
        const totals = totalsByCoin(shown, history);
        // One line per coin with money in it, never two for one coin.
        const addresses = totals.map((t) => t.coin.address);
        expect(new Set(addresses).size).toBe(addresses.length);
        const used = new Set([
          ...holdings.flatMap((h) => [h.coin.address, h.rentCoin.address]),
          ...history.filter((e) => e.kind === "Rent").map((e) => e.coin!.address),
        ]);
        expect(new Set(addresses)).toEqual(used);
        for (const t of totals) {
          const m = model.get(t.coin.address)!;
          const coin = COINS.find((c) => c.address === t.coin.address)!;
          expect(t.coin).toEqual(coin);
          expect({ value: t.value, escrowed: t.escrowed, claimable: t.claimable, rent: t.rentReceived }).toEqual(m);
          // What the page shows: each figure in this line's coin, at its decimals, and no other coin's symbol.
          const figures = Object.fromEntries(totalsFigures(t).map((f) => [f.testId, f.value]));
          expect(figures).toEqual({
            value: formatMoney(m.value, coin),
            ...(m.escrowed > 0n ? { escrowed: formatMoney(m.escrowed, coin) } : {}),
            "claimable-rent": formatMoney(m.claimable, coin),
            "rent-received": formatMoney(m.rent, coin),
          });
        }
      }),
    );
  });
});
