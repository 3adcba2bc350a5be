/** Schemas shared by several domains (identifiers, money, dates, paging): zod, no HTTP. */
import { z } from "zod";

// The scalars the web's forms check too live in @freehold/rules (one wording for the form and the 400).
export { Area, Currency, DateOnly, dateTime, Money, PositiveMoney, SmallCount, Text } from "@freehold/rules/scalars";

export const IdParams = z.object({ id: z.uuid() });

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code")
  .meta({ example: "US" });

export const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256")
  .meta({ example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" });

export const EthAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an Ethereum address");

export const Limit = z.coerce.number().int().min(1).max(100).default(20);

export const Cursor = z.string().max(2_000).optional();

export function toDateOnly(value: Date | null | undefined): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

export function parseDateOnly(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}
