/**
 * A user's display name: personal data, encrypted at rest (src/crypto/field-cipher.ts) and bound to the user's id,
 * so a ciphertext copied to another user does not decrypt. Never logged nor audited by value (the audit records
 * that the profile changed, not what it says). Re-encrypted by the key rotation like the other encrypted fields,
 * and moved out of the plaintext column of earlier versions by a migration step.
 */
import type pg from "pg";
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import { decryptText, encryptText, keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { compareAndSwapBatch } from "../crypto/compare-and-swap-batch.ts";
import type { EncryptedRecord, RotationSource } from "../crypto/key-rotation.ts";
import type { Db, Tx } from "../db/client.ts";
import type { MigrationSteps } from "../db/migrate.ts";

export const displayNameContext = (userId: string): string => `user:${userId}:display-name`;

/** The columns that hold `name` for user `userId` (both null when the user clears their name). */
export function sealDisplayName(
  ring: KeyRing,
  userId: string,
  name: string | null,
): { displayNameCiphertext: string | null; displayNameKeyId: string | null } {
  if (name === null) return { displayNameCiphertext: null, displayNameKeyId: null };
  const displayNameCiphertext = encryptText(ring, name, displayNameContext(userId));
  return { displayNameCiphertext, displayNameKeyId: keyIdOf(displayNameCiphertext) };
}

/** The name a user gave, from their row (or any row holding their id and ciphertext). */
export function openDisplayName(
  ring: KeyRing,
  user: { id: string; displayNameCiphertext: string | null },
): string | null {
  return user.displayNameCiphertext === null
    ? null
    : decryptText(ring, user.displayNameCiphertext, displayNameContext(user.id));
}

/** Key rotation of the stored names (src/kyc/key-rotation.ts runs it): by key id, compare-and-swap, audited. */
export function displayNameRotationSource(db: Db, actor: Actor | null): RotationSource {
  return {
    async fetchBatch(after, limit, currentKeyId): Promise<EncryptedRecord[]> {
      const rows = await db.user.findMany({
        where: {
          displayNameKeyId: { not: currentKeyId },
          displayNameCiphertext: { not: null },
          ...(after === null ? {} : { id: { gt: after } }),
        },
        orderBy: { id: "asc" },
        take: limit,
        select: { id: true, displayNameCiphertext: true },
      });
      return rows.map((r) => ({ id: r.id, fields: { displayName: r.displayNameCiphertext! } }));
    },
    writeBatch: compareAndSwapBatch<Tx>({
      transaction: (work) => db.$transaction(work),
      versionField: "displayName",
      swap: (tx, { id, expected, next }) => {
        const ciphertext = next["displayName"] as string;
        // not a business change: the version (optimistic concurrency of the profile) stays as it is
        return tx.user.updateMany({
          where: { id, displayNameCiphertext: expected as string },
          data: { displayNameCiphertext: ciphertext, displayNameKeyId: keyIdOf(ciphertext) },
        });
      },
      afterBatch: (tx, after) =>
        recordAudit(tx, { actor, action: "user.display_names_reencrypted", entityType: "user", entityId: "*", after }),
    }),
    context: (userId) => displayNameContext(userId),
  };
}

export const DISPLAY_NAME_MIGRATION = "20261203140100_users_display_name_plaintext_dropped";

/** Encrypts the plaintext names of earlier versions, before migration DISPLAY_NAME_MIGRATION drops their column. */
export async function sealLegacyDisplayNames(client: pg.Client, ring: KeyRing): Promise<number> {
  const { rows } = await client.query<{ id: string; name: string }>(
    `SELECT id, "displayName" AS name FROM users WHERE "displayName" IS NOT NULL FOR UPDATE`,
  );
  for (const { id, name } of rows) {
    const sealed = sealDisplayName(ring, id, name);
    await client.query(
      `UPDATE users SET "displayNameCiphertext" = $2, "displayNameKeyId" = $3, "displayName" = NULL WHERE id = $1`,
      [id, sealed.displayNameCiphertext, sealed.displayNameKeyId],
    );
  }
  return rows.length;
}

export const legacyDisplayNameSteps = (ring: KeyRing): MigrationSteps => ({
  [DISPLAY_NAME_MIGRATION]: async (client) => {
    await sealLegacyDisplayNames(client, ring);
  },
});
