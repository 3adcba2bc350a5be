import { EXPENSE_CATEGORIES, INCOME_CATEGORIES, type ExpenseCategory, type IncomeCategory } from "./categories.js";
import { nonNegative, sum } from "./money.js";

export interface PeriodLines {
  income: readonly { category: IncomeCategory; amount: bigint }[];
  expenses: readonly { category: ExpenseCategory; amount: bigint }[];
  /** What the period puts aside into the property's reserves before anything is distributed. */
  reserveContribution: bigint;
}

export interface PeriodResult {
  totalIncome: bigint;
  /** Every expense but capital expenditure. */
  operatingExpenses: bigint;
  capitalExpenditure: bigint;
  /** Net operating income: income − operating expenses (capital expenditure excluded, as valuers count it). */
  noi: bigint;
  reserveContribution: bigint;
  /** max(0, NOI − capital expenditure − reserve contribution): what the period can pay to holders. */
  distributable: bigint;
  /** The part of capex and reserves NOI did not cover (a positive number), else 0. */
  shortfall: bigint;
}

/** A period's figures from its lines. Negative amounts and unknown categories are refused (RangeError). */
export function periodResult(lines: PeriodLines): PeriodResult {
  for (const line of lines.income) {
    if (!(INCOME_CATEGORIES as readonly string[]).includes(line.category))
      throw new RangeError(`Unknown income category ${String(line.category)}.`);
    nonNegative(line.amount, `The ${line.category} income`);
  }
  for (const line of lines.expenses) {
    if (!(EXPENSE_CATEGORIES as readonly string[]).includes(line.category))
      throw new RangeError(`Unknown expense category ${String(line.category)}.`);
    nonNegative(line.amount, `The ${line.category} expense`);
  }
  const reserveContribution = nonNegative(lines.reserveContribution, "The reserve contribution");

  const totalIncome = sum(lines.income.map((l) => l.amount));
  const capitalExpenditure = sum(
    lines.expenses.filter((l) => l.category === "CAPITAL_EXPENDITURE").map((l) => l.amount),
  );
  const operatingExpenses = sum(lines.expenses.map((l) => l.amount)) - capitalExpenditure;
  const noi = totalIncome - operatingExpenses;
  const remainder = noi - capitalExpenditure - reserveContribution;
  return {
    totalIncome,
    operatingExpenses,
    capitalExpenditure,
    noi,
    reserveContribution,
    distributable: remainder > 0n ? remainder : 0n,
    shortfall: remainder < 0n ? -remainder : 0n,
  };
}
