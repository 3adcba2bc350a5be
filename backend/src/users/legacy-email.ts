/**
 * Moves the plaintext `users.email` of earlier versions into the encrypted contact the notifications use
 * (`email_contacts`, src/notifications/email-address.ts), once, before migration `users_email_encrypted` drops the
 * column. A moved address is unverified: no notification email goes to it until its user confirms it
 * (`POST /me/email`). A user who already set an encrypted address keeps that one.
 */
import type pg from "pg";
import { encryptText, keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import type { MigrationSteps } from "../db/migrate.ts";
import { addressContext } from "../notifications/email-address.ts";

export const LEGACY_EMAIL_MIGRATION = "20261203065000_users_email_encrypted";

export async function moveLegacyEmails(client: pg.Client, ring: KeyRing): Promise<number> {
  const { rows } = await client.query<{ id: string; email: string }>(
    `SELECT u.id, u.email FROM users u WHERE u.email IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM email_contacts c WHERE c."userId" = u.id) FOR UPDATE`,
  );
  for (const { id, email } of rows) {
    const ciphertext = encryptText(ring, email, addressContext(id));
    await client.query(
      `INSERT INTO email_contacts ("userId", "addressCiphertext", "keyId", "updatedAt") VALUES ($1, $2, $3, now())`,
      [id, ciphertext, keyIdOf(ciphertext)],
    );
  }
  await client.query(`UPDATE users SET email = NULL WHERE email IS NOT NULL`);
  return rows.length;
}

export const legacyEmailSteps = (ring: KeyRing): MigrationSteps => ({
  [LEGACY_EMAIL_MIGRATION]: async (client) => {
    await moveLegacyEmails(client, ring);
  },
});
