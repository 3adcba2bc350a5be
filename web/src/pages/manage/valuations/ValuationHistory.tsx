import type { BadgeTone } from "../../../ui/Badge";
import { Badge } from "../../../ui/Badge";
import { formatDate } from "../../../format/dates";
import { formatFiat } from "../../../format/fiat";
import { Cell, Table } from "../../../ui/Table";
import { kindLabel } from "../labels";
import type { ValuationRecord } from "./valuationForm";

export const VALUATION_STATUS: Record<ValuationRecord["status"], { label: string; tone: BadgeTone }> = {
  RECORDED: { label: "Awaiting approval", tone: "warn" },
  APPROVED: { label: "Approved", tone: "ok" },
  REJECTED: { label: "Rejected", tone: "bad" },
};

/** A valuation's status with the officer's reason (a rejection always has one). */
export function ValuationStatus({ valuation }: { valuation: ValuationRecord }) {
  const status = VALUATION_STATUS[valuation.status];
  return (
    <>
      <Badge tone={status.tone}>{status.label}</Badge>
      {valuation.decisionReason ? <span className="small muted"> {valuation.decisionReason}</span> : null}
    </>
  );
}

/** Valuations newest first, with their status; `documents` names the supporting report when the caller knows it. */
export function ValuationHistory({
  valuations,
  documents,
  label,
}: {
  valuations: readonly ValuationRecord[];
  documents?: ReadonlyMap<string, string>;
  label: string;
}) {
  return (
    <Table aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Valued on</th>
          <th scope="col" className="num">
            Amount
          </th>
          <th scope="col" className="num">
            Liabilities
          </th>
          <th scope="col">Kind and method</th>
          <th scope="col">Valuer</th>
          <th scope="col">Report</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {valuations.map((v) => (
          <tr key={v.id}>
            <Cell label="Valued on">{formatDate(v.valuedOn)}</Cell>
            <Cell label="Amount" className="num">
              {formatFiat(v.amount, v.currency)}
            </Cell>
            <Cell label="Liabilities" className="num">
              {formatFiat(v.liabilities, v.currency)}
            </Cell>
            <Cell label="Kind and method">
              {kindLabel(v.kind)}
              {v.method !== v.kind ? <span className="small muted"> · {kindLabel(v.method)}</span> : null}
            </Cell>
            <Cell label="Valuer">{v.valuer}</Cell>
            <Cell label="Report">
              {v.documentId ? (documents?.get(v.documentId) ?? "Attached") : "—"}
              {v.reportSha256 ? <code className="hash small"> {v.reportSha256}</code> : null}
            </Cell>
            <Cell label="Status">
              <ValuationStatus valuation={v} />
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
