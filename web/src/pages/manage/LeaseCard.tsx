import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import { leaseKeys, moveLease, type Lease, type LeaseMove, type RentFrequency } from "../../api/leases";
import { formatDate } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { checkTermination, type FieldErrors, type TerminationField } from "./leaseForms";
import { LEASE_STATUS, todayIso } from "./labels";
import { ProblemAlert } from "./ProblemAlert";
import { RentSchedule } from "./RentSchedule";

/** "per month", "per quarter". */
const FREQUENCY: Record<RentFrequency, string> = { MONTHLY: "month", QUARTERLY: "quarter" };

/** One lease: its terms and status, the workflow moves it allows (sent with its version), its rent schedule. */
export function LeaseCard({ lease, unitLabel }: { lease: Lease; unitLabel: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [showSchedule, setShowSchedule] = useState(false);
  const [terminating, setTerminating] = useState(false);
  const move = useMutation({
    mutationFn: (m: LeaseMove) => moveLease(api, lease, m),
    onSuccess: (_lease, m) => {
      setTerminating(false);
      if (m.to === "ACTIVE") setShowSchedule(true);
    },
    // Refreshed after success and refusal alike: a 412 means the version shown was stale.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: leaseKeys.list(lease.propertyId) }),
        queryClient.invalidateQueries({ queryKey: leaseKeys.schedule(lease.id) }),
        queryClient.invalidateQueries({ queryKey: leaseKeys.overdue(lease.propertyId) }),
        queryClient.invalidateQueries({ queryKey: leaseKeys.summary(lease.propertyId) }),
      ]),
  });
  const status = LEASE_STATUS[lease.status];
  const name = `Lease of ${unitLabel} to ${lease.tenantName}`;
  return (
    <article className="panel stack" aria-label={name}>
      <div className="row">
        <h4 style={{ margin: 0 }}>
          {unitLabel}: {lease.tenantName}
        </h4>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="small" style={{ margin: 0 }}>
        {formatDate(lease.startDate)} to {formatDate(lease.endDate)} · {formatFiat(lease.rentAmount, lease.currency)}{" "}
        per {FREQUENCY[lease.frequency]}, due on day {lease.dueDay} · deposit{" "}
        {formatFiat(lease.depositAmount, lease.currency)} · escalation {lease.escalationPercent}% a year
        {lease.terminatedOn
          ? ` · terminated on ${formatDate(lease.terminatedOn)} (${lease.terminationReason ?? ""})`
          : ""}
      </p>
      <div className="row">
        {lease.status === "DRAFT" ? (
          <>
            <button
              type="button"
              className="btn btn--primary btn--small"
              disabled={move.isPending}
              onClick={() => move.mutate({ to: "ACTIVE" })}
            >
              Activate
            </button>
            <button
              type="button"
              className="btn btn--danger btn--small"
              disabled={move.isPending}
              onClick={() => move.mutate({ to: "CANCELLED" })}
            >
              Cancel draft
            </button>
          </>
        ) : null}
        {lease.status === "ACTIVE" && lease.endDate <= todayIso() ? (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={move.isPending}
            onClick={() => move.mutate({ to: "EXPIRED" })}
          >
            Mark expired
          </button>
        ) : null}
        {lease.status === "ACTIVE" && lease.endDate > todayIso() ? (
          <button
            type="button"
            className="btn btn--danger btn--small"
            aria-expanded={terminating}
            onClick={() => setTerminating((t) => !t)}
          >
            Terminate…
          </button>
        ) : null}
        {lease.status !== "DRAFT" && lease.status !== "CANCELLED" ? (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            aria-expanded={showSchedule}
            onClick={() => setShowSchedule((s) => !s)}
          >
            {showSchedule ? "Hide rent schedule" : "Rent schedule"}
          </button>
        ) : null}
      </div>
      {terminating ? <TerminateForm lease={lease} pending={move.isPending} onSubmit={(m) => move.mutate(m)} /> : null}
      {move.error ? <ProblemAlert error={move.error} title="The lease was not changed" /> : null}
      {showSchedule ? <RentSchedule lease={lease} /> : null}
    </article>
  );
}

function TerminateForm({
  lease,
  pending,
  onSubmit,
}: {
  lease: Lease;
  pending: boolean;
  onSubmit: (m: LeaseMove) => void;
}) {
  const [values, setValues] = useState<Record<TerminationField, string>>({ effectiveOn: todayIso(), reason: "" });
  const [errors, setErrors] = useState<FieldErrors<TerminationField>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkTermination(values, lease);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) onSubmit(checked.value);
  };
  return (
    <form aria-label="Terminate the lease" className="form-grid form-grid--end" onSubmit={submit} noValidate>
      <Field label="Ends on" error={errors.effectiveOn} hint="Rent periods starting on or after it are dropped">
        {(ids) => (
          <input
            {...ids}
            className="input"
            type="date"
            value={values.effectiveOn}
            onChange={(e) => setValues((v) => ({ ...v, effectiveOn: e.target.value }))}
          />
        )}
      </Field>
      <Field label="Reason" error={errors.reason}>
        {(ids) => (
          <input
            {...ids}
            className="input"
            value={values.reason}
            onChange={(e) => setValues((v) => ({ ...v, reason: e.target.value }))}
            maxLength={2000}
          />
        )}
      </Field>
      <button type="submit" className="btn btn--danger" disabled={pending}>
        Terminate lease
      </button>
    </form>
  );
}
