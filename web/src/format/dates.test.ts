import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDateTimeRange, formatMonth, formatPeriod, monthKey, toDate } from "./dates";

const GB = { locale: "en-GB", timeZone: "UTC" };
/** Intl puts thin spaces around a range's dash: compared with plain spaces. */
const plain = (text: string) => text.replace(/\s/g, " ");

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

  it("15 a range of moments says the day once when both fall on it (the audit trail's repeated views)", () => {
    const from = 1_800_000_000; // 2027-01-15T08:00:00Z
    expect(formatDateTimeRange(from, from + 40 * 60, GB)).toBe("15 Jan 2027, 08:00–08:40 UTC");
    expect(plain(formatDateTimeRange(from, from + 40 * 60, { locale: "en-US", timeZone: "UTC" }))).toBe(
      "Jan 15, 2027, 8:00 – 8:40 AM UTC",
    );
    // 20:00 to 00:00 UTC crosses midnight in UTC, not in Tokyo: the reader's zone decides.
    expect(plain(formatDateTimeRange(from + 12 * 3600, from + 16 * 3600, GB))).toBe(
      "15 Jan 2027, 20:00 UTC – 16 Jan 2027, 00:00 UTC",
    );
    expect(formatDateTimeRange(from + 12 * 3600, from + 16 * 3600, { locale: "en-GB", timeZone: "Asia/Tokyo" })).toBe(
      "16 Jan 2027, 05:00–09:00 GMT+9",
    );
  });

  it("15 a range names its date once when both ends fall on one day, twice otherwise, in any zone and locale", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 60, max: 3600 * 30 }),
        fc.constantFrom("en-GB", "en-US", "de-DE", "fr-FR", "pt-PT"),
        fc.constantFrom("UTC", "Europe/Lisbon", "America/New_York", "Asia/Tokyo"),
        (from, length, locale, timeZone) => {
          const context = { locale, timeZone };
          const oneDay = formatDate(from, context) === formatDate(from + length, context);
          const years = formatDateTimeRange(from, from + length, context).match(/\b\d{4}\b/g) ?? [];
          expect(years).toHaveLength(oneDay ? 1 : 2);
        },
      ),
    );
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

describe("formatPeriod: a [start, end) period shows its first and last day", () => {
  it("a month reads 1 Nov to 30 Nov, not to 1 Dec (review 2026-12-06 L4: consecutive periods seemed to overlap)", () => {
    expect(formatPeriod("2026-11-01", "2026-12-01", { locale: "en-GB" })).toBe("1 Nov 2026 – 30 Nov 2026");
    expect(formatPeriod("2025-01-01", "2026-01-01", { locale: "en-GB" })).toBe("1 Jan 2025 – 31 Dec 2025");
    expect(formatPeriod("2026-02-14", "2026-02-15", { locale: "en-GB" })).toBe("14 Feb 2026");
  });

  it("class: consecutive periods never show the same day twice, and each shows the day before its end", () => {
    const day = fc
      .integer({ min: 0, max: 40_000 })
      .map((n) => new Date(Date.UTC(1990, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 3, maxLength: 6 }), (days) => {
        const bounds = [...days].sort();
        const shown = bounds.slice(1).map((end, i) => formatPeriod(bounds[i]!, end, { locale: "en-GB" }));
        const lastDays = shown.map((text) => text.split(" – ").at(-1));
        const firstDays = shown.map((text) => text.split(" – ")[0]);
        for (let i = 1; i < shown.length; i++) expect(firstDays[i]).not.toBe(lastDays[i - 1]);
        for (const [i, end] of bounds.slice(1).entries()) {
          const before = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
          expect(lastDays[i]).toBe(formatDate(before, { locale: "en-GB" }));
        }
      }),
    );
  });
});
