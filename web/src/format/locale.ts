/**
 * The one locale the app formats with. Dates follow the reader's browser (their language's order, month names and
 * their own time zone, named on every time shown). Numbers keep English digit grouping ("1,234.50") whatever the
 * browser says, because that is also how amount fields parse what people type: a figure shown can be typed back.
 */
export const NUMBER_LOCALE = "en-GB";

/** The reader's locale (the browser's first language), `en-GB` where there is no browser (tests, scripts). */
export function readerLocale(): string {
  const nav = typeof navigator === "undefined" ? undefined : navigator;
  const wanted = nav?.languages?.[0] ?? nav?.language;
  if (!wanted) return "en-GB";
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([wanted])[0] ?? "en-GB";
  } catch {
    return "en-GB";
  }
}
