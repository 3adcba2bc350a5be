import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useAuditTrail, NO_AUDIT_FILTERS, type AuditFilters } from "../../api/admin";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import { auditKeys } from "../../api/queryKeys";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { LoadMore } from "./LoadMore";
import { Address as AddressText } from "../../ui/Address";
import { formatDateTime, formatDateTimeRange } from "../../format/dates";
import { Field } from "../../ui/Field";
import { groupRepeatedViews } from "./auditGroups";
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionLabel, auditEntityLabel } from "./labels";
import { Cell, Table } from "../../ui/Table";

const TEXT_FILTERS: { key: "entityId" | "actorId"; label: string; placeholder: string }[] = [
  { key: "entityId", label: "Record id", placeholder: "e.g. a KYC application's id" },
  { key: "actorId", label: "Person (user id)", placeholder: "pick one in the list below" },
];

const TAIL_PROBLEM: Record<string, string> = {
  truncated: "entries up to the last signed checkpoint are missing (the end of the trail was cut)",
  rewritten: "the entry anchored by the last signed checkpoint was rewritten",
  checkpoint_invalid: "the newest checkpoint file is not signed by the platform's key",
};

/**
 * The audit trail newest first, filtered on the server (record kind and id, person, action, dates) and paged by
 * sequence number; repeated views of one record by one person read as one line. Checks the hash chain on demand.
 */
export function AuditTrail() {
  const api = useApi();
  const [filters, setFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const entries = useAuditTrail(filters);
  const set = (key: keyof AuditFilters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));
  const verify = useQuery({
    queryKey: auditKeys.verify(),
    queryFn: ({ signal }) => data(api.GET("/audit/verify", { signal })),
    enabled: false,
  });
  const lines = groupRepeatedViews(entries.data?.pages.flatMap((p) => p.items) ?? []);
  return (
    <section className="stack" aria-labelledby="audit-title">
      <div className="row">
        <h2 id="audit-title" style={{ margin: 0 }}>
          Audit trail
        </h2>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => void verify.refetch()}
          disabled={verify.isFetching}
        >
          {verify.isFetching ? "Checking…" : "Check integrity"}
        </button>
      </div>
      {verify.data ? (
        verify.data.valid ? (
          <Alert tone="ok" title="The trail is intact">
            <p>
              All {verify.data.entries} entries chain correctly. Head hash{" "}
              <code>{verify.data.headHash.slice(0, 16)}…</code>
            </p>
          </Alert>
        ) : (
          <Alert tone="bad" title="The trail has been altered">
            <p>
              {verify.data.brokenAt
                ? `The chain breaks at entry ${verify.data.brokenAt.seq} (${verify.data.brokenAt.reason === "hash_mismatch" ? "an entry was edited" : "an entry was inserted or removed"}).`
                : `The chain is whole, but ${TAIL_PROBLEM[verify.data.tail ?? ""] ?? "its tail does not match the last checkpoint"}${verify.data.checkpoint ? ` (entry ${verify.data.checkpoint.seq}, signed ${formatDateTime(verify.data.checkpoint.signedAt)})` : ""}.`}{" "}
              Escalate to security.
            </p>
          </Alert>
        )
      ) : null}
      {verify.isError ? (
        <Alert tone="bad" title="The check could not run">
          <p>{verify.error.message}</p>
        </Alert>
      ) : null}
      <form className="filters panel" aria-label="Filter the audit trail" onSubmit={(e) => e.preventDefault()}>
        <Field label="Record">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={filters.entityType}
              onChange={(e) => set("entityType")(e.target.value)}
            >
              <option value="">Any</option>
              {Object.entries(AUDIT_ENTITIES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Action">
          {(ids) => (
            <select {...ids} className="input" value={filters.action} onChange={(e) => set("action")(e.target.value)}>
              <option value="">Any</option>
              {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {TEXT_FILTERS.map((f) => (
          <Field label={f.label} key={f.key}>
            {(ids) => (
              <input
                {...ids}
                className="input"
                value={filters[f.key]}
                placeholder={f.placeholder}
                onChange={(e) => set(f.key)(e.target.value.trim())}
              />
            )}
          </Field>
        ))}
        <Field label="From">
          {(ids) => (
            <input
              {...ids}
              type="date"
              className="input"
              value={filters.from}
              onChange={(e) => set("from")(e.target.value)}
            />
          )}
        </Field>
        <Field label="To">
          {(ids) => (
            <input
              {...ids}
              type="date"
              className="input"
              value={filters.to}
              onChange={(e) => set("to")(e.target.value)}
            />
          )}
        </Field>
        <button type="button" className="btn btn--secondary" onClick={() => setFilters(NO_AUDIT_FILTERS)}>
          Clear filters
        </button>
      </form>
      {entries.isPending ? <Loading label="Loading the trail" /> : null}
      {entries.isError ? (
        <Alert tone="bad" title="The trail could not be loaded">
          <p>{entries.error.message}</p>
        </Alert>
      ) : null}
      {entries.data && lines.length === 0 ? <p className="muted panel">No entries match these filters.</p> : null}
      {lines.length > 0 ? (
        <div className="panel admin-table">
          <Table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Record</th>
              </tr>
            </thead>
            <tbody>
              {lines.map(({ entry: e, count, firstAt, lastAt }) => (
                <tr key={e.seq} data-testid="audit-line">
                  <Cell label="When">{count > 1 ? formatDateTimeRange(firstAt, lastAt) : formatDateTime(e.at)}</Cell>
                  <Cell label="Who">
                    {e.actorId ? (
                      <button type="button" className="link" onClick={() => set("actorId")(e.actorId ?? "")}>
                        {e.actorName ?? (e.actorAddress ? <AddressText value={e.actorAddress} noCopy /> : "someone")}
                        <span className="visually-hidden"> (show only this person)</span>
                      </button>
                    ) : (
                      "The platform"
                    )}
                  </Cell>
                  <Cell label="What">
                    {auditActionLabel(e.action)}
                    {count > 1 ? <strong> ×{count}</strong> : null}
                  </Cell>
                  <Cell label="Record" className="small">
                    {auditEntityLabel(e.entityType)}{" "}
                    <button
                      type="button"
                      className="link mono"
                      onClick={() => setFilters((f) => ({ ...f, entityType: e.entityType, entityId: e.entityId }))}
                    >
                      {e.entityId.slice(0, 8)}
                      <span className="visually-hidden"> (show only this record)</span>
                    </button>
                  </Cell>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      <LoadMore query={entries} label="Older entries" />
    </section>
  );
}
