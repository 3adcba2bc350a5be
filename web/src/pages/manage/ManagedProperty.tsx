import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../../api/ApiContext";
import { newIdempotencyKey } from "../../api/kyc";
import { propertyKeys, useProperty } from "../../api/properties";
import type { PropertyDetail } from "../../api/types";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Field } from "../../ui/Field";
import { Loading } from "../../ui/Skeleton";
import { STATUS_LABELS } from "../marketplace/labels";
import { LaunchPanel } from "./LaunchPanel";
import { LeasesPanel } from "./LeasesPanel";

const DOC_KINDS = [
  "IMAGE",
  "TITLE_DEED",
  "SURVEY",
  "INSPECTION",
  "VALUATION_REPORT",
  "INSURANCE",
  "PERMIT",
  "TAX",
  "OTHER",
] as const;
const label = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, " ");

function Documents({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<string>("IMAGE");
  const [file, setFile] = useState<File | undefined>();
  // A new key for the file input after each upload empties it: the same file cannot be sent twice by a stray click.
  const [inputKey, setInputKey] = useState(0);
  const [uploaded, setUploaded] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.set("kind", kind);
      form.set("file", file!);
      return api.upload(`/properties/${property.id}/documents`, form, { "Idempotency-Key": newIdempotencyKey() });
    },
    onSuccess: async () => {
      setUploaded(`${file?.name ?? "The file"} was uploaded as ${label(kind).toLowerCase()}.`);
      setFile(undefined);
      setInputKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) });
    },
  });
  return (
    <section className="panel stack" aria-labelledby="docs">
      <h2 id="docs">Photos and documents</h2>
      <ul>
        {property.documents.map((d) => (
          <li key={d.id}>
            {label(d.kind)}: {d.fileName} <code className="small">{d.sha256.slice(0, 12)}…</code>
          </li>
        ))}
      </ul>
      <div className="grid" style={{ gridTemplateColumns: "1fr 2fr auto", alignItems: "end" }}>
        <Field label="Kind">
          {(ids) => (
            <select {...ids} className="input" value={kind} onChange={(e) => setKind(e.target.value)}>
              {DOC_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="File">
          {(ids) => (
            <input
              {...ids}
              key={inputKey}
              type="file"
              className="input"
              onChange={(e) => {
                setUploaded(undefined);
                setFile(e.target.files?.[0]);
              }}
            />
          )}
        </Field>
        <button
          type="button"
          className="btn btn--secondary"
          disabled={!file || upload.isPending}
          onClick={() => upload.mutate()}
        >
          Upload
        </button>
      </div>
      {uploaded ? (
        <p className="small" role="status" data-testid="upload-done">
          ✓ {uploaded}
        </p>
      ) : null}
      {upload.error ? (
        <Alert tone="bad" title="Not uploaded">
          <p>{upload.error.message}</p>
        </Alert>
      ) : null}
    </section>
  );
}

function TitleForm({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const deeds = property.documents.filter((d) => d.kind === "TITLE_DEED");
  const [v, setV] = useState<Record<string, string>>({
    jurisdiction: property.address.country,
    tenure: "FREEHOLD",
    instrument: "Deed of sale",
  });
  const set = (k: string) => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value }));
  const save = useMutation({
    mutationFn: () =>
      api.post(
        `/properties/${property.id}/title`,
        {
          jurisdiction: v["jurisdiction"],
          titleNumber: v["titleNumber"],
          parcelId: v["parcelId"],
          registryOffice: v["registryOffice"],
          tenure: v["tenure"],
          areaSqm: v["areaSqm"],
          documentId: v["documentId"] ?? deeds[0]?.id,
          ownerOfRecord: v["ownerOfRecord"],
          acquiredOn: v["acquiredOn"],
          instrument: v["instrument"],
        },
        { "Idempotency-Key": newIdempotencyKey() },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) }),
  });
  const text = (k: string, l: string, type = "text") => (
    <Field label={l}>
      {(ids) => <input {...ids} className="input" type={type} value={v[k] ?? ""} onChange={set(k)} required />}
    </Field>
  );
  if (deeds.length === 0)
    return <p className="muted">Upload the title deed (kind “Title deed”) first; the title record points to it.</p>;
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid" style={{ gridTemplateColumns: "repeat(3, 1fr)" }}>
        {text("titleNumber", "Title number")}
        {text("jurisdiction", "Jurisdiction (ISO code)")}
        {text("parcelId", "Parcel id")}
        {text("registryOffice", "Registry office")}
        <Field label="Tenure">
          {(ids) => (
            <select {...ids} className="input" value={v["tenure"]} onChange={set("tenure")}>
              {["FREEHOLD", "LEASEHOLD", "COMMONHOLD", "STRATA", "CUSTOMARY", "OTHER"].map((t) => (
                <option key={t} value={t}>
                  {label(t)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text("areaSqm", "Area (m²)")}
        {text("ownerOfRecord", "Owner of record")}
        {text("acquiredOn", "Acquired on", "date")}
        {text("instrument", "Instrument")}
      </div>
      {save.error ? (
        <Alert tone="bad" title="The title was not recorded">
          <p>{save.error.message}</p>
        </Alert>
      ) : null}
      <div>
        <button type="submit" className="btn btn--secondary" disabled={save.isPending}>
          Record the land title
        </button>
      </div>
    </form>
  );
}

export function ManagedProperty() {
  const { id = "" } = useParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const query = useProperty(id);
  const submit = useMutation({
    mutationFn: async () => {
      const p = await api.get<PropertyDetail>(`/properties/${id}`);
      return api.post(`/properties/${id}/transitions`, { to: "SUBMITTED" }, { "If-Match": `"${p.version}"` });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: propertyKeys.detail(id) }),
  });
  if (query.isPending) return <Loading label="Loading the property" />;
  if (query.isError)
    return (
      <Alert tone="bad" title="The property could not be loaded">
        <p>{query.error.message}</p>
      </Alert>
    );
  const p = query.data;
  const status = STATUS_LABELS[p.status];
  const verified = ["VERIFIED", "TOKENIZED", "OFFERING", "CLOSED", "REFUNDING", "FUNDED"].includes(p.status);
  return (
    <div className="stack" data-testid="managed-property">
      <p className="small">
        <Link to="/manage">← Your properties</Link>
      </p>
      <div className="row">
        <h2 style={{ margin: 0 }}>{p.name}</h2>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {p.status === "REJECTED" ? (
        <Alert tone="bad" title="The registry did not verify this property">
          <p>
            <strong>Review feedback:</strong> {p.rejectionReason ?? "No reason given."}
          </p>
        </Alert>
      ) : null}
      {p.title?.status === "REJECTED" ? (
        <Alert tone="bad" title="The land title was rejected">
          <p>
            <strong>Review feedback:</strong> {p.title.rejectionReason}
          </p>
        </Alert>
      ) : null}
      <Documents property={p} />
      <section className="panel stack" aria-labelledby="title">
        <h2 id="title">Land title</h2>
        {p.title ? (
          <p>
            {p.title.titleNumber} ({p.title.jurisdiction}), {p.title.registryOffice}:{" "}
            <Badge tone={p.title.status === "VERIFIED" ? "ok" : p.title.status === "REJECTED" ? "bad" : "warn"}>
              {label(p.title.status)}
            </Badge>
          </p>
        ) : (
          <TitleForm property={p} />
        )}
      </section>
      <section className="panel stack" aria-labelledby="verification">
        <h2 id="verification">Verification</h2>
        {p.status === "DRAFT" ? (
          <>
            <p>
              When the details, photos, documents and land title are in, submit the property. A compliance officer
              verifies the title, then the property.
            </p>
            <div>
              <button
                type="button"
                className="btn btn--primary"
                disabled={!p.title || submit.isPending}
                onClick={() => submit.mutate()}
              >
                Submit for verification
              </button>
            </div>
          </>
        ) : p.status === "SUBMITTED" ? (
          <p>Submitted. The compliance team is reviewing it.</p>
        ) : verified ? (
          <p>Verified by the registry.</p>
        ) : (
          <p>{status.label}.</p>
        )}
        {submit.error ? (
          <Alert tone="bad" title="Not submitted">
            <p>{submit.error.message}</p>
          </Alert>
        ) : null}
      </section>
      {p.status !== "ARCHIVED" ? <LeasesPanel property={p} /> : null}
      {verified ? (
        <section className="panel stack" aria-labelledby="tokenization">
          <h2 id="tokenization">Tokenization</h2>
          <LaunchPanel property={p} />
        </section>
      ) : null}
    </div>
  );
}
