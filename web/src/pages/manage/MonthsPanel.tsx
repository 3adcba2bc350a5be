import { Link } from "react-router";
import { formatCents } from "../../format/fiat";
import { Cell, Table } from "../../ui/Table";
import { dashboardMonths, distributionPrompt, monthName, useDashboard } from "./dashboard";

/**
 * The last twelve months of the property (the manager dashboard, issue 16): rent due vs collected, each closed
 * month's NOI and distributable cash against what a deposit paid out, overdue rent and the next distribution.
 */
export function MonthsPanel({ propertyId }: { propertyId: string }) {
  const dashboard = useDashboard(propertyId);
  if (dashboard.isPending) return <p className="muted">Loading the last twelve months…</p>;
  if (dashboard.isError) return <p className="muted">The last twelve months could not be loaded.</p>;
  const d = dashboard.data;
  const money = (cents: bigint | null) => (cents === null ? "—" : formatCents(cents, d.currency));
  const rows = dashboardMonths(d);
  const prompt = distributionPrompt(d);
  return (
    <div className="stack" data-testid="dashboard-months">
      <h3 style={{ margin: 0 }}>Last twelve months</h3>
      <p className="small" data-testid="next-distribution" style={{ margin: 0 }}>
        {prompt.kind === "launch-first" ? (
          <>
            Rent is paid out to the token&apos;s holders: <Link to="?tab=tokenization">launch the token</Link> before
            any can be distributed.
          </>
        ) : prompt.kind === "deposit" ? (
          <>
            Next distribution: {monthName(prompt.month)}, {money(prompt.distributable)} to pay out:{" "}
            <Link to="?tab=tokenization">deposit it</Link>.
          </>
        ) : (
          "No closed month is waiting to be paid out."
        )}{" "}
        Overdue rent: {d.overdue.entries} {d.overdue.entries === 1 ? "instalment" : "instalments"},{" "}
        {money(BigInt(d.overdue.outstandingMinor))}.
      </p>
      {rows.length === 0 ? (
        <p className="muted small">No rent due, collected or closed in the last twelve months.</p>
      ) : (
        <Table>
          <caption className="visually-hidden">Rent and results of the last twelve months, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                Rent due
              </th>
              <th scope="col" className="num">
                Collected
              </th>
              <th scope="col" className="num">
                NOI
              </th>
              <th scope="col" className="num">
                Distributable
              </th>
              <th scope="col" className="num">
                Distributed
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.month} data-testid="dashboard-month">
                <Cell label="Month">{monthName(r.month)}</Cell>
                <Cell label="Rent due" className="num">
                  {money(r.contracted)}
                </Cell>
                <Cell label="Collected" className="num">
                  {money(r.collected)}
                </Cell>
                <Cell label="NOI" className="num">
                  {r.noi === null ? "not closed" : money(r.noi)}
                </Cell>
                <Cell label="Distributable" className="num">
                  {money(r.distributable)}
                </Cell>
                <Cell label="Distributed" className="num">
                  {r.noi === null || prompt.kind === "launch-first"
                    ? "—"
                    : r.distributed === null
                      ? "not yet"
                      : money(r.distributed)}
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
