/**
 * A user's email address for notifications: personal data, encrypted at rest (src/crypto/field-cipher.ts), never
 * logged nor audited by value. Setting it queues a verification email with a signed, expiring, single-use link;
 * until the link is used, no notification email goes to it (notify.ts, and the worker checks again at send time).
 */
import { randomBytes } from "node:crypto";
import type { Actor } from "../auth/actor.ts";
import { recordAudit } from "../audit/service.ts";
import { decryptText, encryptText, keyIdOf } from "../crypto/field-cipher.ts";
import type { KeyRing } from "../crypto/key-ring.ts";
import { compareAndSwapBatch } from "../crypto/compare-and-swap-batch.ts";
import type { EncryptedRecord, RotationSource } from "../crypto/key-rotation.ts";
import type { Db, Tx } from "../db/client.ts";
import { RuleViolationError } from "../core/errors.ts";
import { signToken, verifyToken, VERIFICATION_TTL_SECONDS } from "./tokens.ts";

export const addressContext = (userId: string): string => `email-contact:${userId}:address`;

export interface EmailStatus {
  address: string | null;
  verified: boolean;
}

export async function emailStatus(db: Db, ring: KeyRing, actor: Actor): Promise<EmailStatus> {
  const contact = await db.emailContact.findUnique({ where: { userId: actor.id } });
  if (!contact) return { address: null, verified: false };
  return {
    address: decryptText(ring, contact.addressCiphertext, addressContext(actor.id)),
    verified: !!contact.verifiedAt,
  };
}

/** Sets (or replaces) the address, unverified, and queues the verification email in the same transaction. */
export async function setEmailAddress(
  tx: Tx,
  ring: KeyRing,
  actor: Actor,
  address: string,
  now = new Date(),
): Promise<EmailStatus> {
  const addressCiphertext = encryptText(ring, address, addressContext(actor.id));
  const nonce = randomBytes(18).toString("base64url");
  const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_SECONDS * 1000);
  const contact = {
    addressCiphertext,
    keyId: keyIdOf(addressCiphertext),
    verifiedAt: null,
    verificationNonce: nonce,
    verificationExpiresAt: expiresAt,
  };
  await tx.emailContact.upsert({
    where: { userId: actor.id },
    create: { userId: actor.id, ...contact },
    update: contact,
  });
  await tx.emailOutbox.create({
    data: { userId: actor.id, purpose: "ADDRESS_VERIFICATION", payload: { nonce, expiresAt: expiresAt.toISOString() } },
  });
  await recordAudit(tx, {
    actor,
    action: "notifications.email_set",
    entityType: "user",
    entityId: actor.id,
    after: { verified: false },
  });
  return { address, verified: false };
}

/** The link of a verification email: the token signs the user, the nonce and the expiry. */
export function verificationToken(ring: KeyRing, userId: string, payload: { nonce: string; expiresAt: string }) {
  return signToken(ring, {
    p: "verify-email",
    u: userId,
    n: payload.nonce,
    x: Math.floor(new Date(payload.expiresAt).getTime() / 1000),
  });
}

/** Confirms the address with the link's token: signed in as its user, its nonce still current, not expired. */
export async function verifyEmailAddress(
  tx: Tx,
  ring: KeyRing,
  actor: Actor,
  token: string,
  now = new Date(),
): Promise<EmailStatus> {
  const payload = verifyToken(ring, token, "verify-email", now);
  const refused = new RuleViolationError("link_invalid", "this link is not valid: use the latest link we sent");
  // another user's link is refused without telling whose it is
  if (payload.u !== actor.id) throw refused;
  // Single use: the nonce is cleared once used, and replaced when the address changes.
  const used = await tx.emailContact.updateMany({
    where: { userId: actor.id, verificationNonce: payload.n },
    data: { verifiedAt: now, verificationNonce: null, verificationExpiresAt: null },
  });
  if (used.count === 0) throw refused;
  await recordAudit(tx, {
    actor,
    action: "notifications.email_verified",
    entityType: "user",
    entityId: actor.id,
    after: { verified: true },
  });
  const contact = await tx.emailContact.findUniqueOrThrow({ where: { userId: actor.id } });
  return { address: decryptText(ring, contact.addressCiphertext, addressContext(actor.id)), verified: true };
}

/** Key rotation of the stored addresses, like the KYC tables (src/kyc/key-rotation.ts): by key id, compare-and-swap. */
export function emailContactRotationSource(db: Db): RotationSource {
  return {
    async fetchBatch(after, limit, currentKeyId): Promise<EncryptedRecord[]> {
      const rows = await db.emailContact.findMany({
        where: { keyId: { not: currentKeyId }, ...(after === null ? {} : { userId: { gt: after } }) },
        orderBy: { userId: "asc" },
        take: limit,
        select: { userId: true, addressCiphertext: true },
      });
      return rows.map((r) => ({ id: r.userId, fields: { address: r.addressCiphertext } }));
    },
    writeBatch: compareAndSwapBatch<Tx>({
      transaction: (work) => db.$transaction(work),
      versionField: "address",
      swap: (tx, { id, expected, next }) => {
        const address = next["address"] as string;
        return tx.emailContact.updateMany({
          where: { userId: id, addressCiphertext: expected as string },
          data: { addressCiphertext: address, keyId: keyIdOf(address) },
        });
      },
    }),
    context: (userId) => addressContext(userId),
  };
}
