/** How statement figures read: amounts from payment-token base units, rates, and the names of kinds. */
import type { StatementKind } from "../generated/prisma/enums.ts";
import type { LedgerKind } from "../portfolio/ledger.ts";

const BASE_PER_CENT = 10_000n;

/** Base units (6 decimals) as the currency reads, to the cent (halves away from zero), grouped: "-1,234.56". */
export function formatAmount(v: bigint): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const cents = (abs + BASE_PER_CENT / 2n) / BASE_PER_CENT;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = `${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
  return negative && cents !== 0n ? `-${text}` : text;
}

export function formatIrr(irr: number | null): string {
  return irr === null ? "n/a" : `${(irr * 100).toFixed(2)} %`;
}

export const KIND_TITLES: Record<StatementKind, string> = {
  MONTHLY: "Monthly statement",
  QUARTERLY: "Quarterly statement",
  ANNUAL: "Annual statement",
  TAX_ANNUAL: "Annual tax summary",
};

export const TRANSACTION_LABELS: Record<LedgerKind, string> = {
  SUBSCRIPTION_PAID: "Subscription paid",
  REFUND: "Refund",
  UNITS_CLAIMED: "Units claimed",
  TRADE_BUY: "Bought (trade)",
  TRADE_SELL: "Sold (trade)",
  TRANSFER_IN: "Transfer in",
  TRANSFER_OUT: "Transfer out",
  EXIT_REDEEMED: "Redeemed (property sold)",
  RENT_CLAIMED: "Rent received",
};
