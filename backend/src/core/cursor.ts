/**
 * Opaque cursors for keyset pagination: base64url JSON of the last row's sort key. A cursor comes back from the
 * client, so it is input like any other: the decoder checks every value against the key it stands for (a
 * timestamp PostgreSQL can read, a UUID, a decimal that fits the column, text without NUL) and
 * answers a typed 400 otherwise. A hand-made or truncated cursor used to reach the database and fail with a 500.
 */
import { ValidationError } from "./errors.ts";

export type CursorValue = string | number | null;

/** What each position of a cursor holds. */
export type CursorKey = "timestamp" | "uuid" | "text" | "decimal" | "decimal-or-null";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;
/** Money columns are numeric(18, 2). */
const DECIMAL = /^\d{1,16}(\.\d{1,2})?$/;
/** A name of 200 characters of 3-byte UTF-8 plus a UUID, base64url-encoded, fits. */
const MAX_CURSOR_LENGTH = 2_000;

function validTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Round trip: 2026-02-30 or 25:00 are rejected here instead of by PostgreSQL.
  return (
    y >= 1 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
  );
}

function fits(key: CursorKey, value: unknown): boolean {
  switch (key) {
    case "uuid":
      return typeof value === "string" && UUID.test(value);
    case "timestamp":
      return typeof value === "string" && validTimestamp(value);
    case "text":
      // Names already recorded may hold any character but NUL (which PostgreSQL cannot compare against text).
      return typeof value === "string" && !value.includes("\u0000") && [...value].length <= 200;
    case "decimal":
      return typeof value === "string" && DECIMAL.test(value);
    case "decimal-or-null":
      return value === null || (typeof value === "string" && DECIMAL.test(value));
  }
}

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

function invalid(): never {
  throw new ValidationError(
    "the cursor is not one this API returned (it is malformed, truncated or edited); start again without it",
    [{ path: "query.cursor", message: "invalid" }],
  );
}

/** The values of a cursor whose positions hold `keys`; undefined without a cursor; a 400 for anything else. */
export function decodeCursor(cursor: string | undefined, keys: readonly CursorKey[]): (string | null)[] | undefined {
  if (cursor === undefined) return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) invalid();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    invalid();
  }
  if (!Array.isArray(values) || values.length !== keys.length || !keys.every((key, i) => fits(key, values[i])))
    invalid();
  return values as (string | null)[];
}

/**
 * Keyset paging on (createdAt, id), the order most lists use: the condition for the rows after a decoded cursor
 * (in `direction` order; a Prisma `where` fragment, empty on the first page), and `pageByCreatedAtId` below.
 */
export function afterCreatedAtId(
  after: (string | null)[] | undefined,
  direction: "asc" | "desc",
): { OR?: { createdAt: Partial<Record<"lt" | "gt", Date>> | Date; id?: Partial<Record<"lt" | "gt", string>> }[] } {
  if (!after) return {};
  const at = new Date(String(after[0]));
  const id = String(after[1]);
  return direction === "desc"
    ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] }
    : { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: id } }] };
}

/** The page of `limit` rows out of the `limit + 1` fetched, with the cursor of the next page if there is one. */
export function pageByCreatedAtId<T extends { createdAt: Date; id: string }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}
