/**
 * Where KYC personal data meets the field cipher: one encryption context per field of each record, so a
 * ciphertext copied to another application or document does not decrypt.
 */
import {
  decryptBytes,
  decryptJson,
  decryptText,
  encryptBytes,
  encryptJson,
  encryptText,
  keyIdOf,
} from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Identity } from "./identity.ts";

export const identityContext = (applicationId: string): string => `kyc-application:${applicationId}:identity`;
export const nameContext = (applicationId: string): string => `kyc-application:${applicationId}:name`;
export const documentContentContext = (documentId: string): string => `kyc-document:${documentId}:content`;
export const documentNameContext = (documentId: string): string => `kyc-document:${documentId}:file-name`;

/** The name the review queue shows: given names, then family name. */
export const applicantNameOf = (identity: Pick<Identity, "givenNames" | "familyName">): string =>
  `${identity.givenNames} ${identity.familyName}`;

/**
 * The columns that hold `identity`: the whole identity, and the applicant's name sealed on its own (the queue reads
 * only that), both under the ring's current key, whose id `identityKeyId` records for both.
 */
export function sealIdentity(
  ring: KeyRing,
  applicationId: string,
  identity: Identity,
): { identityCiphertext: string; identityKeyId: string; nameCiphertext: string } {
  const identityCiphertext = encryptJson(ring, identity, identityContext(applicationId));
  return {
    identityCiphertext,
    identityKeyId: keyIdOf(identityCiphertext),
    nameCiphertext: sealApplicantName(ring, applicationId, identity),
  };
}

/** The applicant's name of `identity`, sealed for application `applicationId` under the ring's current key. */
export function sealApplicantName(
  ring: KeyRing,
  applicationId: string,
  identity: Pick<Identity, "givenNames" | "familyName">,
): string {
  return encryptText(ring, applicantNameOf(identity), nameContext(applicationId));
}

export function openIdentity(ring: KeyRing, application: { id: string; identityCiphertext: string }): Identity {
  // validated when written; not re-validated on read (a document valid then may have expired since)
  return decryptJson<Identity>(ring, application.identityCiphertext, identityContext(application.id));
}

/**
 * The applicant's name, from its own envelope. An application stored before names were sealed on their own has
 * none until a key-rotation run seals it: its name comes from the identity, which the caller then has to provide.
 */
export function openApplicantName(
  ring: KeyRing,
  application: { id: string; nameCiphertext: string | null; identityCiphertext: string | null },
): string {
  if (application.nameCiphertext !== null)
    return decryptText(ring, application.nameCiphertext, nameContext(application.id));
  if (application.identityCiphertext === null)
    throw new Error(`application ${application.id}: neither its name nor its identity was read`);
  return applicantNameOf(
    openIdentity(ring, { id: application.id, identityCiphertext: application.identityCiphertext }),
  );
}

export function sealDocument(
  ring: KeyRing,
  documentId: string,
  fileName: string,
  bytes: Buffer,
): { content: Uint8Array<ArrayBuffer>; fileNameCiphertext: string; keyId: string } {
  const envelope = encryptBytes(ring, bytes, documentContentContext(documentId));
  return {
    content: new Uint8Array(envelope),
    fileNameCiphertext: encryptText(ring, fileName, documentNameContext(documentId)),
    keyId: ring.currentKeyId,
  };
}

export function openDocument(ring: KeyRing, doc: { id: string; content: Uint8Array }): Buffer {
  return decryptBytes(ring, Buffer.from(doc.content), documentContentContext(doc.id));
}

export function openDocumentName(ring: KeyRing, doc: { id: string; fileNameCiphertext: string }): string {
  return decryptText(ring, doc.fileNameCiphertext, documentNameContext(doc.id));
}
