import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApi } from "../../../api/ApiContext";
import { ApiError } from "../../../api/client";
import type { PropertyDetail } from "../../../api/types";
import { Field } from "../../../ui/Field";
import { ProblemAlert } from "../ProblemAlert";
import { centsToInput, checkLine, type LineBody, type LineField, type LineFormValues } from "./lineForm";
import { addLine, changeLine } from "./periodsApi";
import { CATEGORY_LABELS, EXPENSE_CATEGORIES, TYPED_INCOME, type FinancialLine } from "./periodFigures";

const blank: LineFormValues = { category: "", description: "", amount: "", supportingDocumentId: "" };

const valuesOf = (line: FinancialLine): LineFormValues => ({
  category: line.category,
  description: line.description,
  amount: centsToInput(line.amount),
  supportingDocumentId: line.supportingDocumentId ?? "",
});

/** Adds an income or expense line to a draft period, or changes one; checked before sending, the server's 4xx beside. */
export function LineForm({
  property,
  periodId,
  editing,
  onDone,
  onCancel,
}: {
  property: PropertyDetail;
  periodId: string;
  editing: FinancialLine | undefined;
  onDone: (message: string) => Promise<void>;
  onCancel: () => void;
}) {
  const api = useApi();
  const [values, setValues] = useState<LineFormValues>(() => (editing ? valuesOf(editing) : blank));
  const [tried, setTried] = useState(false);
  const check = checkLine(values);
  const save = useMutation({
    mutationFn: (body: LineBody) =>
      editing ? changeLine(api, periodId, editing.id, body) : addLine(api, periodId, body),
    onSuccess: async (line) => {
      setValues(blank);
      setTried(false);
      await onDone(`${CATEGORY_LABELS[line.category]} line “${line.description}” ${editing ? "changed" : "added"}.`);
    },
  });
  const set = (k: keyof LineFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  const fieldError = (k: LineField) => {
    if (tried && !check.ok && check.errors[k]) return check.errors[k];
    return save.error instanceof ApiError
      ? save.error.problem.errors?.find((e) => e.path === `body.${k}`)?.message
      : undefined;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (check.ok) save.mutate(check.body);
  };
  const title = editing ? `Change “${editing.description}”` : "Add a line";
  return (
    <form aria-label={title} className="stack" onSubmit={submit} noValidate>
      <h4 style={{ margin: 0 }}>{title}</h4>
      <div className="form-grid">
        <Field label="Category" error={fieldError("category")}>
          {(ids) => (
            <select {...ids} className="input" value={values.category} onChange={set("category")}>
              <option value="">Choose…</option>
              <optgroup label="Income">
                {TYPED_INCOME.map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABELS[c]}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Expenses">
                {EXPENSE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABELS[c]}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <Field label="Description" error={fieldError("description")}>
          {(ids) => <input {...ids} className="input" value={values.description} onChange={set("description")} />}
        </Field>
        <Field label={`Amount (${property.currency})`} error={fieldError("amount")} hint="For example 1,250.50">
          {(ids) => (
            <input {...ids} className="input" inputMode="decimal" value={values.amount} onChange={set("amount")} />
          )}
        </Field>
        <Field
          label="Supporting document (optional)"
          hint={
            property.documents.length === 0
              ? "Upload it in Photos & documents first"
              : "Its SHA-256 joins the statement"
          }
        >
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={values.supportingDocumentId}
              onChange={set("supportingDocumentId")}
              disabled={property.documents.length === 0}
            >
              <option value="">None</option>
              {property.documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fileName}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {save.error ? <ProblemAlert error={save.error} title="The line was not saved" subject="period" /> : null}
      <div className="row">
        <button type="submit" className="btn btn--secondary" disabled={save.isPending}>
          {editing ? "Save the line" : "Add the line"}
        </button>
        {editing ? (
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
