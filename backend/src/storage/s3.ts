/**
 * S3-compatible implementation of BlobStorage (AWS S3, MinIO, Ceph, R2...): object `<prefix><sha256>` in one
 * bucket. Small blobs are one PutObject carrying the SHA-256 as its checksum (S3 refuses bytes that do not match);
 * uploads stream from their temporary file with @aws-sdk/lib-storage (multipart above `partSizeBytes`), so memory
 * does not grow with the file. Every read is re-hashed: an object that does not hash to its key is never served.
 */
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { SHA256_PATTERN, sha256Hex, verified, type BlobStorage, type StoredBlob } from "./storage.ts";

export interface S3Settings {
  bucket: string;
  region: string;
  /** Absent: AWS's endpoint for the region. */
  endpoint: string | undefined;
  /** Path-style URLs (`endpoint/bucket/key`), as most self-hosted S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket (e.g. `documents/`). */
  prefix: string;
  /** Multipart part size; S3's minimum is 5 MiB. */
  partSizeBytes: number;
  /** Absent: the SDK's default chain (environment, web identity, instance or task role). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
}

/** A 404 of HeadObject (which has no body to say which is missing): the key or the bucket. */
function isNotFound(error: unknown): boolean {
  return error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

export class S3Storage implements BlobStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  private keyFor(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error("invalid blob key");
    return `${this.settings.prefix}${sha256}`;
  }

  /** Written unconditionally: the key is the content's hash, so writing it again stores the same bytes. */
  async put(bytes: Buffer): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.keyFor(sha256),
        Body: bytes,
        ContentLength: bytes.length,
        ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
      }),
    );
    return { sha256, size: bytes.length };
  }

  async putFile(source: string, sha256: string, size: number): Promise<StoredBlob> {
    const key = this.keyFor(sha256);
    if (!(await this.has(sha256))) {
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.settings.bucket, Key: key, Body: createReadStream(source), ContentLength: size },
        partSize: this.settings.partSizeBytes,
        queueSize: 4,
        // A failed multipart upload is aborted, so no orphan parts are billed.
        leavePartsOnError: false,
      });
      await upload.done();
    }
    await rm(source, { force: true });
    return { sha256, size };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyFor(sha256) }),
      );
      if (!object.Body) return undefined;
      return verified(sha256, Buffer.from(await object.Body.transformToByteArray()));
    } catch (error) {
      // Only a missing key; a missing bucket (NoSuchBucket) is a misconfiguration, never "no such document".
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_PATTERN.test(sha256)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyFor(sha256) }));
      return true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Throws when the bucket itself is missing or unreadable: a misconfiguration, never "no such document".
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
      return false;
    }
  }

  /** Readiness: the bucket answers and the credentials may read it (a missing key is an answer). */
  async check(): Promise<void> {
    await this.has("0".repeat(64));
  }
}
