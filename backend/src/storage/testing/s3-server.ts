/**
 * A real S3-compatible server for tests (s3rver, from npm: the S3 REST API over a temporary directory), on an
 * ephemeral port, with one bucket. Tests talk to it through the real AWS SDK exactly as production talks to S3.
 */
import type { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import type { S3Settings } from "../s3.ts";

export interface RunningS3 {
  settings(overrides?: Partial<S3Settings>): S3Settings;
  /** S3 event names of each object written, by key (`ObjectCreated:Put`; `ObjectCreated:Post` for a completed multipart upload). */
  created: Map<string, string>;
  stop(): Promise<void>;
}

/** s3rver accepts any signature made with its fixed key pair. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function startS3Server(bucket = "freehold-documents"): Promise<RunningS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "freehold-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const created = new Map<string, string>();
  // s3rver is a Koa application (an EventEmitter) whose typings omit `on`.
  (server as unknown as EventEmitter).on(
    "event",
    (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
      for (const record of event.Records) created.set(record.s3.object.key, record.eventName);
    },
  );
  return {
    created,
    settings: (overrides = {}) => ({
      bucket,
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      prefix: "documents/",
      partSizeBytes: 5 * 1024 * 1024,
      credentials: CREDENTIALS,
      ...overrides,
    }),
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
