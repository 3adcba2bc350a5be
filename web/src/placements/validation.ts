/**
 * What the manager types into "Invite an investor", and what the investor types to redeem, checked before anything is
 * signed: the widths of the contract's `Invitation` struct (uint64 units, uint128 price, uint40 expiry), the order of
 * the range, a price above zero, an expiry in the future and an address whose checksum holds. Pure, so every rule is
 * tested on its own (validation.test.ts).
 */
import { getAddress, isAddress, type Address } from "viem";
import { formatUnits, parseMoneyInput, parseUnitsInput } from "../format/amounts";

export const MAX_UINT64 = (1n << 64n) - 1n;
export const MAX_UINT128 = (1n << 128n) - 1n;
export const MAX_UINT40 = (1n << 40n) - 1n;
/** An invitation's default life: two weeks from the moment the form opens. */
export const DEFAULT_VALIDITY_DAYS = 14;

/** The form's fields as typed. `expiry` is a `datetime-local` value (the manager's own time zone). */
export interface InviteFields {
  wallet: string;
  minUnits: string;
  maxUnits: string;
  price: string;
  expiry: string;
}

export type InviteErrors = Partial<Record<keyof InviteFields, string>>;

/** The checked terms, in the struct's units: payment-token base units per unit, unix seconds. */
export interface InviteTerms {
  wallet: Address;
  minUnits: bigint;
  maxUnits: bigint;
  pricePerUnit: bigint;
  expiry: bigint;
}

export type InviteCheck = { ok: true; terms: InviteTerms } | { ok: false; errors: InviteErrors };

/** A `datetime-local` value (minutes, local time) of the moment `ms`. */
export function localDateTimeInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The default expiry: {@link DEFAULT_VALIDITY_DAYS} days after `nowMs`. */
export function defaultExpiry(nowMs: number): string {
  return localDateTimeInput(nowMs + DEFAULT_VALIDITY_DAYS * 86_400_000);
}

/** The investor's wallet: an address, and when written in mixed case, one whose EIP-55 checksum holds. */
export function checkWallet(input: string): { ok: true; value: Address } | { ok: false; error: string } {
  const text = input.trim();
  if (text === "") return { ok: false, error: "Enter the investor's wallet address." };
  if (!isAddress(text, { strict: false }))
    return { ok: false, error: "Enter a wallet address: 0x and 40 hexadecimal digits." };
  if (!isAddress(text, { strict: true }))
    return { ok: false, error: "The address's checksum (its capital letters) does not match: check it for a typo." };
  return { ok: true, value: getAddress(text) };
}

function checkUnits(input: string): { ok: true; value: bigint } | { ok: false; error: string } {
  const parsed = parseUnitsInput(input);
  if (!parsed.ok) return /^0+$/.test(input.trim()) ? { ok: false, error: "At least one unit." } : parsed;
  if (parsed.value > MAX_UINT64) return { ok: false, error: `At most ${formatUnits(MAX_UINT64)}.` };
  return parsed;
}

/**
 * What the offering would still book for the invited identity (its contract's hard cap and maximum per identity
 * apply to invitations too): an invitation whose minimum does not fit could never be accepted, and the API refuses it.
 */
export interface InviteRoom {
  maxTicket: bigint;
  /** hardCap - unitsSold. */
  remaining: bigint;
  /** What the invited identity has subscribed to this offering so far. */
  identityUnits: bigint;
}

/** Checks every field (all errors at once), given the payment token's decimals, the time now and the offering's room. */
export function checkInvite(
  fields: InviteFields,
  context: { decimals: number; nowMs: number; room?: InviteRoom | undefined },
): InviteCheck {
  const errors: InviteErrors = {};
  const wallet = checkWallet(fields.wallet);
  if (!wallet.ok) errors.wallet = wallet.error;
  const min = checkUnits(fields.minUnits);
  if (!min.ok) errors.minUnits = min.error;
  const max = checkUnits(fields.maxUnits);
  if (!max.ok) errors.maxUnits = max.error;
  if (min.ok && max.ok && min.value > max.value) errors.maxUnits = "The maximum must be at least the minimum.";
  const room = context.room;
  if (min.ok && room && min.value > room.remaining)
    errors.minUnits = `Only ${formatUnits(room.remaining)} left in the offering: the investor could not accept more.`;
  else if (min.ok && room && min.value > room.maxTicket - room.identityUnits)
    errors.minUnits =
      `The offering's maximum per investor is ${formatUnits(room.maxTicket)}` +
      (room.identityUnits > 0n ? ` and this investor already subscribed ${formatUnits(room.identityUnits)}` : "") +
      ": the investor could not accept more.";
  const price = parseMoneyInput(fields.price, context.decimals);
  if (!price.ok) errors.price = price.error;
  else if (price.value > MAX_UINT128) errors.price = "This price is too large for the offering to record.";
  const expiryMs = fields.expiry.trim() === "" ? Number.NaN : new Date(fields.expiry).getTime();
  const expiry = Number.isFinite(expiryMs) ? BigInt(Math.floor(expiryMs / 1000)) : undefined;
  if (expiry === undefined) errors.expiry = "Enter a date and time.";
  else if (expiryMs <= context.nowMs) errors.expiry = "The expiry must be in the future.";
  else if (expiry > MAX_UINT40) errors.expiry = "This date is too far ahead for the offering to record.";
  if (!wallet.ok || !min.ok || !max.ok || !price.ok || expiry === undefined || Object.keys(errors).length > 0)
    return { ok: false, errors };
  return {
    ok: true,
    terms: { wallet: wallet.value, minUnits: min.value, maxUnits: max.value, pricePerUnit: price.value, expiry },
  };
}

/** The units an investor types to redeem an invitation: whole, and within the invitation's range. */
export function checkInvitedUnits(
  input: string,
  range: { minUnits: bigint; maxUnits: bigint },
): { ok: true; value: bigint } | { ok: false; error: string } {
  const parsed = parseUnitsInput(input);
  if (!parsed.ok) return parsed;
  if (parsed.value < range.minUnits || parsed.value > range.maxUnits)
    return {
      ok: false,
      error:
        range.minUnits === range.maxUnits
          ? `This invitation is for exactly ${formatUnits(range.minUnits)}.`
          : `This invitation is for ${formatUnits(range.minUnits)} to ${formatUnits(range.maxUnits)}.`,
    };
  return parsed;
}
