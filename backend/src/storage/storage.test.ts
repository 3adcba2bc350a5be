/**
 * The storage contract (storage.behaviour.ts) against each implementation: the disk store, and S3 through the AWS
 * SDK against a real S3-compatible server (s3rver) started here. S3 specifics follow: multipart for large uploads,
 * what a missing bucket looks like.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DiskStorage } from "./disk.ts";
import { S3Storage, type S3Settings } from "./s3.ts";
import { shouldBehaveLikeBlobStorage } from "./storage.behaviour.ts";
import { sha256Hex } from "./storage.ts";
import { startS3Server, type RunningS3 } from "./testing/s3-server.ts";

function rawClient(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint!,
    forcePathStyle: true,
    credentials: settings.credentials!,
  });
}

describe("DiskStorage", () => {
  let root: string;
  after(() => rm(root, { recursive: true, force: true }));
  shouldBehaveLikeBlobStorage(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "freehold-disk-store-"));
    return {
      storage: new DiskStorage(root),
      corrupt: (sha256, bytes) => writeFile(path.join(root, sha256.slice(0, 2), sha256), bytes),
    };
  });
});

describe("S3Storage (real S3-compatible server)", () => {
  let s3: RunningS3;
  before(async () => {
    s3 = await startS3Server();
  });
  after(() => s3.stop());

  describe("the storage contract", () => {
    shouldBehaveLikeBlobStorage(async () => {
      const settings = s3.settings();
      return {
        storage: new S3Storage(settings),
        corrupt: async (sha256, bytes) => {
          await rawClient(settings).send(
            new PutObjectCommand({ Bucket: settings.bucket, Key: `${settings.prefix}${sha256}`, Body: bytes }),
          );
        },
      };
    });
  });

  it("uploads a file larger than the part size in parts (multipart), under the prefix", async () => {
    const settings = s3.settings({ prefix: "multipart/" });
    const storage = new S3Storage(settings);
    const bytes = randomBytes(11 * 1024 * 1024);
    const dir = await mkdtemp(path.join(os.tmpdir(), "freehold-mp-"));
    const source = path.join(dir, "upload");
    await writeFile(source, bytes);
    const { sha256 } = await storage.putFile(source, sha256Hex(bytes), bytes.length);
    const head = await rawClient(settings).send(
      new HeadObjectCommand({ Bucket: settings.bucket, Key: `multipart/${sha256}` }),
    );
    // s3rver names the completion of a multipart upload `ObjectCreated:Post` (the SDK never uses form POSTs).
    assert.equal(s3.created.get(`multipart/${sha256}`), "ObjectCreated:Post");
    assert.equal(head.ContentLength, bytes.length);
    // A small upload is one PutObject.
    const small = randomBytes(1_000);
    await writeFile(source, small);
    await storage.putFile(source, sha256Hex(small), small.length);
    assert.equal(s3.created.get(`multipart/${sha256Hex(small)}`), "ObjectCreated:Put");
    await rm(dir, { recursive: true, force: true });
  });

  it("a missing bucket is an error (never taken for a missing document)", async () => {
    const storage = new S3Storage(s3.settings({ bucket: "no-such-bucket" }));
    await assert.rejects(storage.get(sha256Hex(Buffer.from("x"))), { name: "NoSuchBucket" });
    await assert.rejects(storage.has(sha256Hex(Buffer.from("x"))));
    await assert.rejects(storage.check());
  });

  it("a server that does not answer is an error, not a missing document", async () => {
    const storage = new S3Storage(s3.settings({ endpoint: "http://127.0.0.1:1" }));
    await assert.rejects(storage.has(sha256Hex(Buffer.from("x"))));
  });
});
