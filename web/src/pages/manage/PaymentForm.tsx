import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/ApiContext";
import {
  leaseKeys,
  PAYMENT_METHODS,
  recordPayment,
  type Lease,
  type PaymentInput,
  type ScheduleEntry,
} from "../../api/leases";
import { formatDate, formatPeriod } from "../../format/dates";
import { formatFiat } from "../../format/fiat";
import { Field } from "../../ui/Field";
import { checkPayment, type FieldErrors, type PaymentField } from "./leaseForms";
import { METHOD_LABEL, todayIso } from "./labels";
import { ProblemAlert } from "./ProblemAlert";

/**
 * Records rent received against one schedule entry (at most what is outstanding). On success the form closes and
 * `onDone` gets a sentence saying what was recorded (the schedule shows it); closing without recording gives none.
 */
export function PaymentForm({
  lease,
  entry,
  onDone,
}: {
  lease: Lease;
  entry: ScheduleEntry;
  onDone: (recorded?: string) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<PaymentField, string>>({
    amount: entry.outstanding,
    fees: "0",
    paidOn: todayIso(),
    method: "BANK_TRANSFER",
    reference: "",
  });
  const [errors, setErrors] = useState<FieldErrors<PaymentField>>({});
  const pay = useMutation({
    mutationFn: (input: PaymentInput) => recordPayment(api, lease.id, input),
    onSuccess: async (_payment, input) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: leaseKeys.schedule(lease.id) }),
        queryClient.invalidateQueries({ queryKey: leaseKeys.overdue(lease.propertyId) }),
        queryClient.invalidateQueries({ queryKey: leaseKeys.summary(lease.propertyId) }),
      ]);
      onDone(
        `Payment of ${formatFiat(input.amount, lease.currency)} received on ${formatDate(input.paidOn)} recorded for ${formatPeriod(entry.periodStart, entry.periodEnd)}.`,
      );
    },
  });
  const set = (k: PaymentField) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkPayment(values, entry, lease.currency);
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) pay.mutate(checked.value);
  };
  const period = formatPeriod(entry.periodStart, entry.periodEnd);
  return (
    <form aria-label={`Payment for ${period}`} className="stack panel" onSubmit={submit} noValidate>
      <p style={{ margin: 0 }}>
        <strong>Payment for {period}</strong> (due {formatDate(entry.dueDate)},{" "}
        {formatFiat(entry.outstanding, lease.currency)} outstanding)
      </p>
      <div className="form-grid">
        <Field label={`Amount received (${lease.currency})`} error={errors.amount}>
          {(ids) => (
            <input {...ids} className="input" inputMode="decimal" value={values.amount} onChange={set("amount")} />
          )}
        </Field>
        <Field
          label={`Fees withheld (${lease.currency})`}
          error={errors.fees}
          hint="Processor or agency fees; net = amount − fees"
        >
          {(ids) => <input {...ids} className="input" inputMode="decimal" value={values.fees} onChange={set("fees")} />}
        </Field>
        <Field label="Paid on" error={errors.paidOn}>
          {(ids) => <input {...ids} className="input" type="date" value={values.paidOn} onChange={set("paidOn")} />}
        </Field>
        <Field label="Method" error={errors.method}>
          {(ids) => (
            <select {...ids} className="input" value={values.method} onChange={set("method")}>
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABEL[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Reference (optional)" error={errors.reference}>
          {(ids) => (
            <input {...ids} className="input" value={values.reference} onChange={set("reference")} maxLength={120} />
          )}
        </Field>
      </div>
      {pay.error ? <ProblemAlert error={pay.error} title="The payment was not recorded" /> : null}
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={pay.isPending}>
          Record payment
        </button>
        <button type="button" className="btn btn--secondary" onClick={() => onDone()}>
          Close
        </button>
      </div>
    </form>
  );
}
