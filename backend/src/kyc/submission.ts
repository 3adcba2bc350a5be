/**
 * A KYC application submitted with its identity document in one request and one transaction (finding M1 of the
 * browser review 2026-12-06): the web created the application, then uploaded the document; a document the server
 * refused (a truncated PDF) left a SUBMITTED application without one, which no officer may approve. Here the file is
 * recognised first and the application, its screening and the document are written together, or nothing is.
 */
import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import type { Tx } from "../db/client.ts";
import { SubmitBody } from "./schemas.ts";
import { addDocument, submitApplication, type DocumentInput, type KycActorContext } from "./service.ts";

export const IDENTITY_DOCUMENT_KIND_VALUES = [
  "PASSPORT",
  "NATIONAL_ID",
  "DRIVING_LICENCE",
  "RESIDENCE_PERMIT",
] as const;

/** The multipart text fields: the application as JSON text (SubmitBody) and the kind of the identity document. */
export const SubmitWithDocumentBody = z.object({
  application: z.string().max(20_000).meta({
    description:
      "The application as JSON text: { identity, pepDeclared, accreditationClaimed } (as POST /kyc/applications)",
  }),
  kind: z.enum(IDENTITY_DOCUMENT_KIND_VALUES),
});

/** The `application` field read as SubmitBody; its issues are named as the JSON route names them (`body.identity...`). */
export function parseApplicationField(text: string): z.output<typeof SubmitBody> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError("the application field is not JSON", [{ path: "body.application", message: "not JSON" }]);
  }
  const parsed = SubmitBody.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: ["body", ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new ValidationError(`invalid body: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

/**
 * Submits the application and stores its identity document in the caller's transaction. `document` is a thunk: the
 * file is read and recognised (415 for a file that is not what it claims) before anything is written.
 */
export async function submitWithDocument(
  tx: Tx,
  context: KycActorContext,
  input: z.output<typeof SubmitBody>,
  document: () => Promise<DocumentInput>,
) {
  const file = await document();
  const submitted = await submitApplication(tx, context, input);
  const stored = await addDocument(tx, context, submitted.id, file);
  // the document moved the version on (addDocument locks the row): answer the application as it now stands
  const app = await tx.kycApplication.findUniqueOrThrow({ where: { id: submitted.id } });
  return { app, document: stored };
}
