import { COUNTRIES } from "../../compliance/countries";
import { Field } from "../../ui/Field";
import { TYPE_LABELS } from "../marketplace/labels";
import type { PropertyFieldValues } from "./propertyFields";

type Key = keyof PropertyFieldValues;

/** The descriptive fields of a property, shared by the register and the edit forms. */
export function PropertyFieldsInputs({
  values,
  onChange,
  fieldError,
}: {
  values: PropertyFieldValues;
  onChange: (key: Key, value: string) => void;
  fieldError: (key: Key) => string | undefined;
}) {
  const set = (k: Key) => (e: { target: { value: string } }) => onChange(k, e.target.value);
  const input = (k: Key, label: string, props: { type?: string; required?: boolean; hint?: string } = {}) => (
    <Field label={label} hint={props.hint} error={fieldError(k)}>
      {(ids) => (
        <input
          {...ids}
          className="input"
          type={props.type ?? "text"}
          value={values[k]}
          onChange={set(k)}
          required={props.required ?? true}
        />
      )}
    </Field>
  );
  return (
    <>
      {input("name", "Name")}
      <Field label="Type" error={fieldError("type")}>
        {(ids) => (
          <select {...ids} className="input" value={values.type} onChange={set("type")}>
            {Object.entries(TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" error={fieldError("description")}>
        {(ids) => (
          <textarea {...ids} className="input" rows={4} value={values.description} onChange={set("description")} />
        )}
      </Field>
      {input("addressLine1", "Street address")}
      <div className="form-grid">
        {input("city", "City")}
        {input("postalCode", "Postal code", { required: false })}
        <Field label="Country" error={fieldError("country")}>
          {(ids) => (
            <select {...ids} className="input" value={values.country} onChange={set("country")}>
              {COUNTRIES.map((c) => (
                <option key={c.alpha2} value={c.alpha2}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-grid">
        {input("floorAreaSqm", "Floor area (m²)", { required: false, hint: "For example 1250.5" })}
        {input("yearBuilt", "Year built", { type: "number", required: false })}
        {input("floors", "Floors", { type: "number", required: false })}
      </div>
    </>
  );
}
