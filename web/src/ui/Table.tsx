import type { TableHTMLAttributes, TdHTMLAttributes } from "react";

/**
 * The one data table of the app (issue 15, "every page works at phone width"): a table on a wide screen, a stack of
 * cards at phone width (<= 600 px, `styles/global.css`), where each cell shows its column's name before its value.
 * The ESLint rule `freehold/responsive-table` refuses a bare `<table>` or `<td>` anywhere else in web/src, so no
 * table can scroll sideways on a phone again.
 */
export function Table({ className, ...props }: TableHTMLAttributes<HTMLTableElement>) {
  return <table {...props} className={className ? `table ${className}` : "table"} />;
}

/**
 * A data cell with its column's name (`label`, shown before the value on a phone; read by screen readers from the
 * table's header on a wide screen). An empty label for a column without a visible header (row actions).
 */
export function Cell({ label, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label: string }) {
  return <td {...props} data-label={label} />;
}
