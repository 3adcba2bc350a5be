/**
 * Every date and time the app shows goes through here: one locale-aware format (`Intl.DateTimeFormat`, medium
 * date style in the reader's locale), times in the reader's own time zone with the zone named, so a deadline is
 * never read in the wrong zone.
 *
 * What the app gets: chain timestamps (unix seconds, `number` or `bigint`), API instants (ISO strings with a time),
 * and calendar dates (`YYYY-MM-DD`: a lease period, a due date, a document's expiry) which belong to no time zone
 * and are shown as written, never shifted by a zone.
 */
import { readerLocale } from "./locale";

export type DateInput = number | bigint | string | Date;

export interface DateContext {
  /** BCP 47 locale; default: the reader's browser. */
  locale?: string;
  /** IANA time zone; default: the reader's. Calendar dates ignore it. */
  timeZone?: string;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** Whether `value` is a calendar date (`YYYY-MM-DD`), which is shown in UTC so no zone moves it to another day. */
export function isCalendarDate(value: DateInput): value is string {
  return typeof value === "string" && CALENDAR_DATE.test(value);
}

/** The instant `value` stands for: unix seconds (chain), an ISO string (API), or a Date. Throws on nonsense. */
export function toDate(value: DateInput): Date {
  const date =
    value instanceof Date
      ? value
      : typeof value === "string"
        ? new Date(isCalendarDate(value) ? `${value}T00:00:00Z` : MONTH.test(value) ? `${value}-01T00:00:00Z` : value)
        : new Date(Number(value) * 1000);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  return date;
}

function zoneOf(value: DateInput, context: DateContext): string | undefined {
  return isCalendarDate(value) || (typeof value === "string" && MONTH.test(value)) ? "UTC" : context.timeZone;
}

/** A day: "12 Mar 2027" (en-GB), "Mar 12, 2027" (en-US), "12.03.2027" (de-DE). */
export function formatDate(value: DateInput, context: DateContext = {}): string {
  return new Intl.DateTimeFormat(context.locale ?? readerLocale(), {
    dateStyle: "medium",
    timeZone: zoneOf(value, context),
  }).format(toDate(value));
}

/**
 * A period the API gives as [start, end): first and last day, both shown, so consecutive periods never seem to share
 * a day ("1 Nov 2026 – 30 Nov 2026", not "– 1 Dec 2026": review 2026-12-06 L4). Calendar dates (`YYYY-MM-DD`).
 */
export function formatPeriod(start: string, endExclusive: string, context: DateContext = {}): string {
  const last = new Date(toDate(endExclusive).getTime() - 86_400_000).toISOString().slice(0, 10);
  const first = formatDate(start, context);
  return last <= start ? first : `${first} – ${formatDate(last, context)}`;
}

function dateTimeFormat(value: DateInput, context: DateContext): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(context.locale ?? readerLocale(), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone: zoneOf(value, context),
  });
}

/** A moment, with its time zone named: "12 Mar 2027, 14:00 UTC", "Mar 12, 2027, 3:00 PM GMT+1". */
export function formatDateTime(value: DateInput, context: DateContext = {}): string {
  return dateTimeFormat(value, context).format(toDate(value));
}

/**
 * From one moment to another, saying the day once when both fall on it: "12 Mar 2027, 14:00–14:40 UTC", and
 * "12 Mar 2027, 14:00 UTC – 13 Mar 2027, 09:10 UTC" across days (`Intl.DateTimeFormat#formatRange`).
 */
export function formatDateTimeRange(from: DateInput, to: DateInput, context: DateContext = {}): string {
  return dateTimeFormat(from, context).formatRange(toDate(from), toDate(to));
}

/** A month for charts: "Nov 26" (`"2026-11"`, or an instant's month in the reader's zone). */
export function formatMonth(value: DateInput, context: DateContext = {}): string {
  return new Intl.DateTimeFormat(context.locale ?? readerLocale(), {
    month: "short",
    year: "2-digit",
    timeZone: zoneOf(value, context),
  }).format(toDate(value));
}

/** The `YYYY-MM` key of an instant's month in `timeZone` (default UTC), for grouping before `formatMonth`. */
export function monthKey(value: DateInput, timeZone = "UTC"): string {
  const parts = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone }).formatToParts(
    toDate(value),
  );
  return `${parts.find((p) => p.type === "year")!.value}-${parts.find((p) => p.type === "month")!.value}`;
}
