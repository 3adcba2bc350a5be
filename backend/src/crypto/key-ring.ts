/**
 * The key ring for field encryption: one current key that encrypts, older keys kept only to decrypt
 * what they encrypted until a rotation has re-encrypted it.
 *
 * Keys come from configuration as `id:base64key` pairs (32 random bytes each, e.g.
 * `openssl rand -base64 32`). The key bytes never leave this module except to node:crypto.
 */

/** A key id: short, printable, and free of the separators used by the envelope format. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const KEY_BYTES = 32;

export class KeyRingError extends Error {
  override readonly name = "KeyRingError";
}

/** Raised when a ciphertext names a key the ring does not hold (retired too early, or wrong ring). */
export class UnknownKeyError extends Error {
  override readonly name = "UnknownKeyError";
  constructor(readonly keyId: string) {
    super(`encryption key "${keyId}" is not in the key ring`);
  }
}

export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(currentKeyId: string, keys: ReadonlyMap<string, Buffer>) {
    if (keys.size === 0) throw new KeyRingError("the key ring holds no key");
    for (const [id, key] of keys) {
      if (!KEY_ID_PATTERN.test(id)) throw new KeyRingError(`invalid key id "${id}" (1-32 of A-Z a-z 0-9 _ -)`);
      if (key.length !== KEY_BYTES) throw new KeyRingError(`key "${id}" must be ${KEY_BYTES} bytes, got ${key.length}`);
    }
    if (!keys.has(currentKeyId)) throw new KeyRingError(`current key "${currentKeyId}" is not in the key ring`);
    this.currentKeyId = currentKeyId;
    this.#keys = new Map([...keys].map(([id, key]) => [id, Buffer.from(key)]));
  }

  /** The key with that id; throws UnknownKeyError when the ring does not hold it. */
  key(id: string): Buffer {
    const key = this.#keys.get(id);
    if (!key) throw new UnknownKeyError(id);
    return key;
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Never print key material, even by accident (console.log, JSON.stringify, util.inspect). */
  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `KeyRing(current=${this.currentKeyId}, keys=[${this.keyIds.join(", ")}])`;
  }
}

/**
 * Parses the configuration form: `keys` is a comma-separated list of `id:base64` pairs and `currentKeyId`
 * names the one that encrypts. Example: `parseKeyRing("2025b:q83v...=,2024a:Zm9v...=", "2025b")`.
 */
export function parseKeyRing(keys: string, currentKeyId: string): KeyRing {
  const map = new Map<string, Buffer>();
  for (const raw of keys.split(",")) {
    const pair = raw.trim();
    if (pair === "") continue;
    const colon = pair.indexOf(":");
    if (colon <= 0) throw new KeyRingError("each key must be written id:base64");
    const id = pair.slice(0, colon);
    const encoded = pair.slice(colon + 1);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new KeyRingError(`key "${id}" is not base64`);
    if (map.has(id)) throw new KeyRingError(`key id "${id}" appears twice`);
    map.set(id, Buffer.from(encoded, "base64"));
  }
  return new KeyRing(currentKeyId, map);
}

const ringsByConfig = new WeakMap<readonly { id: string; key: Buffer }[], KeyRing>();

/**
 * The ring described by the application configuration (`KYC_ENCRYPTION_KEYS`: the first key encrypts, every key
 * decrypts). Built once per configuration object.
 */
export function keyRingFromConfig(keys: readonly { id: string; key: Buffer }[]): KeyRing {
  let ring = ringsByConfig.get(keys);
  if (!ring) {
    const first = keys[0];
    if (!first) throw new KeyRingError("KYC_ENCRYPTION_KEYS holds no key");
    const map = new Map(keys.map((k) => [k.id, k.key]));
    if (map.size !== keys.length) throw new KeyRingError("KYC_ENCRYPTION_KEYS names a key id twice");
    ring = new KeyRing(first.id, map);
    ringsByConfig.set(keys, ring);
  }
  return ring;
}
