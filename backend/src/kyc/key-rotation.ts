/**
 * Key rotation for the KYC tables: the database-backed sources for `rotateKeys` (src/crypto/key-rotation.ts).
 * Rows are selected by their key-id column, so a rotation that stops half-way resumes with what is left; each
 * batch is one transaction that rewrites a row only if its ciphertext is still the one that was read
 * (compare-and-swap, src/crypto/compare-and-swap-batch.ts) and records one audit entry for the batch.
 */
import { emailContactRotationSource } from "../notifications/email-address.ts";
import { displayNameRotationSource } from "../users/display-name.ts";
import { tenantContactRotationSource } from "../leases/tenant-contact.ts";
import { idempotencyReplyRotationSource } from "../crypto/idempotency-replies.ts";
import { recordAudit } from "../audit/service.ts";
import type { Actor } from "../auth/actor.ts";
import { keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { compareAndSwapBatch } from "../crypto/compare-and-swap-batch.ts";
import { rotateKeys, type EncryptedRecord, type RotationReport, type RotationSource } from "../crypto/key-rotation.ts";
import type { Db, Tx } from "../db/client.ts";
import { RuleViolationError } from "../core/errors.ts";
import { documentIndexOf } from "./document-index.ts";
import {
  documentContentContext,
  documentNameContext,
  identityContext,
  openIdentity,
  sealApplicantName,
} from "./protection.ts";

/** One audit entry per batch of a KYC table: how many records were re-encrypted, and which were tried. */
const auditBatch = (tx: Tx, actor: Actor | null, entityType: string, after: { reencrypted: number; ids: string[] }) =>
  recordAudit(tx, { actor, action: "kyc.keys_rotated", entityType, entityId: "*", after });

export function applicationRotationSource(db: Db, ring: KeyRing, actor: Actor | null): RotationSource {
  return {
    async fetchBatch(after, limit, currentKeyId): Promise<EncryptedRecord[]> {
      const rows = await db.kycApplication.findMany({
        where: { identityKeyId: { not: currentKeyId }, ...(after === null ? {} : { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true, identityCiphertext: true },
      });
      return rows.map((r) => ({ id: r.id, fields: { identity: r.identityCiphertext } }));
    },
    writeBatch: compareAndSwapBatch<Tx>({
      transaction: (work) => db.$transaction(work),
      versionField: "identity",
      swap: (tx, { id, expected, next }) => {
        const identity = next["identity"] as string;
        const opened = openIdentity(ring, { id, identityCiphertext: identity });
        return tx.kycApplication.updateMany({
          where: { id, identityCiphertext: expected as string },
          // the identity document's blind index (issue 12.4) and the sealed name move to the new key with the
          // envelope: identityKeyId is the key of all three
          data: {
            identityCiphertext: identity,
            identityKeyId: keyIdOf(identity),
            documentIndex: documentIndexOf(ring, opened),
            nameCiphertext: sealApplicantName(ring, id, opened),
          },
        });
      },
      afterBatch: (tx, after) => auditBatch(tx, actor, "kyc_application", after),
    }),
    context: (id) => identityContext(id),
  };
}

export function documentRotationSource(db: Db, actor: Actor | null): RotationSource {
  return {
    async fetchBatch(after, limit, currentKeyId): Promise<EncryptedRecord[]> {
      const rows = await db.kycDocument.findMany({
        where: { keyId: { not: currentKeyId }, ...(after === null ? {} : { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true, content: true, fileNameCiphertext: true },
      });
      return rows.map((r) => ({
        id: r.id,
        fields: { content: Buffer.from(r.content), fileName: r.fileNameCiphertext },
      }));
    },
    writeBatch: compareAndSwapBatch<Tx>({
      transaction: (work) => db.$transaction(work),
      // documents never change after upload: the file-name envelope identifies the version read
      versionField: "fileName",
      swap: (tx, { id, expected, next }) => {
        const content = next["content"] as Buffer;
        const fileName = next["fileName"] as string;
        return tx.kycDocument.updateMany({
          where: { id, fileNameCiphertext: expected as string },
          data: { content: new Uint8Array(content), fileNameCiphertext: fileName, keyId: keyIdOf(fileName) },
        });
      },
      afterBatch: (tx, after) => auditBatch(tx, actor, "kyc_document", after),
    }),
    context: (id, field) => (field === "content" ? documentContentContext(id) : documentNameContext(id)),
  };
}

export interface KycRotationReport {
  currentKeyId: string;
  applications: RotationReport;
  documents: RotationReport;
  emailAddresses: RotationReport;
  displayNames: RotationReport;
  tenantContacts: RotationReport;
  idempotencyReplies: RotationReport;
}

/**
 * Re-encrypts every field encrypted at rest that is still under an older key: KYC identities and documents, the
 * notifications' email addresses, users' display names, leases' tenant contacts and the replies kept for
 * Idempotency-Key retries
 * (test/personal-data-at-rest.test.ts scans every table for an envelope left under the old key, so a new encrypted
 * field cannot be forgotten here).
 */
export async function rotateKycKeys(
  db: Db,
  ring: KeyRing,
  actor: Actor | null,
  options: { batchSize: number; maxBatches?: number | undefined },
): Promise<KycRotationReport> {
  const inUse = [
    ...(await db.kycApplication.findMany({ distinct: ["identityKeyId"], select: { identityKeyId: true } })).map(
      (r) => r.identityKeyId,
    ),
    ...(await db.kycDocument.findMany({ distinct: ["keyId"], select: { keyId: true } })).map((r) => r.keyId),
    ...(await db.emailContact.findMany({ distinct: ["keyId"], select: { keyId: true } })).map((r) => r.keyId),
    ...(await db.user.findMany({ distinct: ["displayNameKeyId"], select: { displayNameKeyId: true } }))
      .map((r) => r.displayNameKeyId)
      .filter((id): id is string => id !== null),
    ...(await db.lease.findMany({ distinct: ["tenantKeyId"], select: { tenantKeyId: true } })).map(
      (r) => r.tenantKeyId,
    ),
    ...(await db.idempotencyRecord.findMany({ distinct: ["responseKeyId"], select: { responseKeyId: true } })).map(
      (r) => r.responseKeyId,
    ),
  ];
  const missing = [...new Set(inUse)].filter((id) => !ring.has(id));
  if (missing.length > 0) {
    throw new RuleViolationError(
      "encryption_key_missing",
      `stored data uses key(s) ${missing.join(", ")} that the configured key ring does not hold`,
    );
  }
  const limits = {
    batchSize: options.batchSize,
    ...(options.maxBatches === undefined ? {} : { maxBatches: options.maxBatches }),
  };
  const applications = await rotateKeys({ ring, source: applicationRotationSource(db, ring, actor), ...limits });
  const documents = await rotateKeys({ ring, source: documentRotationSource(db, actor), ...limits });
  const emailAddresses = await rotateKeys({ ring, source: emailContactRotationSource(db), ...limits });
  const displayNames = await rotateKeys({ ring, source: displayNameRotationSource(db, actor), ...limits });
  const tenantContacts = await rotateKeys({ ring, source: tenantContactRotationSource(db, actor), ...limits });
  const idempotencyReplies = await rotateKeys({ ring, source: idempotencyReplyRotationSource(db), ...limits });
  await completeDerivedColumns(db, ring, options.batchSize);
  return {
    currentKeyId: ring.currentKeyId,
    applications,
    documents,
    emailAddresses,
    displayNames,
    tenantContacts,
    idempotencyReplies,
  };
}

/**
 * Applications written before the identity-document index (issue 12.4) or the sealed name (issue 17) existed get
 * them here, in batches: a run of the rotation (even with nothing to re-encrypt) completes them all, under the key
 * of the identity (identityKeyId: the current one after the rotation). Compare-and-swap on the envelope, as above.
 */
async function completeDerivedColumns(db: Db, ring: KeyRing, batchSize: number): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: { id: string; identityCiphertext: string; documentIndex: string | null }[] =
      await db.kycApplication.findMany({
        where: {
          // rows still under an older key get both when the rotation re-encrypts them (writeBatch above)
          identityKeyId: ring.currentKeyId,
          OR: [{ documentIndex: null }, { nameCiphertext: null }],
          ...(after === null ? {} : { id: { gt: after } }),
        },
        orderBy: { id: "asc" },
        take: batchSize,
        select: { id: true, identityCiphertext: true, documentIndex: true },
      });
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      const identity = openIdentity(ring, row);
      await db.kycApplication.updateMany({
        where: { id: row.id, identityCiphertext: row.identityCiphertext },
        data: {
          documentIndex: row.documentIndex ?? documentIndexOf(ring, identity),
          nameCiphertext: sealApplicantName(ring, row.id, identity),
        },
      });
    }
  }
}
