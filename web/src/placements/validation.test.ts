import fc from "fast-check";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import {
  checkInvite,
  checkInvitedUnits,
  checkWallet,
  defaultExpiry,
  localDateTimeInput,
  MAX_UINT128,
  MAX_UINT64,
  type InviteFields,
} from "./validation";

const NOW = Date.UTC(2027, 2, 1, 12, 0);
const WALLET = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const valid: InviteFields = {
  wallet: WALLET,
  minUnits: "1",
  maxUnits: "10",
  price: "100",
  expiry: defaultExpiry(NOW),
};
const context = { decimals: 6, nowMs: NOW };
const units = fc.bigInt({ min: 1n, max: MAX_UINT64 });

describe("invite an investor: the form's checks", () => {
  it("20 accepts the defaults: expiry 14 days ahead, the price in base units, the wallet checksummed", () => {
    const check = checkInvite(valid, context);
    expect(check).toEqual({
      ok: true,
      terms: {
        wallet: getAddress(WALLET),
        minUnits: 1n,
        maxUnits: 10n,
        pricePerUnit: 100_000_000n,
        expiry: BigInt(Math.floor(new Date(defaultExpiry(NOW)).getTime() / 1000)),
      },
    });
    if (check.ok) expect(Number(check.terms.expiry) * 1000 - NOW).toBe(14 * 86_400_000);
  });

  it("20 any range min <= max within uint64 passes; min > max is refused on the maximum", () => {
    fc.assert(
      fc.property(units, units, (a, b) => {
        const check = checkInvite({ ...valid, minUnits: String(a), maxUnits: String(b) }, context);
        if (a <= b) expect(check).toMatchObject({ ok: true, terms: { minUnits: a, maxUnits: b } });
        else expect(check).toEqual({ ok: false, errors: { maxUnits: "The maximum must be at least the minimum." } });
      }),
    );
  });

  it("20 units beyond uint64, zero, fractions and words are refused, each with its reason", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MAX_UINT64 + 1n, max: MAX_UINT64 * 1000n }), (big) => {
        const check = checkInvite({ ...valid, maxUnits: String(big) }, context);
        expect(check.ok).toBe(false);
        if (!check.ok) expect(check.errors.maxUnits).toMatch(/^At most /);
      }),
    );
    for (const [input, reason] of [
      ["0", "At least one unit."],
      ["1.5", "Units are whole: a unit cannot be split."],
      ["ten", "Enter a whole number of units, for example 10."],
      ["", "Enter a number of units."],
    ] as const) {
      const check = checkInvite({ ...valid, minUnits: input }, context);
      expect(check).toEqual({ ok: false, errors: { minUnits: reason } });
    }
  });

  it("20 a price must be above zero, within uint128, with at most the token's decimals", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_UINT128 }), fc.integer({ min: 0, max: 18 }), (base, decimals) => {
        const whole = base / 10n ** BigInt(decimals);
        const fraction = (base % 10n ** BigInt(decimals)).toString().padStart(decimals, "0");
        const text = decimals === 0 ? String(whole) : `${whole}.${fraction}`;
        const check = checkInvite({ ...valid, price: text }, { ...context, decimals });
        expect(check).toMatchObject({ ok: true, terms: { pricePerUnit: base } });
      }),
    );
    expect(checkInvite({ ...valid, price: "0" }, context)).toEqual({
      ok: false,
      errors: { price: "The amount must be more than zero." },
    });
    expect(checkInvite({ ...valid, price: "0.0000001" }, context)).toEqual({
      ok: false,
      errors: { price: "At most 6 decimal places." },
    });
    expect(checkInvite({ ...valid, price: String(MAX_UINT128 + 1n) }, { ...context, decimals: 0 })).toEqual({
      ok: false,
      errors: { price: "This price is too large for the offering to record." },
    });
  });

  it("20 the expiry must be in the future (any moment up to now is refused) and a date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }), (ago) => {
        const check = checkInvite({ ...valid, expiry: localDateTimeInput(NOW - ago) }, context);
        expect(check).toEqual({ ok: false, errors: { expiry: "The expiry must be in the future." } });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 60_000, max: 10 * 365 * 86_400_000 }), (ahead) => {
        const check = checkInvite({ ...valid, expiry: localDateTimeInput(NOW + ahead) }, context);
        expect(check.ok).toBe(true);
      }),
    );
    expect(checkInvite({ ...valid, expiry: "" }, context)).toEqual({
      ok: false,
      errors: { expiry: "Enter a date and time." },
    });
  });

  it("20 a wallet must be an address whose mixed-case checksum holds; all lower case is accepted", () => {
    expect(checkWallet(WALLET.toLowerCase())).toEqual({ ok: true, value: getAddress(WALLET) });
    expect(checkWallet(` ${WALLET} `)).toEqual({ ok: true, value: getAddress(WALLET) });
    // One letter's case flipped breaks the checksum.
    const flipped = WALLET.replace("C5", "c5");
    expect(checkWallet(flipped)).toMatchObject({ ok: false, error: expect.stringMatching(/checksum/) });
    for (const bad of [
      "",
      "0x123",
      "70997970C51812dc3A010C7d01b50e0d17dc79C8",
      `${WALLET}00`,
      "0xZZ997970C51812dc3A010C7d01b50e0d17dc79C8",
    ])
      expect(checkWallet(bad).ok).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const address = getAddress(`0x${Buffer.from(bytes).toString("hex")}`);
        expect(checkWallet(address)).toEqual({ ok: true, value: address });
      }),
    );
  });

  it("20 every bad field is reported at once, and nothing is signed while any is", () => {
    const check = checkInvite({ wallet: "nope", minUnits: "0", maxUnits: "x", price: "", expiry: "" }, context);
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(Object.keys(check.errors).sort()).toEqual(["expiry", "maxUnits", "minUnits", "price", "wallet"]);
  });
});

describe("accepting an invitation: the units typed", () => {
  it("20 any whole number within the invitation's range is accepted, anything outside refused with the range", () => {
    fc.assert(
      fc.property(units, units, fc.bigInt({ min: 1n, max: MAX_UINT64 }), (a, b, typed) => {
        const [minUnits, maxUnits] = a <= b ? [a, b] : [b, a];
        const check = checkInvitedUnits(String(typed), { minUnits, maxUnits });
        if (typed >= minUnits && typed <= maxUnits) expect(check).toEqual({ ok: true, value: typed });
        else expect(check).toMatchObject({ ok: false, error: expect.stringMatching(/^This invitation is for /) });
      }),
    );
    expect(checkInvitedUnits("5", { minUnits: 4n, maxUnits: 4n })).toEqual({
      ok: false,
      error: "This invitation is for exactly 4 units.",
    });
    expect(checkInvitedUnits("2.5", { minUnits: 1n, maxUnits: 4n }).ok).toBe(false);
  });
});

describe("invite an investor: the offering's room (review 2026-12-06 M3)", () => {
  it("refuses a minimum above the maximum per investor: 450-900 units where the maximum was 400", () => {
    const room = { maxTicket: 400n, remaining: 620n, identityUnits: 0n };
    const check = checkInvite({ ...valid, minUnits: "450", maxUnits: "900" }, { ...context, room });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.minUnits).toMatch(/maximum per investor is 400 units/);
    expect(checkInvite({ ...valid, minUnits: "400", maxUnits: "900" }, { ...context, room }).ok).toBe(true);
  });

  it("class: the minimum passes exactly when the offering could book it for the identity (PropertyOffering._book)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2_000n }),
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.bigInt({ min: 1n, max: 2_100n }),
        (maxTicket, remaining, identityUnitsRaw, min) => {
          const identityUnits = identityUnitsRaw > maxTicket ? maxTicket : identityUnitsRaw;
          const room = { maxTicket, remaining, identityUnits };
          const check = checkInvite(
            { ...valid, minUnits: String(min), maxUnits: String(min + 5n) },
            { ...context, room },
          );
          const books = min <= remaining && identityUnits + min <= maxTicket;
          expect(
            check.ok,
            JSON.stringify({ ...room, min }, (_k, v) => String(v)),
          ).toBe(books);
        },
      ),
      { numRuns: 400 },
    );
  });
});
