/**
 * A lease's tenant name and email: personal data of someone who never signed up to the platform, encrypted at rest
 * (src/crypto/field-cipher.ts) like every other personal field. Each envelope is bound to its lease and field, so a
 * ciphertext copied to another lease or field does not decrypt; `tenantKeyId` is the key of both (they are always
 * written together). Whoever may read the lease reads them decrypted (service.ts); they are never logged nor
 * audited by value. Re-encrypted by the key rotation (src/kyc/key-rotation.ts runs the source below), and moved
 * out of the plaintext columns of earlier versions by a migration step (TENANT_CONTACT_MIGRATION).
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import { decryptText, encryptText, keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { compareAndSwapBatch } from "../crypto/compare-and-swap-batch.ts";
import type { EncryptedRecord, RotationSource } from "../crypto/key-rotation.ts";
import type { Db, Tx } from "../db/client.ts";
import type { MigrationSteps } from "../db/migrate.ts";

export const tenantNameContext = (leaseId: string): string => `lease:${leaseId}:tenant-name`;
export const tenantEmailContext = (leaseId: string): string => `lease:${leaseId}:tenant-email`;

export interface TenantContact {
  tenantName: string;
  tenantEmail: string | null;
}

export interface SealedTenantContact {
  tenantNameCiphertext: string;
  tenantEmailCiphertext: string | null;
  tenantKeyId: string;
}

/** The columns that hold the tenant's contact details on lease `leaseId`, under the ring's current key. */
export function sealTenantContact(ring: KeyRing, leaseId: string, contact: TenantContact): SealedTenantContact {
  const tenantNameCiphertext = encryptText(ring, contact.tenantName, tenantNameContext(leaseId));
  return {
    tenantNameCiphertext,
    tenantEmailCiphertext:
      contact.tenantEmail === null ? null : encryptText(ring, contact.tenantEmail, tenantEmailContext(leaseId)),
    tenantKeyId: keyIdOf(tenantNameCiphertext),
  };
}

/** The id of a new lease and its tenant's sealed contact details: the envelopes are bound to the id, chosen here. */
export function newLeaseWithContact(ring: KeyRing, contact: TenantContact): { id: string } & SealedTenantContact {
  const id = randomUUID();
  return { id, ...sealTenantContact(ring, id, contact) };
}

/** The tenant's contact details, from the lease's row. */
export function openTenantContact(
  ring: KeyRing,
  lease: { id: string; tenantNameCiphertext: string; tenantEmailCiphertext: string | null },
): TenantContact {
  return {
    tenantName: decryptText(ring, lease.tenantNameCiphertext, tenantNameContext(lease.id)),
    tenantEmail:
      lease.tenantEmailCiphertext === null
        ? null
        : decryptText(ring, lease.tenantEmailCiphertext, tenantEmailContext(lease.id)),
  };
}

/** Key rotation of the tenants' contact details: by key id, compare-and-swap on the name's envelope, audited. */
export function tenantContactRotationSource(db: Db, actor: Actor | null): RotationSource {
  return {
    async fetchBatch(after, limit, currentKeyId): Promise<EncryptedRecord[]> {
      const rows = await db.lease.findMany({
        where: { tenantKeyId: { not: currentKeyId }, ...(after === null ? {} : { id: { gt: after } }) },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true, tenantNameCiphertext: true, tenantEmailCiphertext: true },
      });
      return rows.map((r) => ({
        id: r.id,
        fields: { tenantName: r.tenantNameCiphertext, tenantEmail: r.tenantEmailCiphertext },
      }));
    },
    writeBatch: compareAndSwapBatch<Tx>({
      transaction: (work) => db.$transaction(work),
      // the contact never changes after drafting: the name's envelope identifies the version read
      versionField: "tenantName",
      swap: (tx, { id, expected, next }) => {
        const name = next["tenantName"] as string;
        // not a business change: the lease's version stays as it is
        return tx.lease.updateMany({
          where: { id, tenantNameCiphertext: expected as string },
          data: {
            tenantNameCiphertext: name,
            ...(next["tenantEmail"] === undefined ? {} : { tenantEmailCiphertext: next["tenantEmail"] as string }),
            tenantKeyId: keyIdOf(name),
          },
        });
      },
      afterBatch: (tx, after) =>
        recordAudit(tx, {
          actor,
          action: "lease.tenant_contacts_reencrypted",
          entityType: "lease",
          entityId: "*",
          after,
        }),
    }),
    context: (leaseId, field) => (field === "tenantEmail" ? tenantEmailContext(leaseId) : tenantNameContext(leaseId)),
  };
}

/** The migration that drops the plaintext columns (the one before it, `..._tenant_contact_sealed`, adds the sealed ones). */
export const TENANT_CONTACT_MIGRATION = "20261206150100_tenant_contact_plaintext_dropped";

/** Encrypts the plaintext contact details of earlier versions, before migration TENANT_CONTACT_MIGRATION drops them. */
export async function sealLegacyTenantContacts(client: pg.Client, ring: KeyRing): Promise<number> {
  const { rows } = await client.query<{ id: string; name: string; email: string | null }>(
    `SELECT id, "tenantName" AS name, "tenantEmail" AS email FROM leases WHERE "tenantName" IS NOT NULL FOR UPDATE`,
  );
  for (const { id, name, email } of rows) {
    const sealed = sealTenantContact(ring, id, { tenantName: name, tenantEmail: email });
    await client.query(
      `UPDATE leases SET "tenantNameCiphertext" = $2, "tenantEmailCiphertext" = $3, "tenantKeyId" = $4,
         "tenantName" = NULL, "tenantEmail" = NULL WHERE id = $1`,
      [id, sealed.tenantNameCiphertext, sealed.tenantEmailCiphertext, sealed.tenantKeyId],
    );
  }
  return rows.length;
}

export const legacyTenantContactSteps = (ring: KeyRing): MigrationSteps => ({
  [TENANT_CONTACT_MIGRATION]: async (client) => {
    await sealLegacyTenantContacts(client, ring);
  },
});
