import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import { valuationKeys } from "../../api/queryKeys";
import { formatDate } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { EmptyState } from "../../ui/EmptyState";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { Cell, Table } from "../../ui/Table";
import { kindLabel } from "../manage/labels";
import { ProblemAlert } from "../manage/ProblemAlert";
import { approveValuation, rejectValuation } from "../manage/valuations/valuationsApi";

/**
 * The compliance officers' queue of recorded valuations (four eyes): approve, or reject with a reason. The server
 * refuses a decision on a valuation the officer recorded (403): its words are shown as they come.
 */
export function ValuationQueue() {
  const api = useApi();
  const queryClient = useQueryClient();
  const queue = useQuery({
    queryKey: valuationKeys.queue(),
    queryFn: ({ signal }) => data(api.GET("/valuations", { params: { query: { status: "RECORDED" } }, signal })),
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | undefined>();
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: string; approve: boolean }) =>
      approve ? approveValuation(api, id, reasons[id] ?? "") : rejectValuation(api, id, reasons[id] ?? ""),
    onSuccess: async (v) => {
      setDone(
        `${v.status === "APPROVED" ? "Approved" : "Rejected"}: ${formatFiat(v.amount, v.currency)} by ${v.valuer}.`,
      );
      await queryClient.invalidateQueries({ queryKey: valuationKeys.all });
    },
  });
  return (
    <section className="panel stack" aria-labelledby="valuation-queue">
      <h2 id="valuation-queue">Valuations to review</h2>
      <p className="small muted">
        A manager’s valuation counts (property value, NAV per unit) once someone who did not record it approves it. A
        rejection needs a reason, which the manager reads.
      </p>
      {decide.error ? (
        <ProblemAlert error={decide.error} title="The decision was not recorded" subject="valuation" />
      ) : null}
      {done ? (
        <p className="small" role="status">
          ✓ {done}
        </p>
      ) : null}
      {queue.isPending ? (
        <Loading label="Loading the valuations" />
      ) : queue.isError ? (
        <ProblemAlert error={queue.error} title="The valuations could not be loaded" />
      ) : queue.data.items.length === 0 ? (
        <EmptyState title="No valuation waiting">
          <p>Recorded valuations appear here until they are approved or rejected.</p>
        </EmptyState>
      ) : (
        <Table aria-label="Recorded valuations">
          <thead>
            <tr>
              <th scope="col">Property</th>
              <th scope="col">Valued on</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Liabilities
              </th>
              <th scope="col">Kind and valuer</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.items.map((v) => (
              <tr key={v.id}>
                <Cell label="Property">
                  <Link to={`/properties/${v.propertyId}`}>{v.propertyName}</Link>
                </Cell>
                <Cell label="Valued on">{formatDate(v.valuedOn)}</Cell>
                <Cell label="Amount" className="num">
                  {formatFiat(v.amount, v.currency)}
                </Cell>
                <Cell label="Liabilities" className="num">
                  {formatFiat(v.liabilities, v.currency)}
                </Cell>
                <Cell label="Kind and valuer">
                  {kindLabel(v.kind)} · {kindLabel(v.method)}, {v.valuer}
                  {v.reportSha256 ? <code className="hash small"> {v.reportSha256}</code> : null}
                </Cell>
                <Cell label="Decision">
                  <div className="stack">
                    <Field label="Reason (required to reject)">
                      {(ids) => (
                        <input
                          {...ids}
                          className="input"
                          value={reasons[v.id] ?? ""}
                          onChange={(e) => setReasons((r) => ({ ...r, [v.id]: e.target.value }))}
                        />
                      )}
                    </Field>
                    <div className="row">
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        disabled={decide.isPending}
                        onClick={() => decide.mutate({ id: v.id, approve: true })}
                      >
                        Approve
                      </button>
                      <button
                        type="button"
                        className="btn btn--danger btn--small"
                        disabled={decide.isPending || !(reasons[v.id] ?? "").trim()}
                        onClick={() => decide.mutate({ id: v.id, approve: false })}
                      >
                        Reject
                      </button>
                    </div>
                  </div>
                </Cell>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
