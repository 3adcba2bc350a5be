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
export function Cell({ label, children, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label: string }) {
  // The value in one box: on a phone the cell is a grid of two columns, its name and this.
  return (
    <td {...props} data-label={label}>
      <div className="table__value">{children}</div>
    </td>
  );
}
