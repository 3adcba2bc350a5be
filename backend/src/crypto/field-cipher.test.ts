import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  DecryptionError,
  decryptBytes,
  decryptJson,
  decryptText,
  encryptBytes,
  encryptJson,
  encryptText,
  keyIdOf,
  reencrypt,
} from "./field-cipher.ts";
import { KeyRing, KeyRingError, UnknownKeyError, parseKeyRing } from "./key-ring.ts";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ringV1 = new KeyRing("v1", new Map([["v1", k1]]));
const ringV2 = new KeyRing(
  "v2",
  new Map([
    ["v1", k1],
    ["v2", k2],
  ]),
);
const CTX = "kyc-application:app-1:identity";

describe("KeyRing", () => {
  it("parses id:base64 pairs and checks the current key is present", () => {
    const ring = parseKeyRing(`v2:${k2.toString("base64")}, v1:${k1.toString("base64")}`, "v2");
    assert.equal(ring.currentKeyId, "v2");
    assert.deepEqual(ring.keyIds.sort(), ["v1", "v2"]);
    assert.ok(ring.key("v1").equals(k1));
  });

  it("refuses short keys, bad ids, duplicates, non-base64 and a missing current key", () => {
    assert.throws(() => parseKeyRing(`v1:${randomBytes(16).toString("base64")}`, "v1"), KeyRingError);
    assert.throws(() => parseKeyRing(`v.1:${k1.toString("base64")}`, "v.1"), KeyRingError);
    assert.throws(() => parseKeyRing(`v1:${k1.toString("base64")},v1:${k2.toString("base64")}`, "v1"), KeyRingError);
    assert.throws(() => parseKeyRing("v1:not base64!", "v1"), KeyRingError);
    assert.throws(() => parseKeyRing(`v1:${k1.toString("base64")}`, "v9"), KeyRingError);
    assert.throws(() => parseKeyRing("", "v1"), KeyRingError);
  });

  it("never shows key material when printed or serialised", () => {
    const printed = `${inspect(ringV2)} ${JSON.stringify(ringV2)}`;
    for (const key of [k1, k2]) {
      assert.ok(!printed.includes(key.toString("base64")));
      assert.ok(!printed.includes(key.toString("hex")));
    }
    assert.match(printed, /v2/);
  });
});

describe("text envelope", () => {
  it("round-trips any string and carries the key id", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string(), (plain, context) => {
        const envelope = encryptText(ringV1, plain, context);
        assert.equal(keyIdOf(envelope), "v1");
        assert.equal(decryptText(ringV1, envelope, context), plain);
      }),
      { numRuns: 200 },
    );
  });

  it("uses a fresh IV each time, so equal plaintexts give different ciphertexts", () => {
    const a = encryptText(ringV1, "Jane Doe", CTX);
    const b = encryptText(ringV1, "Jane Doe", CTX);
    assert.notEqual(a, b);
    assert.notEqual(a.split(".")[2], b.split(".")[2]);
  });

  it("does not contain the plaintext in any encoding", () => {
    const plain = "Passport X1234567 Jane Doe";
    const envelope = encryptText(ringV1, plain, CTX);
    for (const enc of ["utf8", "base64", "base64url", "hex"] as const) {
      assert.ok(!envelope.includes(Buffer.from(plain).toString(enc)));
    }
  });

  it("refuses a ciphertext moved to another record or field (context is authenticated)", () => {
    const envelope = encryptText(ringV1, "secret", CTX);
    assert.throws(() => decryptText(ringV1, envelope, "kyc-application:app-2:identity"), DecryptionError);
  });

  it("detects any single-character alteration", () => {
    const envelope = encryptText(ringV1, "the quick brown fox", CTX);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: envelope.length - 1 }), fc.constantFrom(..."ABCxyz019-_."), (at, ch) => {
        fc.pre(envelope[at] !== ch);
        const altered = envelope.slice(0, at) + ch + envelope.slice(at + 1);
        assert.throws(
          () => decryptText(ringV1, altered, CTX),
          (e: unknown) => e instanceof DecryptionError || e instanceof UnknownKeyError,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("reports an unknown key id distinctly from tampering", () => {
    const envelope = encryptText(ringV2, "x", CTX);
    assert.throws(() => decryptText(ringV1, envelope, CTX), UnknownKeyError);
  });

  it("errors never echo plaintext or ciphertext", () => {
    const envelope = encryptText(ringV1, "SSN 078-05-1120", CTX);
    try {
      decryptText(ringV1, envelope, "other");
      assert.fail("should throw");
    } catch (e) {
      const message = (e as Error).message;
      assert.ok(!message.includes("078-05-1120"));
      assert.ok(!message.includes(envelope.split(".")[4]!));
    }
  });

  it("encrypts JSON values", () => {
    const identity = { givenName: "Zoë", familyName: "Ødegård", dob: "1990-02-03" };
    assert.deepEqual(decryptJson(ringV1, encryptJson(ringV1, identity, CTX), CTX), identity);
  });

  it("rejects things that are not envelopes", () => {
    for (const bad of ["", "hello", "fh1.v1.a.b", "fh2.v1.a.b.c", "fh1.v!1.a.b.c", "fh1.v1.***.b.c"]) {
      assert.throws(() => decryptText(ringV1, bad, CTX), DecryptionError);
    }
  });
});

describe("binary envelope", () => {
  it("round-trips documents of any size, including empty", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const doc = Buffer.from(bytes);
        const envelope = encryptBytes(ringV2, doc, "kyc-document:d1");
        assert.equal(keyIdOf(envelope), "v2");
        assert.ok(decryptBytes(ringV2, envelope, "kyc-document:d1").equals(doc));
      }),
      { numRuns: 100 },
    );
  });

  it("detects a flipped bit anywhere in the envelope", () => {
    const envelope = encryptBytes(ringV1, Buffer.from("%PDF-1.7 passport scan"), "doc");
    for (let i = 0; i < envelope.length; i++) {
      const altered = Buffer.from(envelope);
      altered[i]! ^= 0x01;
      assert.throws(
        () => decryptBytes(ringV1, altered, "doc"),
        (e: unknown) => e instanceof DecryptionError || e instanceof UnknownKeyError,
      );
    }
  });

  it("rejects truncated input", () => {
    const envelope = encryptBytes(ringV1, Buffer.from("abc"), "doc");
    assert.throws(() => decryptBytes(ringV1, envelope.subarray(0, 20), "doc"), DecryptionError);
    assert.throws(() => decryptBytes(ringV1, Buffer.alloc(0), "doc"), DecryptionError);
  });
});

describe("reencrypt", () => {
  it("moves an old-key envelope to the current key and keeps the content", () => {
    const old = encryptText(ringV1, "Jane", CTX);
    const moved = reencrypt(ringV2, old, CTX);
    assert.equal(keyIdOf(moved), "v2");
    assert.equal(decryptText(ringV2, moved, CTX), "Jane");
    const oldDoc = encryptBytes(ringV1, Buffer.from("scan"), "doc");
    const movedDoc = reencrypt(ringV2, oldDoc, "doc");
    assert.equal(keyIdOf(movedDoc), "v2");
    assert.equal(decryptBytes(ringV2, movedDoc, "doc").toString(), "scan");
  });

  it("leaves a current-key envelope untouched", () => {
    const current = encryptText(ringV2, "Jane", CTX);
    assert.equal(reencrypt(ringV2, current, CTX), current);
  });
});
