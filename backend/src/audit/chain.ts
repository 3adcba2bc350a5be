/**
 * The hash chain of the audit trail: each entry's hash is SHA-256 over the previous entry's hash and a canonical
 * JSON encoding (keys sorted, so JSONB's key reordering does not matter) of the entry's content.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedContent {
  prevHash: string;
  at: string;
  actorId: string | null;
  actorAddress: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
}

export function entryHash(content: ChainedContent): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/** Plain JSON (Decimal -> string, Date -> ISO string, BigInt -> string), exactly what JSONB will give back. */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as unknown;
}
