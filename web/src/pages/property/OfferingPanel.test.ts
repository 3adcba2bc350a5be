/** 15 "A funded or closed offering never shows an Invest button or the escrow promise". */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PropertyDetail } from "../../api/types";
import { formatUnits, formatUnitsNumber } from "../../format/amounts";
import { fundedText, offeringTakesSubscriptions, ticketText, timeLeft, unitsSoldNow } from "./OfferingPanel";

type Chain = NonNullable<PropertyDetail["chain"]>;
const chain = (overrides: Partial<Chain> = {}): Chain => ({
  tokenAddress: "0x7777777777777777777777777777777777777777",
  tokenSymbol: "HVW",
  offeringAddress: "0x2222222222222222222222222222222222222222",
  pricePerUnit: "100000000",
  softCap: "100",
  hardCap: "1000",
  unitsSold: "250",
  startTime: 1_000,
  endTime: 2_000,
  outcome: "open",
  paymentToken: null,
  ...overrides,
});

describe("15 when the Invest button may show", () => {
  it("15 an open offering with units left before its end takes subscriptions", () => {
    expect(offeringTakesSubscriptions(chain(), 1_500)).toBe(true);
  });

  it("15 a sold-out, ended, finalized or cancelled offering does not (the registry's status may lag a few seconds)", () => {
    expect(offeringTakesSubscriptions(chain({ unitsSold: "1000" }), 1_500)).toBe(false);
    expect(offeringTakesSubscriptions(chain(), 2_000)).toBe(false);
    expect(offeringTakesSubscriptions(chain({ outcome: "finalized" }), 1_500)).toBe(false);
    expect(offeringTakesSubscriptions(chain({ outcome: "cancelled" }), 1_500)).toBe(false);
  });

  it("15 (class) for any terms and time, Invest shows only if the outcome is open, units remain and the end is ahead", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Chain["outcome"]>("open", "finalized", "cancelled"),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.option(fc.integer({ min: 0, max: 4_000_000_000 }), { nil: null }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (outcome, hardCap, unitsSold, endTime, now) => {
          const shown = offeringTakesSubscriptions(
            chain({ outcome, hardCap: String(hardCap), unitsSold: String(unitsSold), endTime }),
            now,
          );
          if (shown) {
            expect(outcome).toBe("open");
            expect(unitsSold < hardCap).toBe(true);
            if (endTime !== null) expect(now < endTime).toBe(true);
          } else {
            expect(outcome !== "open" || unitsSold >= hardCap || (endTime !== null && now >= endTime)).toBe(true);
          }
        },
      ),
    );
  });
});

describe("15 an open offering's live terms in words", () => {
  it("15 says the ticket limits per investor", () => {
    expect(ticketText(5n, 100n)).toBe("5 to 100 units");
    expect(ticketText(1n, 1n)).toBe("exactly 1 unit");
    expect(ticketText(1_000n, 0n)).toBe("at least 1,000 units");
  });

  it("15 says the time left in its largest whole unit", () => {
    expect(timeLeft(1_000 + 3 * 86_400 + 5, 1_000)).toBe("3 days left");
    expect(timeLeft(1_000 + 86_400, 1_000)).toBe("1 day left");
    expect(timeLeft(1_000 + 86_399, 1_000)).toBe("23 hours left");
    expect(timeLeft(1_000 + 3_600, 1_000)).toBe("1 hour left");
    expect(timeLeft(1_000 + 3_599, 1_000)).toBe("less than an hour left");
    expect(timeLeft(1_000, 1_000)).toBe("ended");
  });

  it("15 (class) the time left never overstates: the whole days or hours it names have not all passed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: 1, max: 400 * 86_400 }),
        (now, left) => {
          const text = timeLeft(now + left, now);
          const m = /^(\d+) (day|days|hour|hours) left$/.exec(text);
          if (!m) {
            expect(text).toBe("less than an hour left");
            expect(left).toBeLessThan(3_600);
            return;
          }
          const size = m[2]!.startsWith("day") ? 86_400 : 3_600;
          expect(Number(m[1]) * size).toBeLessThanOrEqual(left);
          expect((Number(m[1]) + 1) * size).toBeGreaterThan(size === 3_600 ? Math.min(left, 86_399) : left);
        },
      ),
    );
  });
});

describe("the units sold on the property page", () => {
  it("are the offering's own count once read, whatever the registry still says; the registry's until then", () => {
    fc.assert(
      fc.property(
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 30n })),
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 30n })),
        (registry, onChain) => {
          const shown = unitsSoldNow(registry === null ? null : registry.toString(), onChain ?? undefined);
          expect(shown).toBe(onChain ?? registry ?? 0n);
        },
      ),
    );
    // a subscriber back from paying: the chain counts the 10 units, the registry has not synced them yet
    expect(unitsSoldNow("0", 10n)).toBe(10n);
  });
});

/**
 * Review 2026-12 finding 5: a finalized offering was "fully funded" even when it closed after merely reaching its
 * minimum. The funded box says what was sold.
 */
describe("finding 5: a funded offering says what it sold", () => {
  it("7 of 10 sold (the minimum reached, not the cap): never 'fully funded'", () => {
    const text = fundedText(chain({ unitsSold: "7", hardCap: "10" }));
    expect(text).toMatch(/^This offering is funded: 7 of 10 units sold\./);
    expect(text).not.toMatch(/fully/);
  });

  it("sold out: all its units", () => {
    expect(fundedText(chain({ unitsSold: "10", hardCap: "10" }))).toMatch(
      /^This offering is funded: all 10 units sold\./,
    );
  });

  it("(class) for any units sold up to the cap, the figures are the registry's and 'all' only when sold out", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 9n }), (cap, extra) => {
        const sold = extra > cap ? cap : cap - extra;
        fc.pre(sold > 0n);
        const text = fundedText(chain({ unitsSold: String(sold), hardCap: String(cap) }));
        expect(text).not.toMatch(/fully/);
        expect(/\ball\b/.test(text)).toBe(sold === cap);
        if (sold < cap) expect(text).toContain(`${formatUnitsNumber(sold)} of ${formatUnits(cap)} sold`);
      }),
    );
  });
});
