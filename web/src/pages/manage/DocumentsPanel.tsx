import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../api/ApiContext";
import { binary, data, formData } from "../../api/client";
import { DOCUMENT_KINDS as DOC_KINDS } from "../../api/enums";
import { newIdempotencyKey } from "../../api/kyc";
import { documentContentUrl } from "../../api/properties";
import { propertyKeys } from "../../api/queryKeys";
import type { PropertyDetail } from "../../api/types";
import { useAppConfig } from "../../app/AppConfigContext";
import { Field } from "../../ui/Field";
import { kindLabel } from "./labels";
import { ProblemAlert } from "./ProblemAlert";

/** Photos (as thumbnails, through the document content endpoint) and documents, and the upload form. */
export function DocumentsPanel({ property }: { property: PropertyDetail }) {
  const api = useApi();
  const { apiBaseUrl } = useAppConfig();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<(typeof DOC_KINDS)[number]>("IMAGE");
  const [file, setFile] = useState<File | undefined>();
  // A new key for the file input after each upload empties it: the same file cannot be sent twice by a stray click.
  const [inputKey, setInputKey] = useState(0);
  const [uploaded, setUploaded] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: (input: { kind: (typeof DOC_KINDS)[number]; file: File }) =>
      data(
        api.POST("/properties/{id}/documents", {
          params: { path: { id: property.id }, header: { "Idempotency-Key": newIdempotencyKey() } },
          body: { kind: input.kind, file: binary(input.file) },
          bodySerializer: formData,
        }),
      ),
    onSuccess: async (_doc, input) => {
      setUploaded(`${input.file.name} was uploaded as ${kindLabel(input.kind).toLowerCase()}.`);
      setFile(undefined);
      setInputKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: propertyKeys.detail(property.id) });
    },
  });
  const photos = property.documents.filter((d) => d.kind === "IMAGE");
  const others = property.documents.filter((d) => d.kind !== "IMAGE");
  return (
    <section className="panel stack" aria-labelledby="docs">
      <h2 id="docs">Photos and documents</h2>
      {photos.length > 0 ? (
        <ul className="photo-thumbs" aria-label="Photos">
          {photos.map((d) => (
            <li key={d.id}>
              <figure>
                <img
                  src={documentContentUrl(apiBaseUrl, property.id, d.id)}
                  alt={`Photo: ${d.fileName}`}
                  loading="lazy"
                />
                <figcaption>{d.fileName}</figcaption>
              </figure>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No photos yet: the first one becomes the cover in the marketplace.</p>
      )}
      {others.length > 0 ? (
        <ul className="doc-list" aria-label="Documents">
          {others.map((d) => (
            <li key={d.id}>
              <a href={documentContentUrl(apiBaseUrl, property.id, d.id)}>
                {kindLabel(d.kind)}: {d.fileName}
              </a>{" "}
              <code className="small" title={`SHA-256 ${d.sha256}`}>
                {d.sha256.slice(0, 12)}…
              </code>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        aria-label="Upload a photo or document"
        className="form-grid form-grid--end"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate({ kind, file });
        }}
      >
        <Field label="Kind">
          {(ids) => (
            <select
              {...ids}
              className="input"
              value={kind}
              onChange={(e) => setKind(DOC_KINDS.find((k) => k === e.target.value) ?? "OTHER")}
            >
              {DOC_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
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
        <div>
          <button type="submit" className="btn btn--secondary" disabled={!file || upload.isPending}>
            {upload.isPending ? "Uploading…" : "Upload"}
          </button>
        </div>
      </form>
      {uploaded ? (
        <p className="small" role="status" data-testid="upload-done">
          ✓ {uploaded}
        </p>
      ) : null}
      {upload.error ? <ProblemAlert error={upload.error} title="Not uploaded" /> : null}
    </section>
  );
}
