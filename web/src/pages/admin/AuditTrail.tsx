import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { auditKeys } from "../../api/queryKeys";
import { Alert } from "../../ui/Alert";
import { Loading } from "../../ui/Skeleton";
import { Address as AddressText } from "../../ui/Address";
import { formatDateTime } from "../../format/dates";

interface AuditEntry {
  seq: number;
  at: string;
  actorAddress: string | null;
  action: string;
  entityType: string;
  entityId: string;
  hash: string;
}

interface Verification {
  valid: boolean;
  entries: number;
  headHash: string;
  brokenAt?: { seq: number; reason: string };
  /** The tail against the latest signed checkpoint kept outside the database. */
  tail?: "anchored" | "unanchored" | "truncated" | "rewritten" | "checkpoint_invalid";
  checkpoint?: { seq: number; signedAt: string };
}

const TAIL_PROBLEM: Record<string, string> = {
  truncated: "entries up to the last signed checkpoint are missing (the end of the trail was cut)",
  rewritten: "the entry anchored by the last signed checkpoint was rewritten",
  checkpoint_invalid: "the newest checkpoint file is not signed by the platform's key",
};

/** The audit trail (newest last) and the recomputation of its hash chain. */
export function AuditTrail() {
  const api = useApi();
  const entries = useQuery({
    queryKey: auditKeys.entries(),
    queryFn: ({ signal }) => api.get<{ items: AuditEntry[] }>("/audit", { limit: 200 }, signal),
  });
  const verify = useQuery({
    queryKey: auditKeys.verify(),
    queryFn: ({ signal }) => api.get<Verification>("/audit/verify", undefined, signal),
    enabled: false,
  });
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
                ? `The chain breaks at entry ${verify.data.brokenAt.seq} (${verify.data.brokenAt.reason.replace("_", " ")}).`
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
      {entries.isPending ? <Loading label="Loading the trail" /> : null}
      {entries.data ? (
        <table className="table panel">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Entity</th>
            </tr>
          </thead>
          <tbody>
            {[...entries.data.items].reverse().map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actorAddress ? <AddressText value={e.actorAddress} noCopy /> : "system"}</td>
                <td>{e.action}</td>
                <td className="small">
                  {e.entityType} <span className="mono muted">{e.entityId.slice(0, 8)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
