/** Schemas shared by several domains (identifiers, money, dates, paging): zod, no HTTP. */
import { z } from "zod";

export const IdParams = z.object({ id: z.uuid() });

/** Money as a decimal string with at most 2 decimals (never a float). */
export const Money = z
  .string()
  .regex(/^\d{1,16}(\.\d{1,2})?$/, "a non-negative decimal amount with at most 2 decimals, as a string")
  .meta({ example: "250000.00" });

export const PositiveMoney = Money.refine((v) => Number(v) > 0, "must be greater than zero");

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "an ISO 4217 currency code")
  .meta({ example: "USD" });

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code")
  .meta({ example: "US" });

/**
 * A calendar date, `YYYY-MM-DD`, from year 0001: ISO 8601's year 0000 is a date that PostgreSQL refuses (it has no
 * year 0), so it is refused here with a 400 instead of failing in the query (found by the OpenAPI-wide fuzz).
 */
export const DateOnly = z.iso.date().refine((value) => value >= "0001-01-01", "a date from year 0001 on");

export const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256")
  .meta({ example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" });

export const EthAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an Ethereum address");

export const Limit = z.coerce.number().int().min(1).max(100).default(20);

export const Cursor = z.string().max(2_000).optional();

/** Trimmed non-empty text of bounded length. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

export function toDateOnly(value: Date | null | undefined): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

export function parseDateOnly(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}
