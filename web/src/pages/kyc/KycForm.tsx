import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { ApiError } from "../../api/client";
import { KYC_IDENTITY_DOCUMENT_TYPES } from "../../api/enums";
import { kycKeys, submitKyc, type KycIdentity } from "../../api/kyc";
import { COUNTRIES } from "../../compliance/countries";
import { Alert } from "../../ui/Alert";
import { Field } from "../../ui/Field";
import { DOCUMENT_KIND_LABELS } from "./labels";

type Values = Record<string, string>;

function CountrySelect({
  ids,
  name,
  value,
  onChange,
}: {
  ids: object;
  name: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <select {...ids} name={name} className="input" value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="">Choose a country</option>
      {COUNTRIES.map((c) => (
        <option key={c.numeric} value={c.numeric}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

/** Turns the backend's field paths (`body.identity.document.number`) into the form's field names. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) out[e.path.replace(/^body\.(identity\.)?/, "")] = e.message;
  return out;
}

/** The KYC application: identity, residence, identity document, declarations and the document files. */
export function KycForm({ onSubmitted }: { onSubmitted?: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>({ docType: "PASSPORT" });
  const [idFile, setIdFile] = useState<File | undefined>();
  const [addressFile, setAddressFile] = useState<File | undefined>();
  const [pep, setPep] = useState(false);
  const [accredited, setAccredited] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const errors = fieldErrors(error);
  const v = (name: string) => values[name] ?? "";

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!idFile) {
      setError(new Error("Add a scan or photo of your identity document."));
      return;
    }
    const identity: KycIdentity = {
      givenNames: v("givenNames"),
      familyName: v("familyName"),
      otherNames: [],
      dateOfBirth: v("dateOfBirth"),
      nationality: Number(v("nationality")),
      residence: {
        line1: v("line1"),
        city: v("city"),
        country: Number(v("residenceCountry")),
        ...(v("postalCode") ? { postalCode: v("postalCode") } : {}),
      },
      document: {
        type: v("docType") as KycIdentity["document"]["type"],
        number: v("docNumber"),
        issuingCountry: Number(v("docCountry")),
        expiresOn: v("docExpiry"),
      },
    };
    setBusy(true);
    setError(undefined);
    try {
      // the application goes with its identity document, or not at all; a refused proof of address does not undo it
      await submitKyc(
        api,
        { identity, pepDeclared: pep, accreditationClaimed: accredited },
        { kind: identity.document.type, file: idFile },
        addressFile ? [{ kind: "PROOF_OF_ADDRESS", file: addressFile }] : [],
      );
      await queryClient.invalidateQueries({ queryKey: kycKeys.all });
      onSubmitted?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const text = (name: string, label: string, props: { type?: string; autoComplete?: string; hint?: string } = {}) => (
    <Field label={label} hint={props.hint} error={errors[name]}>
      {(ids) => (
        <input
          {...ids}
          name={name}
          className="input"
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          value={v(name)}
          onChange={(e) => set(name)(e.target.value)}
          required
        />
      )}
    </Field>
  );

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} aria-labelledby="kyc-form-title" noValidate={false}>
      <h2 id="kyc-form-title">Verify your identity</h2>
      <p className="muted">
        Securities law requires us to know who holds each unit. Your data is encrypted at rest and seen only by our
        compliance team. Once approved, your wallet is whitelisted on chain; only then can it receive units.
      </p>
      <fieldset className="panel stack">
        <legend className="label">
          <strong>You</strong>
        </legend>
        <div className="grid grid--halves">
          {text("givenNames", "Given names", { autoComplete: "given-name" })}
          {text("familyName", "Family name", { autoComplete: "family-name" })}
          {text("dateOfBirth", "Date of birth", { type: "date", autoComplete: "bday" })}
          <Field label="Nationality" error={errors["nationality"]}>
            {(ids) => (
              <CountrySelect ids={ids} name="nationality" value={v("nationality")} onChange={set("nationality")} />
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="panel stack">
        <legend className="label">
          <strong>Where you live</strong>
        </legend>
        {text("line1", "Street address", { autoComplete: "address-line1" })}
        <div className="grid grid--2-1-2">
          {text("city", "City", { autoComplete: "address-level2" })}
          <Field label="Postal code" error={errors["residence.postalCode"]}>
            {(ids) => (
              <input
                {...ids}
                name="postalCode"
                className="input"
                autoComplete="postal-code"
                value={v("postalCode")}
                onChange={(e) => set("postalCode")(e.target.value)}
              />
            )}
          </Field>
          <Field label="Country of residence" error={errors["residence.country"]}>
            {(ids) => (
              <CountrySelect
                ids={ids}
                name="residenceCountry"
                value={v("residenceCountry")}
                onChange={set("residenceCountry")}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="panel stack">
        <legend className="label">
          <strong>Identity document</strong>
        </legend>
        <div className="grid grid--halves">
          <Field label="Document type">
            {(ids) => (
              <select
                {...ids}
                name="docType"
                className="input"
                value={v("docType")}
                onChange={(e) => set("docType")(e.target.value)}
              >
                {KYC_IDENTITY_DOCUMENT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {DOCUMENT_KIND_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Document number" error={errors["document.number"]}>
            {(ids) => (
              <input
                {...ids}
                name="docNumber"
                className="input"
                value={v("docNumber")}
                onChange={(e) => set("docNumber")(e.target.value)}
                required
              />
            )}
          </Field>
          <Field label="Issuing country" error={errors["document.issuingCountry"]}>
            {(ids) => (
              <CountrySelect ids={ids} name="docCountry" value={v("docCountry")} onChange={set("docCountry")} />
            )}
          </Field>
          <Field label="Expiry date" error={errors["document.expiresOn"]}>
            {(ids) => (
              <input
                {...ids}
                name="docExpiry"
                type="date"
                className="input"
                value={v("docExpiry")}
                onChange={(e) => set("docExpiry")(e.target.value)}
                required
              />
            )}
          </Field>
        </div>
        <Field label="Scan or photo of the document" hint="PDF, JPEG or PNG, up to 20 MB.">
          {(ids) => (
            <input
              {...ids}
              name="idFile"
              type="file"
              className="input"
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => setIdFile(e.target.files?.[0])}
              required
            />
          )}
        </Field>
        <Field label="Proof of address (optional)" hint="A utility bill or bank statement from the last three months.">
          {(ids) => (
            <input
              {...ids}
              name="addressFile"
              type="file"
              className="input"
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => setAddressFile(e.target.files?.[0])}
            />
          )}
        </Field>
      </fieldset>
      <fieldset className="panel stack">
        <legend className="label">
          <strong>Declarations</strong>
        </legend>
        <label className="row">
          <input type="checkbox" checked={pep} onChange={(e) => setPep(e.target.checked)} /> I am a politically exposed
          person (or a close associate or family member of one).
        </label>
        <label className="row">
          <input type="checkbox" checked={accredited} onChange={(e) => setAccredited(e.target.checked)} /> I am an
          accredited or professional investor.
        </label>
      </fieldset>
      {error ? (
        <Alert tone="bad" title="Your application was not submitted">
          <p>{error instanceof Error ? error.message : String(error)}</p>
          {Object.keys(errors).length > 0 ? <p>Check the highlighted fields.</p> : null}
        </Alert>
      ) : null}
      <div>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? "Submitting…" : "Submit for verification"}
        </button>
      </div>
    </form>
  );
}
