/** Opaque cursors for keyset pagination: base64url JSON of the last row's sort key. */
import { ValidationError } from "./errors.ts";

export function encodeCursor(values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, length: number): (string | number | null)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(values) && values.length === length && values.every((v) => v === null || ["string", "number"].includes(typeof v))) {
      return values as (string | number | null)[];
    }
  } catch {
    // fall through
  }
  throw new ValidationError("the cursor is not one this API returned", [{ path: "query.cursor", message: "invalid" }]);
}
