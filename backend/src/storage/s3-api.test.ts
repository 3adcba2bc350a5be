/**
 * The API on S3 (STORAGE_BACKEND=s3, a real S3-compatible server): a property document is uploaded through the
 * API into the bucket and served back byte for byte; an object altered in the bucket is refused (503 problem with
 * the request id), never served; an object missing from the bucket is a 404.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createTestContext, type TestContext, type TestUser } from "../../test/support/harness.ts";
import { createProperty, uploadDocument } from "../../test/support/fixtures.ts";
import { startS3Server, type RunningS3 } from "./testing/s3-server.ts";

const API = "/api/v1";

describe("18 documents on S3 through the API", () => {
  let s3: RunningS3;
  let t: TestContext;
  let manager: TestUser;
  let bucket: S3Client;
  before(async () => {
    s3 = await startS3Server();
    const settings = s3.settings();
    t = await createTestContext({
      STORAGE_BACKEND: "s3",
      S3_BUCKET: settings.bucket,
      S3_ENDPOINT: settings.endpoint!,
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: settings.prefix,
      AWS_ACCESS_KEY_ID: settings.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: settings.credentials!.secretAccessKey,
    });
    bucket = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint!,
      forcePathStyle: true,
      credentials: settings.credentials!,
    });
    manager = await t.user("PROPERTY_MANAGER");
  });
  after(async () => {
    await t.close();
    await s3.stop();
  });

  async function content(propertyId: string, documentId: string): Promise<Response> {
    return fetch(`${t.baseUrl}${API}/properties/${propertyId}/documents/${documentId}/content`, {
      headers: { cookie: manager.cookie },
    });
  }

  it("18 stores an uploaded document in the bucket and serves the same bytes", async () => {
    const p = await createProperty(t, manager);
    const up = await uploadDocument(t, manager, p.id, "IMAGE", "bytes kept in S3", "front.jpg");
    assert.equal(up.status, 201, up.text);
    assert.equal(s3.created.get(`documents/${up.body.sha256}`), "ObjectCreated:Put");
    const res = await content(p.id, up.body.id);
    assert.equal(res.status, 200);
    assert.equal(Buffer.from(await res.arrayBuffer()).toString(), "bytes kept in S3");
  });

  it("18 never serves an object altered in the bucket: 503 problem naming the check, with the request id", async () => {
    const p = await createProperty(t, manager);
    const up = await uploadDocument(t, manager, p.id, "IMAGE", "original bytes", "deed.jpg");
    await bucket.send(
      new PutObjectCommand({ Bucket: "freehold-documents", Key: `documents/${up.body.sha256}`, Body: "altered bytes" }),
    );
    const res = await content(p.id, up.body.id);
    const problem = (await res.json()) as { code: string; detail: string; requestId: string };
    assert.equal(res.status, 503);
    assert.equal(problem.code, "unavailable");
    assert.match(problem.detail, /fails its SHA-256 check/);
    assert.equal(problem.requestId, res.headers.get("x-request-id"));
  });

  it("18 an object missing from the bucket is a 404 problem", async () => {
    const p = await createProperty(t, manager);
    const up = await uploadDocument(t, manager, p.id, "IMAGE", "soon gone", "gone.jpg");
    await bucket.send(new DeleteObjectCommand({ Bucket: "freehold-documents", Key: `documents/${up.body.sha256}` }));
    const res = await content(p.id, up.body.id);
    assert.equal(res.status, 404);
  });
});
