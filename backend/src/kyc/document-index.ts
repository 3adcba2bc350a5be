/**
 * Keyed blind index of an identity document (issue 12.4): the issuing country and the number, normalised, under
 * HMAC-SHA256 with a key derived (HKDF) from a KYC encryption key. Stored as `<keyId>.<base64url HMAC>` so that
 * applications sharing a document are found with one indexed query and nothing is decrypted; without the key the
 * index reveals nothing (document numbers are short: a plain hash could be brute-forced).
 *
 * Key rotation: an index stays comparable while its key is in the ring (lookups compute the index under every key
 * of the ring); rotation re-indexes each application under the new key together with its identity envelope.
 */
import { createHmac, hkdfSync } from "node:crypto";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { Tx, Db } from "../db/client.ts";
import type { KycStatus } from "../generated/prisma/enums.ts";
import type { Identity } from "./identity.ts";

const INFO = "freehold/kyc/identity-document-index/v1";

/** Country and number as the registry compares them: case, spaces and dashes do not make another document. */
export function documentKey(document: Pick<Identity["document"], "issuingCountry" | "number">): string {
  return `${document.issuingCountry}|${document.number.toUpperCase().replace(/[\s-]/g, "")}`;
}

function indexUnder(ring: KeyRing, keyId: string, key: string): string {
  const derived = Buffer.from(hkdfSync("sha256", ring.key(keyId), Buffer.alloc(0), INFO, 32));
  return `${keyId}.${createHmac("sha256", derived).update(key).digest("base64url")}`;
}

/** The index written with an application (under the ring's current key). */
export function documentIndexOf(ring: KeyRing, identity: Identity): string {
  return indexUnder(ring, ring.currentKeyId, documentKey(identity.document));
}

/** Every form the document's index can take in stored rows (one per key of the ring). */
export function documentIndexForms(ring: KeyRing, identity: Identity): string[] {
  const key = documentKey(identity.document);
  return ring.keyIds.map((id) => indexUnder(ring, id, key));
}

export interface SharedDocumentApplication {
  id: string;
  applicantId: string;
  wallet: string;
  status: KycStatus;
  createdAt: Date;
}

/** Applications of other wallets with the same identity document, oldest first. */
export async function applicationsSharingDocument(
  db: Db | Tx,
  ring: KeyRing,
  app: { id: string; wallet: string },
  identity: Identity,
): Promise<SharedDocumentApplication[]> {
  return db.kycApplication.findMany({
    where: {
      documentIndex: { in: documentIndexForms(ring, identity) },
      id: { not: app.id },
      wallet: { not: app.wallet },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, applicantId: true, wallet: true, status: true, createdAt: true },
  });
}
