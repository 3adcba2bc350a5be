/**
 * The lines a property's period is made of. Capital expenditure is an expense line but not an operating one: it is
 * left out of NOI and paid from what NOI leaves (see period.ts).
 */
export const INCOME_CATEGORIES = ["RENT", "PARKING", "FEES", "LATE_FEES", "OTHER_INCOME"] as const;
export const EXPENSE_CATEGORIES = [
  "MANAGEMENT",
  "MAINTENANCE",
  "UTILITIES",
  "INSURANCE",
  "PROPERTY_TAX",
  "PROFESSIONAL_FEES",
  "CAPITAL_EXPENDITURE",
  "OTHER_EXPENSE",
] as const;

export type IncomeCategory = (typeof INCOME_CATEGORIES)[number];
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** A person's words for each category (statements, the web's tables). */
export const CATEGORY_LABELS: Record<IncomeCategory | ExpenseCategory, string> = {
  RENT: "Rent",
  PARKING: "Parking",
  FEES: "Fees",
  LATE_FEES: "Late fees",
  OTHER_INCOME: "Other income",
  MANAGEMENT: "Property management",
  MAINTENANCE: "Maintenance and repairs",
  UTILITIES: "Utilities",
  INSURANCE: "Insurance",
  PROPERTY_TAX: "Property tax",
  PROFESSIONAL_FEES: "Professional fees",
  CAPITAL_EXPENDITURE: "Capital expenditure",
  OTHER_EXPENSE: "Other expenses",
};
