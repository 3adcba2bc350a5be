/**
 * Issue 16.4: the development-only mail page is mounted only with the sink's URL, which only NODE_ENV=development
 * accepts (src/config/settings.test.ts "16.4 ..."): production never mounts it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSmtpSink, type SmtpSink } from "@freehold/dev-kit/smtp-sink";
import { createTestContext, type TestContext } from "../../test/support/harness.ts";

describe("16.4 GET /dev/mail", () => {
  let sink: SmtpSink;
  let dev: TestContext;
  let plain: TestContext;
  before(async () => {
    sink = await startSmtpSink();
    const sinkHttp = await sink.serveHttp();
    dev = await createTestContext({ NODE_ENV: "development", DEV_MAIL_SINK_URL: sinkHttp });
    plain = await createTestContext({}, { databaseUrl: dev.databaseUrl });
  });
  after(async () => {
    await plain.close();
    await dev.close();
    await sink.close();
  });

  it("lists what the sink caught, newest first, in development with the sink only", async () => {
    const { smtpTransport } = await import("./delivery/smtp-transport.ts");
    const transport = smtpTransport({ url: sink.url, from: "f@example.com", timeoutMs: 5_000 });
    for (const subject of ["first", "second"])
      await transport.send({
        to: "x@example.com",
        subject,
        text: subject,
        html: `<p>${subject}</p>`,
        messageId: `<${subject}@t>`,
        headers: {},
      });
    transport.close();
    const listed = await dev.anonymous.get("/api/v1/dev/mail");
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(
      listed.body.map((m: { subject: string }) => m.subject),
      ["second", "first"],
    );
    assert.equal((await plain.anonymous.get("/api/v1/dev/mail")).status, 404, "not mounted without the sink");
  });
});
