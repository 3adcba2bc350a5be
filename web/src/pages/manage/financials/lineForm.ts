/**
 * The income/expense line form: what the manager types, checked with the backend's rules for a line
 * (backend/src/financials/schemas.ts: a category of its type, not RENT, a description of 1..500 characters, an
 * amount of more than zero in whole cents, at most 15 digits) so a refusal is shown beside the field before sending.
 */
import { parseMoneyInput } from "../../../format/amounts";
import { TYPED_INCOME, EXPENSE_CATEGORIES, typeOfCategory, type Category, type FinancialLine } from "./periodFigures";

export interface LineFormValues {
  category: Category | "";
  description: string;
  /** In the currency's units, as typed ("1,250.50"). */
  amount: string;
  supportingDocumentId: string;
}

export type LineField = "category" | "description" | "amount";

export interface LineBody {
  type: FinancialLine["type"];
  category: Category;
  description: string;
  amount: string;
  supportingDocumentId: string | null;
}

export type LineCheck = { ok: true; body: LineBody } | { ok: false; errors: Partial<Record<LineField, string>> };

const TYPED: readonly string[] = [...TYPED_INCOME, ...EXPENSE_CATEGORIES];
const MAX_MINOR_UNITS = 10n ** 15n - 1n;

/** Cents typed in the currency's units; the same words the amount field of the other money forms uses. */
export function parseCents(text: string): { ok: true; value: bigint } | { ok: false; error: string } {
  const parsed = parseMoneyInput(text, 2);
  if (!parsed.ok) return parsed;
  if (parsed.value > MAX_MINOR_UNITS) return { ok: false, error: "At most 15 digits of cents." };
  return parsed;
}

/** Cents as the form shows them for editing ("1250.50"), so an edited line reads back exactly. */
export function centsToInput(cents: string | bigint): string {
  const value = BigInt(cents);
  const fraction = value % 100n;
  return fraction === 0n ? String(value / 100n) : `${value / 100n}.${String(fraction).padStart(2, "0")}`;
}

export function checkLine(values: LineFormValues): LineCheck {
  const errors: Partial<Record<LineField, string>> = {};
  if (values.category === "") errors.category = "Choose a category.";
  else if (values.category === "RENT")
    errors.category = "Rent comes from the lease payments recorded for the month; it is not typed.";
  else if (!TYPED.includes(values.category)) errors.category = "Choose one of the listed categories.";
  const description = values.description.trim();
  if (description === "") errors.description = "Describe the line.";
  else if (description.length > 500) errors.description = "At most 500 characters.";
  const amount = parseCents(values.amount);
  if (!amount.ok) errors.amount = amount.error;
  if (Object.keys(errors).length > 0 || !amount.ok || values.category === "") return { ok: false, errors };
  return {
    ok: true,
    body: {
      type: typeOfCategory(values.category),
      category: values.category,
      description,
      amount: amount.value.toString(),
      supportingDocumentId: values.supportingDocumentId || null,
    },
  };
}

/** The reserve put aside: zero allowed (no reserve), else cents as for a line. */
export function parseReserve(text: string): { ok: true; value: bigint } | { ok: false; error: string } {
  const trimmed = text.trim().replace(/,/g, "");
  if (/^0*(\.0*)?$/.test(trimmed) && trimmed !== "" && trimmed !== ".") return { ok: true, value: 0n };
  if (trimmed === "") return { ok: false, error: "Enter an amount (0 for no reserve)." };
  return parseCents(text);
}
