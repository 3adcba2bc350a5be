import { useRegistryWrites, type RegistryWrite } from "../../api/kyc";
import { Badge, type BadgeTone } from "../../ui/Badge";

const KIND_LABELS: Record<RegistryWrite["kind"], string> = {
  REGISTER: "Register identity",
  UPDATE: "Update identity",
  REMOVE: "Remove identity",
  FREEZE: "Freeze wallet",
  UNFREEZE: "Unfreeze wallet",
};

const STATUS: Record<RegistryWrite["status"], { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Queued", tone: "neutral" },
  SENT: { label: "Sent, waiting for confirmation", tone: "info" },
  CONFIRMED: { label: "Confirmed on chain", tone: "ok" },
  FAILED: { label: "Failed", tone: "bad" },
};

/** What a status means for the people waiting on it. */
export function describeWrite(w: RegistryWrite): string {
  switch (w.status) {
    case "PENDING":
      return w.attempts > 0
        ? `The compliance agent will try again (attempt ${w.attempts + 1}).`
        : "The compliance agent will send it shortly.";
    case "SENT":
      return "The transaction is on its way; it is confirmed after the chain's confirmations.";
    case "CONFIRMED":
      return "The identity registry holds this change.";
    case "FAILED":
      return w.lastError
        ? `Gave up after ${w.attempts} attempts: ${w.lastError}`
        : `Gave up after ${w.attempts} attempts; the compliance team can see why.`;
  }
}

/** The compliance agent's writes to the identity registry for one application, with their status (polls while in flight). */
export function RegistryWrites({ applicationId }: { applicationId: string }) {
  const writes = useRegistryWrites(applicationId);
  if (writes.isPending) return <p className="muted small">Loading the registry writes…</p>;
  if (writes.isError) return <p className="small">Could not load the registry writes: {writes.error.message}</p>;
  if (writes.data.items.length === 0)
    return <p className="muted small">No registry write yet: one is queued when the application is approved.</p>;
  return (
    <ul className="stack" aria-label="Identity registry writes" data-testid="registry-writes">
      {writes.data.items.map((w) => (
        <li key={w.id} className="stack" style={{ gap: "0.2rem" }}>
          <span className="row">
            <strong>{KIND_LABELS[w.kind]}</strong> <Badge tone={STATUS[w.status].tone}>{STATUS[w.status].label}</Badge>
          </span>
          <span className="small muted">
            {describeWrite(w)}
            {w.txHash ? (
              <>
                {" "}
                Transaction <code>{`${w.txHash.slice(0, 10)}…${w.txHash.slice(-6)}`}</code>.
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
