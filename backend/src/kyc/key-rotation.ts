/**
 * Key rotation for the KYC tables: the database-backed sources for `rotateKeys` (src/crypto/key-rotation.ts).
 * Rows are selected by their key-id column, so a rotation that stops half-way resumes with what is left; each
 * batch is one transaction that rewrites a row only if its ciphertext is still the one that was read
 * (compare-and-swap) and records one audit entry for the batch.
 */
import { emailContactRotationSource } from "../notifications/email-address.ts";
import { displayNameRotationSource } from "../users/display-name.ts";
import { recordAudit } from "../audit/service.ts";
import type { Actor } from "../auth/actor.ts";
import { keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import {
  rotateKeys,
  type EncryptedRecord,
  type RotationChange,
  type RotationReport,
  type RotationSource,
} from "../crypto/key-rotation.ts";
import type { Db } from "../db/client.ts";
import { RuleViolationError } from "../core/errors.ts";
import { documentIndexOf } from "./document-index.ts";
import { documentContentContext, documentNameContext, identityContext, openIdentity } from "./protection.ts";

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
    async writeBatch(changes: RotationChange[]): Promise<number> {
      return db.$transaction(async (tx) => {
        let written = 0;
        for (const { record, next } of changes) {
          const identity = next["identity"] as string;
          const result = await tx.kycApplication.updateMany({
            where: { id: record.id, identityCiphertext: record.fields["identity"] as string },
            // the identity document's blind index moves to the new key with the envelope (issue 12.4)
            data: {
              identityCiphertext: identity,
              identityKeyId: keyIdOf(identity),
              documentIndex: documentIndexOf(ring, openIdentity(ring, { id: record.id, identityCiphertext: identity })),
            },
          });
          written += result.count;
        }
        await recordAudit(tx, {
          actor,
          action: "kyc.keys_rotated",
          entityType: "kyc_application",
          entityId: "*",
          after: { reencrypted: written, ids: changes.map((c) => c.record.id) },
        });
        return written;
      });
    },
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
    async writeBatch(changes: RotationChange[]): Promise<number> {
      return db.$transaction(async (tx) => {
        let written = 0;
        for (const { record, next } of changes) {
          const content = next["content"] as Buffer;
          const fileName = next["fileName"] as string;
          // documents never change after upload: the file-name envelope (fresh IV each write) identifies the version read
          const result = await tx.kycDocument.updateMany({
            where: { id: record.id, fileNameCiphertext: record.fields["fileName"] as string },
            data: { content: new Uint8Array(content), fileNameCiphertext: fileName, keyId: keyIdOf(fileName) },
          });
          written += result.count;
        }
        await recordAudit(tx, {
          actor,
          action: "kyc.keys_rotated",
          entityType: "kyc_document",
          entityId: "*",
          after: { reencrypted: written, ids: changes.map((c) => c.record.id) },
        });
        return written;
      });
    },
    context: (id, field) => (field === "content" ? documentContentContext(id) : documentNameContext(id)),
  };
}

export interface KycRotationReport {
  currentKeyId: string;
  applications: RotationReport;
  documents: RotationReport;
  emailAddresses: RotationReport;
  displayNames: RotationReport;
}

/**
 * Re-encrypts every field encrypted at rest that is still under an older key: KYC identities and documents, the
 * notifications' email addresses and users' display names (test/personal-data-at-rest.test.ts scans every table
 * for an envelope left under the old key, so a new encrypted field cannot be forgotten here).
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
  await indexUnindexedDocuments(db, ring, options.batchSize);
  return { currentKeyId: ring.currentKeyId, applications, documents, emailAddresses, displayNames };
}

/**
 * Applications written before the identity-document index existed (issue 12.4) get it here, in batches: a run of
 * the rotation (even with nothing to re-encrypt) indexes them all. Compare-and-swap on the envelope, as above.
 */
async function indexUnindexedDocuments(db: Db, ring: KeyRing, batchSize: number): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: { id: string; identityCiphertext: string }[] = await db.kycApplication.findMany({
      where: { documentIndex: null, ...(after === null ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, identityCiphertext: true },
    });
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      await db.kycApplication.updateMany({
        where: { id: row.id, identityCiphertext: row.identityCiphertext, documentIndex: null },
        data: { documentIndex: documentIndexOf(ring, openIdentity(ring, row)) },
      });
    }
  }
}
