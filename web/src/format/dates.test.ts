import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMonth, monthKey, toDate } from "./dates";

const GB = { locale: "en-GB", timeZone: "UTC" };

describe("15 one date format: formatDate / formatDateTime / formatMonth", () => {
  it("15 chain seconds, API instants and Date objects read the same", () => {
    const seconds = 1_800_000_000; // 2027-01-15T08:00:00Z
    expect(formatDate(seconds, GB)).toBe("15 Jan 2027");
    expect(formatDate(BigInt(seconds), GB)).toBe("15 Jan 2027");
    expect(formatDate("2027-01-15T08:00:00.000Z", GB)).toBe("15 Jan 2027");
    expect(formatDate(new Date(seconds * 1000), GB)).toBe("15 Jan 2027");
    expect(formatDateTime(seconds, GB)).toBe("15 Jan 2027, 08:00 UTC");
  });

  it("15 follows the reader's locale and names the reader's time zone", () => {
    expect(formatDate(1_800_000_000, { locale: "en-US", timeZone: "UTC" })).toBe("Jan 15, 2027");
    expect(formatDate(1_800_000_000, { locale: "de-DE", timeZone: "UTC" })).toBe("15.01.2027");
    expect(formatDateTime(1_800_000_000, { locale: "en-GB", timeZone: "Europe/Lisbon" })).toBe(
      "15 Jan 2027, 08:00 WET",
    );
    expect(formatDateTime(1_800_000_000, { locale: "en-GB", timeZone: "Asia/Tokyo" })).toBe("15 Jan 2027, 17:00 GMT+9");
  });

  it("15 a calendar date (lease period, due date, document expiry) is never moved to another day by a time zone", () => {
    expect(formatDate("2026-11-01", { locale: "en-GB", timeZone: "America/Los_Angeles" })).toBe("1 Nov 2026");
    expect(formatDate("2026-11-01", { locale: "en-GB", timeZone: "Pacific/Kiritimati" })).toBe("1 Nov 2026");
    expect(formatMonth("2026-11", { locale: "en-GB", timeZone: "America/Los_Angeles" })).toBe("Nov 26");
  });

  it("15 refuses what is not a date instead of printing 'Invalid Date'", () => {
    expect(() => formatDate("soon")).toThrow(RangeError);
    expect(() => toDate(Number.NaN)).toThrow(RangeError);
  });

  it("15 (class) any calendar date in any zone and locale shows its own day of month and year", () => {
    const zones = ["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata", "Pacific/Pago_Pago"];
    const locales = ["en-GB", "en-US", "fr-FR", "de-DE"];
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2150-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.constantFrom(...locales),
        (d, timeZone, locale) => {
          const iso = d.toISOString().slice(0, 10);
          const [year, , day] = iso.split("-");
          const shown = formatDate(iso, { locale, timeZone });
          expect(shown).toContain(String(Number(day)));
          expect(shown).toContain(year);
        },
      ),
    );
  });

  it("15 (class) any instant: the date-time names its zone and the date part equals formatDate in that zone; month keys sort like instants", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: 0, max: 4_102_444_800 }), (a, b) => {
        const shown = formatDateTime(a, GB);
        expect(shown.startsWith(formatDate(a, GB))).toBe(true);
        expect(shown).toMatch(/UTC$/);
        if (a <= b) expect(monthKey(a) <= monthKey(b)).toBe(true);
      }),
    );
  });
});
