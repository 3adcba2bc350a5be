/** @freehold/finance: every figure investors and managers read, computed in one place (issue 16). */
export {
  CATEGORY_LABELS,
  EXPENSE_CATEGORIES,
  INCOME_CATEGORIES,
  type ExpenseCategory,
  type IncomeCategory,
} from "./categories.js";
export { METRICS, type MetricName } from "./metrics.js";
export { navPerUnit, type NavInputs } from "./nav.js";
export { periodResult, type PeriodLines, type PeriodResult } from "./period.js";
export { position, unrealizedGain, type Position, type PositionEntry } from "./position.js";
export { capRate, grossYield, netYield, occupancy } from "./ratios.js";
export { npv, xirr, type CashFlow } from "./xirr.js";
