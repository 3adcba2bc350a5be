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
export const documentContentContext = (documentId: string): string => `kyc-document:${documentId}:content`;
export const documentNameContext = (documentId: string): string => `kyc-document:${documentId}:file-name`;

export function sealIdentity(
  ring: KeyRing,
  applicationId: string,
  identity: Identity,
): { identityCiphertext: string; identityKeyId: string } {
  const identityCiphertext = encryptJson(ring, identity, identityContext(applicationId));
  return { identityCiphertext, identityKeyId: keyIdOf(identityCiphertext) };
}

export function openIdentity(ring: KeyRing, application: { id: string; identityCiphertext: string }): Identity {
  // validated when written; not re-validated on read (a document valid then may have expired since)
  return decryptJson<Identity>(ring, application.identityCiphertext, identityContext(application.id));
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
