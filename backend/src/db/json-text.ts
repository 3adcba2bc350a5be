/**
 * SQL for response JSON that PostgreSQL builds on hot read paths, printed as the presenters it replaced print it
 * (each path byte-compares the two in its tests).
 */

/** ISO 8601 in UTC with milliseconds, as Date#toISOString prints it (timestamps are stored as UTC). */
export const isoTimestamp = (column: string): string => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
