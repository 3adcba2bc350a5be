/**
 * AES-256-GCM encryption of personal data and documents at rest.
 *
 * - A fresh random 96-bit IV for every encryption (never reused under a key).
 * - The id of the key travels with the ciphertext, so old records stay readable after the current key
 *   changes, and a rotation can find what still uses an old key.
 * - Each ciphertext is bound to a `context` (for example `kyc-application:<id>:identity`) as additional
 *   authenticated data: a ciphertext copied into another record or field fails to decrypt instead of
 *   silently showing one person's data in another's file.
 *
 * Two envelopes with the same content:
 * - text (for database text columns): `fh1.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts;
 * - binary (for documents): `FHE1` | keyId length (1 byte) | keyId | iv (12) | tag (16) | ciphertext.
 *
 * Errors never include plaintext, key material or the ciphertext itself.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KEY_ID_PATTERN, type KeyRing } from "./key-ring.ts";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const TEXT_VERSION = "fh1";
const BINARY_MAGIC = Buffer.from("FHE1", "ascii");

/** The ciphertext is malformed, was altered, belongs to another context, or the key is wrong. */
export class DecryptionError extends Error {
  override readonly name = "DecryptionError";
}

function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${TEXT_VERSION}|${keyId}|${context}`, "utf8");
}

function seal(
  ring: KeyRing,
  plaintext: Buffer,
  context: string,
): { keyId: string; iv: Buffer; tag: Buffer; body: Buffer } {
  const keyId = ring.currentKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, ring.key(keyId), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(keyId, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { keyId, iv, tag: cipher.getAuthTag(), body };
}

function open(ring: KeyRing, keyId: string, iv: Buffer, tag: Buffer, body: Buffer, context: string): Buffer {
  const key = ring.key(keyId);
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("malformed ciphertext");
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId, context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError("ciphertext failed authentication (altered, wrong context or wrong key)");
  }
}

/** Encrypts a string into the text envelope. */
export function encryptText(ring: KeyRing, plaintext: string, context: string): string {
  const { keyId, iv, tag, body } = seal(ring, Buffer.from(plaintext, "utf8"), context);
  return [TEXT_VERSION, keyId, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}

/** Decrypts a text envelope written by encryptText under the same context. */
export function decryptText(ring: KeyRing, envelope: string, context: string): string {
  const parts = envelope.split(".");
  if (parts.length !== 5 || parts[0] !== TEXT_VERSION) throw new DecryptionError("not a field-encryption envelope");
  const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
  if (!KEY_ID_PATTERN.test(keyId)) throw new DecryptionError("malformed key id");
  const plain = open(ring, keyId, fromBase64Url(iv), fromBase64Url(tag), fromBase64Url(body), context);
  return plain.toString("utf8");
}

/** Decodes canonical base64url only: one ciphertext has exactly one spelling (no ignored trailing bits). */
function fromBase64Url(text: string): Buffer {
  const bytes = Buffer.from(text, "base64url");
  if (!/^[A-Za-z0-9_-]*$/.test(text) || bytes.toString("base64url") !== text)
    throw new DecryptionError("malformed ciphertext");
  return bytes;
}

/** Encrypts JSON-serialisable data (e.g. a block of identity fields) into the text envelope. */
export function encryptJson(ring: KeyRing, value: unknown, context: string): string {
  return encryptText(ring, JSON.stringify(value), context);
}

export function decryptJson<T>(ring: KeyRing, envelope: string, context: string): T {
  return JSON.parse(decryptText(ring, envelope, context)) as T;
}

/** Encrypts bytes (a document) into the binary envelope. */
export function encryptBytes(ring: KeyRing, plaintext: Buffer, context: string): Buffer {
  const { keyId, iv, tag, body } = seal(ring, plaintext, context);
  const id = Buffer.from(keyId, "ascii");
  return Buffer.concat([BINARY_MAGIC, Buffer.from([id.length]), id, iv, tag, body]);
}

/** Decrypts a binary envelope written by encryptBytes under the same context. */
export function decryptBytes(ring: KeyRing, envelope: Buffer, context: string): Buffer {
  const { keyId, offset } = readBinaryHeader(envelope);
  const iv = envelope.subarray(offset, offset + IV_BYTES);
  const tag = envelope.subarray(offset + IV_BYTES, offset + IV_BYTES + TAG_BYTES);
  return open(ring, keyId, iv, tag, envelope.subarray(offset + IV_BYTES + TAG_BYTES), context);
}

function readBinaryHeader(envelope: Buffer): { keyId: string; offset: number } {
  if (envelope.length < BINARY_MAGIC.length + 1 || !envelope.subarray(0, BINARY_MAGIC.length).equals(BINARY_MAGIC)) {
    throw new DecryptionError("not a field-encryption envelope");
  }
  const idLength = envelope[BINARY_MAGIC.length]!;
  const offset = BINARY_MAGIC.length + 1 + idLength;
  if (envelope.length < offset + IV_BYTES + TAG_BYTES) throw new DecryptionError("malformed ciphertext");
  const keyId = envelope.subarray(BINARY_MAGIC.length + 1, offset).toString("ascii");
  if (!KEY_ID_PATTERN.test(keyId)) throw new DecryptionError("malformed key id");
  return { keyId, offset };
}

/** The key id an envelope (text or binary) was encrypted under, without decrypting it. */
export function keyIdOf(envelope: string | Buffer): string {
  if (typeof envelope === "string") {
    const parts = envelope.split(".");
    if (parts.length !== 5 || parts[0] !== TEXT_VERSION || !KEY_ID_PATTERN.test(parts[1]!)) {
      throw new DecryptionError("not a field-encryption envelope");
    }
    return parts[1]!;
  }
  return readBinaryHeader(envelope).keyId;
}

/** Re-encrypts an envelope under the ring's current key (same context); returns it unchanged if already current. */
export function reencrypt<E extends string | Buffer>(ring: KeyRing, envelope: E, context: string): E {
  if (keyIdOf(envelope) === ring.currentKeyId) return envelope;
  if (typeof envelope === "string") return encryptText(ring, decryptText(ring, envelope, context), context) as E;
  return encryptBytes(ring, decryptBytes(ring, envelope as Buffer, context), context) as E;
}
